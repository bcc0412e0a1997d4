package io.github.natsjcache;

import static javax.cache.event.EventType.CREATED;
import static javax.cache.event.EventType.REMOVED;
import static javax.cache.event.EventType.UPDATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.EventRecorder.Seen;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryUpdatedListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Entry listeners: which operations tell them what, synchronously or not, filtered, registered and deregistered. */
@Tag("server")
class EventsTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  private Cache<String, String> cache;
  private EventRecorder recorder;

  @BeforeEach
  void createCache(TestInfo test) {
    cache = nats.node().createCache(test.getTestMethod().orElseThrow().getName(),
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    recorder = new EventRecorder();
  }

  // what each operation tells a synchronous listener

  @Test
  void put_newKey_created() {
    listen(recorder, /* oldValueRequired= */ true);
    cache.put("k", "v");
    assertEquals(List.of(new Seen(CREATED, "k", "v", null)), recorder.seen());
  }

  @Test
  void put_overwrite_updatedWithOldValue() {
    cache.put("k", "old");
    listen(recorder, /* oldValueRequired= */ true);
    cache.put("k", "new");
    assertEquals(List.of(new Seen(UPDATED, "k", "new", "old")), recorder.seen());
  }

  @Test
  void put_overwrite_oldValueNotRequired_updatedWithoutOldValue() {
    cache.put("k", "old");
    listen(recorder, /* oldValueRequired= */ false);
    cache.put("k", "new");
    assertEquals(List.of(new Seen(UPDATED, "k", "new", null)), recorder.seen());
  }

  @Test
  void getAndPutAndReplaceFamily_updated() {
    cache.put("k", "v1");
    listen(recorder, /* oldValueRequired= */ true);
    assertEquals("v1", cache.getAndPut("k", "v2"));
    assertTrue(cache.replace("k", "v3"));
    assertTrue(cache.replace("k", "v3", "v4"));
    assertEquals("v4", cache.getAndReplace("k", "v5"));
    assertEquals(List.of(
        new Seen(UPDATED, "k", "v2", "v1"),
        new Seen(UPDATED, "k", "v3", "v2"),
        new Seen(UPDATED, "k", "v4", "v3"),
        new Seen(UPDATED, "k", "v5", "v4")), recorder.seen());
  }

  @Test
  void putIfAbsent_absent_created() {
    listen(recorder, /* oldValueRequired= */ true);
    assertTrue(cache.putIfAbsent("k", "v"));
    assertEquals(List.of(new Seen(CREATED, "k", "v", null)), recorder.seen());
  }

  @Test
  void putAll_createdAndUpdated() {
    cache.put("old", "1");
    listen(recorder, /* oldValueRequired= */ true);
    cache.putAll(Map.of("old", "2", "new", "3"));
    assertEquals(Set.of(new Seen(UPDATED, "old", "2", "1"), new Seen(CREATED, "new", "3", null)),
        new HashSet<>(recorder.seen()));
    assertEquals(2, recorder.seen().size());
  }

  @Test
  void remove_removedWithOldValue() {
    cache.put("k", "v");
    listen(recorder, /* oldValueRequired= */ true);
    assertTrue(cache.remove("k"));
    assertEquals(List.of(new Seen(REMOVED, "k", "v", "v")), recorder.seen());
  }

  @Test
  void removeKeyValue_removed() {
    cache.put("k", "v");
    listen(recorder, /* oldValueRequired= */ true);
    assertTrue(cache.remove("k", "v"));
    assertEquals(List.of(REMOVED), recorder.types());
  }

  @Test
  void getAndRemove_removed() {
    cache.put("k", "v");
    listen(recorder, /* oldValueRequired= */ true);
    assertEquals("v", cache.getAndRemove("k"));
    assertEquals(List.of(new Seen(REMOVED, "k", "v", "v")), recorder.seen());
  }

  @Test
  void invoke_createUpdateRemove_createdUpdatedRemoved() {
    listen(recorder, /* oldValueRequired= */ true);
    cache.invoke("k", (entry, args) -> {
      entry.setValue("v1");
      return null;
    });
    cache.invoke("k", (entry, args) -> {
      entry.setValue("v2");
      return null;
    });
    cache.invoke("k", (entry, args) -> {
      entry.remove();
      return null;
    });
    assertEquals(List.of(
        new Seen(CREATED, "k", "v1", null),
        new Seen(UPDATED, "k", "v2", "v1"),
        new Seen(REMOVED, "k", "v2", "v2")), recorder.seen());
  }

  @Test
  void iteratorRemove_removed() {
    cache.put("k", "v");
    listen(recorder, /* oldValueRequired= */ true);
    var iterator = cache.iterator();
    iterator.next();
    iterator.remove();
    assertEquals(List.of(new Seen(REMOVED, "k", "v", "v")), recorder.seen());
  }

  // operations that change nothing tell nothing

  @Test
  void unchangingOperations_noEvents() {
    cache.put("k", "v");
    listen(recorder, /* oldValueRequired= */ true);
    assertFalse(cache.putIfAbsent("k", "other"));
    assertFalse(cache.replace("absent", "v"));
    assertFalse(cache.replace("k", "wrong", "other"));
    assertNull(cache.getAndReplace("absent", "v"));
    assertFalse(cache.remove("absent"));
    assertFalse(cache.remove("k", "wrong"));
    assertNull(cache.getAndRemove("absent"));
    assertEquals("v", cache.get("k"));
    assertEquals("v", cache.invoke("k", (entry, args) -> entry.getValue()));
    cache.invoke("absent", (entry, args) -> {
      entry.remove();
      return null;
    });
    cache.removeAll(Set.of("absent"));
    assertEquals(List.of(), recorder.seen());
  }

  @Test
  void clear_noEvents() {
    cache.putAll(Map.of("a", "1", "b", "2"));
    listen(recorder, /* oldValueRequired= */ true);
    cache.clear();
    assertEquals(List.of(), recorder.seen());
    assertNull(cache.get("a"));
  }

  @Test
  void removeAll_removedForEveryEntry() {
    cache.putAll(Map.of("a", "1", "b", "2"));
    listen(recorder, /* oldValueRequired= */ true);
    cache.removeAll();
    assertEquals(Set.of(new Seen(REMOVED, "a", "1", "1"), new Seen(REMOVED, "b", "2", "2")),
        new HashSet<>(recorder.seen()));
    assertEquals(2, recorder.seen().size());
  }

  @Test
  void removeAllKeys_removedForPresentKeysOnly() {
    cache.putAll(Map.of("a", "1", "b", "2", "c", "3"));
    listen(recorder, /* oldValueRequired= */ true);
    cache.removeAll(Set.of("a", "b", "absent"));
    assertEquals(Set.of(new Seen(REMOVED, "a", "1", "1"), new Seen(REMOVED, "b", "2", "2")),
        new HashSet<>(recorder.seen()));
    assertEquals(2, recorder.seen().size());
  }

  // registration

  @Test
  void filter_excludesEvents() {
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(recorder), FactoryBuilder.factoryOf(new KeyPrefixFilter("yes")),
        /* isOldValueRequired= */ true, /* isSynchronous= */ true));
    cache.put("yes-1", "v");
    cache.put("no-1", "v");
    cache.put("yes-1", "w");
    cache.remove("no-1");
    cache.remove("yes-1");
    assertEquals(List.of(
        new Seen(CREATED, "yes-1", "v", null),
        new Seen(UPDATED, "yes-1", "w", "v"),
        new Seen(REMOVED, "yes-1", "w", "w")), recorder.seen());
  }

  @Test
  void deregister_stopsEvents() {
    MutableCacheEntryListenerConfiguration<String, String> configuration =
        listen(recorder, /* oldValueRequired= */ true);
    cache.put("k", "v1");
    cache.deregisterCacheEntryListener(configuration);
    cache.put("k", "v2");
    cache.remove("k");
    assertEquals(List.of(new Seen(CREATED, "k", "v1", null)), recorder.seen());
  }

  @Test
  void register_sameConfigurationTwice_throwsIllegalArgument() {
    MutableCacheEntryListenerConfiguration<String, String> configuration =
        listen(recorder, /* oldValueRequired= */ true);
    assertThrows(IllegalArgumentException.class, () -> cache.registerCacheEntryListener(configuration));
    cache.put("k", "v");
    assertEquals(1, recorder.seen().size(), "a second registration must not deliver twice");
  }

  @Test
  void listenerInConfiguration_registeredAtCreation(TestInfo test) {
    Cache<String, String> configured = nats.node().createCache(test.getTestMethod().orElseThrow().getName() + "-2",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class)
            .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                FactoryBuilder.factoryOf(recorder), null, true, true)));
    configured.put("k", "v");
    assertEquals(List.of(new Seen(CREATED, "k", "v", null)), recorder.seen());
  }

  @Test
  void twoListeners_bothReceive() {
    EventRecorder other = new EventRecorder();
    listen(recorder, /* oldValueRequired= */ true);
    listen(other, /* oldValueRequired= */ false);
    cache.put("k", "v");
    assertEquals(recorder.seen(), other.seen());
    assertEquals(1, other.seen().size());
  }

  // failures and asynchronous delivery

  @Test
  void synchronousListenerThrows_callerGetsCacheEntryListenerException() {
    IllegalStateException failure = new IllegalStateException("listener failed");
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new ThrowingListener(failure)), null, false, true));
    CacheEntryListenerException thrown = assertThrows(CacheEntryListenerException.class,
        () -> cache.put("k", "v"));
    assertSame(failure, thrown.getCause());
  }

  @Test
  void asynchronousListener_eventuallyReceivesEventsInOrder() throws InterruptedException {
    CountDownLatch latch = new CountDownLatch(3);
    recorder.countDownOnEvent(latch);
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(recorder), null, true, /* isSynchronous= */ false));
    cache.put("k", "v1");
    cache.put("k", "v2");
    cache.remove("k");
    assertTrue(latch.await(10, TimeUnit.SECONDS), () -> "events so far: " + recorder.seen());
    assertEquals(List.of(
        new Seen(CREATED, "k", "v1", null),
        new Seen(UPDATED, "k", "v2", "v1"),
        new Seen(REMOVED, "k", "v2", "v2")), recorder.seen());
  }

  @Test
  void asynchronousListenerThrows_operationSucceeds() throws InterruptedException {
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new ThrowingListener(new IllegalStateException("ignored"))), null, false, false));
    CountDownLatch latch = new CountDownLatch(2);
    recorder.countDownOnEvent(latch);
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(recorder), null, false, false));
    cache.put("k", "v1");
    cache.put("k", "v2");
    assertTrue(latch.await(10, TimeUnit.SECONDS), () -> "events so far: " + recorder.seen());
    assertEquals("v2", cache.get("k"));
  }

  private MutableCacheEntryListenerConfiguration<String, String> listen(EventRecorder listener,
      boolean oldValueRequired) {
    MutableCacheEntryListenerConfiguration<String, String> configuration =
        new MutableCacheEntryListenerConfiguration<>(FactoryBuilder.factoryOf(listener), null, oldValueRequired,
            /* isSynchronous= */ true);
    cache.registerCacheEntryListener(configuration);
    return configuration;
  }

  /** Passes only events whose key starts with a prefix. */
  record KeyPrefixFilter(String prefix) implements CacheEntryEventFilter<String, String>, Serializable {
    @Override
    public boolean evaluate(CacheEntryEvent<? extends String, ? extends String> event) {
      return event.getKey().startsWith(prefix);
    }
  }

  /** Fails on every event it is told of. */
  record ThrowingListener(RuntimeException failure) implements CacheEntryCreatedListener<String, String>,
      CacheEntryUpdatedListener<String, String>, Serializable {
    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      throw failure;
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      throw failure;
    }
  }
}
