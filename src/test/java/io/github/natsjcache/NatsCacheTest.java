package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every method of {@link Cache}, with the semantics JSR-107 gives it, against a real nats-server. */
@Tag("server")
class NatsCacheTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  private NatsCacheManager manager;
  private Cache<String, String> cache;

  @BeforeEach
  void createCache(TestInfo test) {
    manager = nats.node();
    cache = manager.createCache(test.getTestMethod().orElseThrow().getName(),
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  // get, getAll, containsKey

  @Test
  void get_absent_returnsNull() {
    assertNull(cache.get("k"));
  }

  @Test
  void get_present_returnsValue() {
    cache.put("k", "v");
    assertEquals("v", cache.get("k"));
  }

  @Test
  void get_fromAnotherNode_returnsValue() {
    cache.put("k", "v");
    Cache<String, String> other = nats.node().getCache(cache.getName(), String.class, String.class);
    assertEquals("v", other.get("k"));
  }

  @Test
  void getAll_returnsOnlyPresentKeys() {
    cache.put("a", "1");
    cache.put("b", "2");
    cache.put("c", "3");
    assertTrue(cache.remove("c"));
    assertEquals(Map.of("a", "1", "b", "2"), cache.getAll(Set.of("a", "b", "c", "never")));
  }

  @Test
  void getAll_noKeys_returnsEmptyMap() {
    cache.put("a", "1");
    assertEquals(Map.of(), cache.getAll(Set.of()));
  }

  @Test
  void containsKey_present_true() {
    cache.put("k", "v");
    assertTrue(cache.containsKey("k"));
  }

  @Test
  void containsKey_absentOrRemoved_false() {
    cache.put("k", "v");
    cache.remove("k");
    assertAll(
        () -> assertFalse(cache.containsKey("k")),
        () -> assertFalse(cache.containsKey("never")));
  }

  // put, getAndPut, putAll

  @Test
  void put_newKey_stores() {
    cache.put("k", "v");
    assertEquals("v", cache.get("k"));
  }

  @Test
  void put_present_overwrites() {
    cache.put("k", "v1");
    cache.put("k", "v2");
    assertEquals("v2", cache.get("k"));
  }

  @Test
  void put_afterRemove_storesAgain() {
    cache.put("k", "v1");
    cache.remove("k");
    cache.put("k", "v2");
    assertEquals("v2", cache.get("k"));
  }

  @Test
  void getAndPut_absent_returnsNullAndStores() {
    assertNull(cache.getAndPut("k", "v"));
    assertEquals("v", cache.get("k"));
  }

  @Test
  void getAndPut_present_returnsOldValueAndStoresNew() {
    cache.put("k", "v1");
    assertEquals("v1", cache.getAndPut("k", "v2"));
    assertEquals("v2", cache.get("k"));
  }

  @Test
  void putAll_storesEveryEntry() {
    cache.put("b", "old");
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      entries.put("k" + i, "v" + i);
    }
    entries.put("b", "new");
    cache.putAll(entries);
    assertEquals(entries, cache.getAll(entries.keySet()));
  }

  @Test
  void putAll_emptyMap_changesNothing() {
    cache.put("k", "v");
    cache.putAll(Map.of());
    assertEquals(Map.of("k", "v"), contents(cache));
  }

  // putIfAbsent

  @Test
  void putIfAbsent_absent_storesAndReturnsTrue() {
    assertTrue(cache.putIfAbsent("k", "v"));
    assertEquals("v", cache.get("k"));
  }

  @Test
  void putIfAbsent_present_keepsOldValue() {
    cache.put("k", "old");
    assertFalse(cache.putIfAbsent("k", "new"));
    assertEquals("old", cache.get("k"));
  }

  @Test
  void putIfAbsent_afterRemove_stores() {
    cache.put("k", "old");
    cache.remove("k");
    assertTrue(cache.putIfAbsent("k", "new"));
    assertEquals("new", cache.get("k"));
  }

  // remove(k), remove(k, v), getAndRemove

  @Test
  void remove_present_removesAndReturnsTrue() {
    cache.put("k", "v");
    assertTrue(cache.remove("k"));
    assertNull(cache.get("k"));
  }

  @Test
  void remove_absent_returnsFalse() {
    assertFalse(cache.remove("k"));
  }

  @Test
  void remove_twice_secondReturnsFalse() {
    cache.put("k", "v");
    assertTrue(cache.remove("k"));
    assertFalse(cache.remove("k"));
  }

  @Test
  void removeKeyValue_matching_removesAndReturnsTrue() {
    cache.put("k", "v");
    assertTrue(cache.remove("k", "v"));
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void removeKeyValue_otherValue_keepsEntry() {
    cache.put("k", "v");
    assertFalse(cache.remove("k", "other"));
    assertEquals("v", cache.get("k"));
  }

  @Test
  void removeKeyValue_absent_returnsFalse() {
    assertFalse(cache.remove("k", "v"));
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void getAndRemove_present_returnsValueAndRemoves() {
    cache.put("k", "v");
    assertEquals("v", cache.getAndRemove("k"));
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void getAndRemove_absent_returnsNull() {
    assertNull(cache.getAndRemove("k"));
  }

  // replace(k, v), replace(k, old, new), getAndReplace

  @Test
  void replace_present_replacesAndReturnsTrue() {
    cache.put("k", "old");
    assertTrue(cache.replace("k", "new"));
    assertEquals("new", cache.get("k"));
  }

  @Test
  void replace_absent_storesNothing() {
    assertFalse(cache.replace("k", "v"));
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void replaceOldNew_matching_replacesAndReturnsTrue() {
    cache.put("k", "old");
    assertTrue(cache.replace("k", "old", "new"));
    assertEquals("new", cache.get("k"));
  }

  @Test
  void replaceOldNew_otherValue_keepsEntry() {
    cache.put("k", "v");
    assertFalse(cache.replace("k", "old", "new"));
    assertEquals("v", cache.get("k"));
  }

  @Test
  void replaceOldNew_absent_storesNothing() {
    assertFalse(cache.replace("k", "old", "new"));
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void getAndReplace_present_returnsOldValueAndStoresNew() {
    cache.put("k", "old");
    assertEquals("old", cache.getAndReplace("k", "new"));
    assertEquals("new", cache.get("k"));
  }

  @Test
  void getAndReplace_absent_returnsNullAndStoresNothing() {
    assertNull(cache.getAndReplace("k", "v"));
    assertFalse(cache.containsKey("k"));
  }

  // removeAll(keys), removeAll(), clear()

  @Test
  void removeAllKeys_removesOnlyThoseKeys() {
    cache.putAll(Map.of("a", "1", "b", "2", "c", "3"));
    cache.removeAll(Set.of("a", "b", "never"));
    assertEquals(Map.of("c", "3"), contents(cache));
  }

  @Test
  void removeAll_removesEveryEntry() {
    cache.putAll(Map.of("a", "1", "b", "2", "c", "3"));
    cache.removeAll();
    assertEquals(Map.of(), contents(cache));
    assertFalse(cache.containsKey("a"));
  }

  @Test
  void removeAll_emptyCache_doesNothing() {
    cache.removeAll();
    assertEquals(Map.of(), contents(cache));
  }

  @Test
  void clear_removesEveryEntry() {
    cache.putAll(Map.of("a", "1", "b", "2", "c", "3"));
    cache.clear();
    assertEquals(Map.of(), contents(cache));
    assertNull(cache.get("a"));
  }

  @Test
  void clear_thenConditionalWrites_seeAbsentKeys() {
    cache.put("k", "old");
    cache.clear();
    assertTrue(cache.putIfAbsent("k", "new"));
    assertEquals("new", cache.get("k"));
  }

  @Test
  void clear_seenByAnotherNode() {
    cache.put("k", "v");
    Cache<String, String> other = nats.node().getCache(cache.getName(), String.class, String.class);
    assertEquals("v", other.get("k"));
    cache.clear();
    Eventually.assertTrue(() -> other.get("k") == null, "the other node's near-cache was cleared");
  }

  // iterator

  @Test
  void iterator_emptyCache_hasNothing() {
    Iterator<Cache.Entry<String, String>> iterator = cache.iterator();
    assertFalse(iterator.hasNext());
    assertThrows(NoSuchElementException.class, iterator::next);
  }

  @Test
  void iterator_returnsEveryEntryOnce() {
    Map<String, String> entries = Map.of("a", "1", "b", "2", "c", "3");
    cache.putAll(entries);
    cache.put("removed", "x");
    cache.remove("removed");
    List<String> keys = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (Cache.Entry<String, String> entry : cache) {
      keys.add(entry.getKey());
      seen.put(entry.getKey(), entry.getValue());
    }
    assertEquals(3, keys.size(), () -> "keys seen: " + keys);
    assertEquals(entries, seen);
  }

  @Test
  void iterator_remove_removesLastReturnedEntry() {
    cache.putAll(Map.of("a", "1", "b", "2", "c", "3"));
    Iterator<Cache.Entry<String, String>> iterator = cache.iterator();
    String removed = iterator.next().getKey();
    iterator.remove();
    assertFalse(cache.containsKey(removed));
    int rest = 0;
    while (iterator.hasNext()) {
      assertNotEquals(removed, iterator.next().getKey());
      rest++;
    }
    assertEquals(2, rest);
    assertEquals(2, contents(cache).size());
  }

  @Test
  void iterator_removeEveryEntry_emptiesCache() {
    cache.putAll(Map.of("a", "1", "b", "2", "c", "3"));
    Iterator<Cache.Entry<String, String>> iterator = cache.iterator();
    while (iterator.hasNext()) {
      iterator.next();
      iterator.remove();
    }
    assertEquals(Map.of(), contents(cache));
  }

  @Test
  void iterator_removeBeforeNext_throwsIllegalState() {
    cache.put("k", "v");
    Iterator<Cache.Entry<String, String>> iterator = cache.iterator();
    assertThrows(IllegalStateException.class, iterator::remove);
    assertTrue(cache.containsKey("k"));
  }

  @Test
  void iterator_removeTwice_throwsIllegalState() {
    cache.putAll(Map.of("a", "1", "b", "2"));
    Iterator<Cache.Entry<String, String>> iterator = cache.iterator();
    iterator.next();
    iterator.remove();
    assertThrows(IllegalStateException.class, iterator::remove);
    assertEquals(1, contents(cache).size());
  }

  @Test
  void iterator_skipsEntriesRemovedDuringIteration() {
    cache.putAll(Map.of("a", "1", "b", "2"));
    Iterator<Cache.Entry<String, String>> iterator = cache.iterator();
    Cache.Entry<String, String> first = iterator.next();
    String other = first.getKey().equals("a") ? "b" : "a";
    cache.remove(other);
    assertFalse(iterator.hasNext());
  }

  // invoke

  @Test
  void invoke_absent_createsEntry() {
    String result = cache.invoke("k", (entry, args) -> {
      assertFalse(entry.exists());
      assertNull(entry.getValue());
      entry.setValue("created");
      return "done";
    });
    assertEquals("done", result);
    assertEquals("created", cache.get("k"));
  }

  @Test
  void invoke_present_updatesEntry() {
    cache.put("k", "v");
    cache.invoke("k", (entry, args) -> {
      assertTrue(entry.exists());
      assertEquals("k", entry.getKey());
      entry.setValue(entry.getValue() + "+1");
      return null;
    });
    assertEquals("v+1", cache.get("k"));
  }

  @Test
  void invoke_remove_removesEntry() {
    cache.put("k", "v");
    cache.invoke("k", (entry, args) -> {
      entry.remove();
      return null;
    });
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void invoke_setValueThenRemoveOnAbsentKey_storesNothing() {
    cache.invoke("k", (entry, args) -> {
      entry.setValue("v");
      entry.remove();
      return null;
    });
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void invoke_readOnly_returnsValueAndChangesNothing() {
    cache.put("k", "v");
    String read = cache.invoke("k", (entry, args) -> entry.getValue());
    assertEquals("v", read);
    assertEquals("v", cache.get("k"));
  }

  @Test
  void invoke_readOnlyOnNearCacheHit_runsTheProcessorOnce() {
    cache.put("k", "v");
    assertEquals("v", cache.get("k")); // held by the near-cache
    AtomicInteger runs = new AtomicInteger();

    String read = cache.invoke("k", (entry, args) -> {
      runs.incrementAndGet();
      return entry.getValue();
    });

    assertEquals("v", read);
    assertEquals(1, runs.get(), "a read-only processor on a current hit runs once (review L4)");
  }

  @Test
  void invoke_readOnlyOnAbsentKey_createsNothing() {
    assertNull(cache.invoke("k", (entry, args) -> entry.getValue()));
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void invoke_passesArguments() {
    cache.invoke("k", (entry, args) -> {
      entry.setValue(args[0] + "-" + args[1]);
      return null;
    }, "x", 7);
    assertEquals("x-7", cache.get("k"));
  }

  @Test
  void invoke_processorThrows_entryProcessorExceptionAndNothingStored() {
    cache.put("present", "v");
    IllegalStateException failure = new IllegalStateException("boom");
    EntryProcessorException onAbsent = assertThrows(EntryProcessorException.class,
        () -> cache.invoke("absent", (entry, args) -> {
          entry.setValue("half-done");
          throw failure;
        }));
    EntryProcessorException onPresent = assertThrows(EntryProcessorException.class,
        () -> cache.invoke("present", (entry, args) -> {
          entry.remove();
          throw failure;
        }));
    assertSame(failure, onAbsent.getCause());
    assertSame(failure, onPresent.getCause());
    assertEquals(Map.of("present", "v"), contents(cache));
  }

  // invokeAll

  @Test
  void invokeAll_returnsResultPerKeyAndAppliesChanges() {
    cache.putAll(Map.of("a", "1", "b", "2"));
    Map<String, EntryProcessorResult<String>> results = cache.invokeAll(Set.of("a", "b", "c"),
        (entry, args) -> {
          String before = entry.exists() ? entry.getValue() : "none";
          entry.setValue(entry.getKey() + "!");
          return before;
        });
    assertEquals(Set.of("a", "b", "c"), results.keySet());
    assertEquals("1", results.get("a").get());
    assertEquals("2", results.get("b").get());
    assertEquals("none", results.get("c").get());
    assertEquals(Map.of("a", "a!", "b", "b!", "c", "c!"), contents(cache));
  }

  @Test
  void invokeAll_nullResults_omitted() {
    cache.putAll(Map.of("a", "1", "b", "2"));
    Map<String, EntryProcessorResult<String>> results = cache.invokeAll(Set.of("a", "b"),
        (entry, args) -> entry.getKey().equals("a") ? "result" : null);
    assertEquals(Set.of("a"), results.keySet());
    assertEquals("result", results.get("a").get());
  }

  @Test
  void invokeAll_processorThrowsForOneKey_wrappedInItsResult() {
    cache.putAll(Map.of("a", "1", "bad", "2"));
    Map<String, EntryProcessorResult<String>> results = cache.invokeAll(Set.of("a", "bad"),
        (entry, args) -> {
          entry.setValue("changed");
          if (entry.getKey().equals("bad")) {
            throw new IllegalArgumentException("bad key");
          }
          return "ok";
        });
    assertEquals("ok", results.get("a").get());
    EntryProcessorException failure = assertThrows(EntryProcessorException.class, () -> results.get("bad").get());
    assertInstanceOf(IllegalArgumentException.class, failure.getCause());
    assertEquals(Map.of("a", "changed", "bad", "2"), contents(cache));
  }

  // getName, getCacheManager, getConfiguration, unwrap

  @Test
  void getName_isTheCreatedName(TestInfo test) {
    assertEquals(test.getTestMethod().orElseThrow().getName(), cache.getName());
  }

  @Test
  void getCacheManager_isTheCreatingManager() {
    assertSame(manager, cache.getCacheManager());
  }

  @Test
  void getConfiguration_complete_describesTheCache() {
    CompleteConfiguration<String, String> configuration = cache.getConfiguration(CompleteConfiguration.class);
    assertEquals(String.class, configuration.getKeyType());
    assertEquals(String.class, configuration.getValueType());
    assertTrue(configuration.isStoreByValue());
    assertFalse(configuration.isReadThrough());
    assertFalse(configuration.isWriteThrough());
  }

  @Test
  void getConfiguration_mutable_describesTheCache() {
    MutableConfiguration<String, String> configuration = cache.getConfiguration(MutableConfiguration.class);
    assertEquals(String.class, configuration.getKeyType());
    assertEquals(String.class, configuration.getValueType());
    assertTrue(configuration.isStoreByValue());
  }

  @Test
  void getConfiguration_changingTheCopy_doesNotChangeTheCache() {
    MutableConfiguration<String, String> configuration = cache.getConfiguration(MutableConfiguration.class);
    configuration.setStatisticsEnabled(!configuration.isStatisticsEnabled());
    assertNotEquals(configuration.isStatisticsEnabled(),
        cache.getConfiguration(MutableConfiguration.class).isStatisticsEnabled());
  }

  @Test
  void getConfiguration_listsRegisteredListeners() {
    MutableCacheEntryListenerConfiguration<String, String> listener = new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new IgnoringListener()), null, false, true);
    cache.registerCacheEntryListener(listener);
    CompleteConfiguration<String, String> configuration = cache.getConfiguration(CompleteConfiguration.class);
    assertEquals(List.of(listener), listOf(configuration.getCacheEntryListenerConfigurations()));
  }

  @Test
  void getConfiguration_unsupportedClass_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> cache.getConfiguration(OtherConfiguration.class));
  }

  @Test
  void unwrap_natsCache_returnsThisCache() {
    NatsCache<?, ?> unwrapped = cache.unwrap(NatsCache.class);
    assertSame(cache, unwrapped);
  }

  @Test
  void unwrap_otherClass_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> cache.unwrap(NatsCacheManager.class));
  }

  // close, isClosed

  @Test
  void isClosed_openCache_false() {
    assertFalse(cache.isClosed());
  }

  @Test
  void close_isClosedAndIdempotent() {
    cache.close();
    assertTrue(cache.isClosed());
    cache.close();
    assertTrue(cache.isClosed());
  }

  @Test
  void close_keepsTheEntriesForOtherNodes() {
    cache.put("k", "v");
    cache.close();
    assertEquals("v", nats.node().getCache(cache.getName(), String.class, String.class).get("k"));
  }

  @Test
  void close_everyOperationAfterwards_throwsIllegalState() {
    cache.put("k", "v");
    MutableCacheEntryListenerConfiguration<String, String> listener = new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new IgnoringListener()), null, false, true);
    cache.close();
    EntryProcessor<String, String, String> processor = (entry, args) -> entry.getValue();
    Map<String, Executable> operations = new LinkedHashMap<>();
    operations.put("get", () -> cache.get("k"));
    operations.put("getAll", () -> cache.getAll(Set.of("k")));
    operations.put("containsKey", () -> cache.containsKey("k"));
    operations.put("loadAll", () -> cache.loadAll(Set.of("k"), false, null));
    operations.put("put", () -> cache.put("k", "v2"));
    operations.put("getAndPut", () -> cache.getAndPut("k", "v2"));
    operations.put("putAll", () -> cache.putAll(Map.of("k", "v2")));
    operations.put("putIfAbsent", () -> cache.putIfAbsent("k", "v2"));
    operations.put("remove(k)", () -> cache.remove("k"));
    operations.put("remove(k, v)", () -> cache.remove("k", "v"));
    operations.put("getAndRemove", () -> cache.getAndRemove("k"));
    operations.put("replace(k, v)", () -> cache.replace("k", "v2"));
    operations.put("replace(k, old, new)", () -> cache.replace("k", "v", "v2"));
    operations.put("getAndReplace", () -> cache.getAndReplace("k", "v2"));
    operations.put("removeAll(keys)", () -> cache.removeAll(Set.of("k")));
    operations.put("removeAll()", () -> cache.removeAll());
    operations.put("clear", () -> cache.clear());
    operations.put("iterator", () -> cache.iterator());
    operations.put("invoke", () -> cache.invoke("k", processor));
    operations.put("invokeAll", () -> cache.invokeAll(Set.of("k"), processor));
    operations.put("registerCacheEntryListener", () -> cache.registerCacheEntryListener(listener));
    operations.put("deregisterCacheEntryListener", () -> cache.deregisterCacheEntryListener(listener));
    assertAll(operations.entrySet().stream().map(operation -> () ->
        assertThrows(IllegalStateException.class, operation.getValue(), operation.getKey())));
    assertEquals("v", nats.node().getCache(cache.getName(), String.class, String.class).get("k"));
  }

  // store-by-value

  @Test
  void put_thenMutateValue_cachedValueUnchanged(TestInfo test) {
    Cache<String, Box> boxes = boxCache(test);
    Box box = new Box("original");
    boxes.put("k", box);
    box.content = "mutated";
    assertEquals(new Box("original"), boxes.get("k"));
  }

  @Test
  void get_thenMutateValue_cachedValueUnchanged(TestInfo test) {
    Cache<String, Box> boxes = boxCache(test);
    boxes.put("k", new Box("original"));
    Box read = boxes.get("k");
    read.content = "mutated";
    Box again = boxes.get("k");
    assertNotSame(read, again);
    assertEquals(new Box("original"), again);
  }

  @Test
  void invoke_mutateValueWithoutSetValue_cachedValueUnchanged(TestInfo test) {
    Cache<String, Box> boxes = boxCache(test);
    boxes.put("k", new Box("original"));
    AtomicReference<Box> seen = new AtomicReference<>();
    boxes.invoke("k", (entry, args) -> {
      seen.set(entry.getValue());
      return null;
    });
    seen.get().content = "mutated";
    assertEquals(new Box("original"), boxes.get("k"));
  }

  private Cache<String, Box> boxCache(TestInfo test) {
    return manager.createCache(test.getTestMethod().orElseThrow().getName() + "-boxes",
        new MutableConfiguration<String, Box>().setTypes(String.class, Box.class));
  }

  private static <K, V> Map<K, V> contents(Cache<K, V> cache) {
    Map<K, V> contents = new HashMap<>();
    for (Cache.Entry<K, V> entry : cache) {
      V previous = contents.put(entry.getKey(), entry.getValue());
      assertNull(previous, () -> "the iterator returned " + entry.getKey() + " twice");
    }
    return contents;
  }

  private static <T> List<T> listOf(Iterable<T> iterable) {
    List<T> list = new ArrayList<>();
    iterable.forEach(list::add);
    return list;
  }

  /** A mutable value, to tell store-by-value from store-by-reference. */
  static final class Box implements Serializable {
    String content;

    Box(String content) {
      this.content = content;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Box box && Objects.equals(content, box.content);
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(content);
    }

    @Override
    public String toString() {
      return "Box[" + content + "]";
    }
  }

  /** A configuration class that no cache's configuration is an instance of. */
  static final class OtherConfiguration implements Configuration<String, String> {
    @Override
    public Class<String> getKeyType() {
      return String.class;
    }

    @Override
    public Class<String> getValueType() {
      return String.class;
    }

    @Override
    public boolean isStoreByValue() {
      return true;
    }
  }

  /** A listener that does nothing, for tests that only need one registered. */
  static final class IgnoringListener implements CacheEntryCreatedListener<String, String>, Serializable {
    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {}
  }
}
