package io.github.natsjcache.integration;

import static io.github.natsjcache.integration.StringNodes.bucketView;
import static io.github.natsjcache.integration.StringNodes.configuration;
import static io.github.natsjcache.integration.StringNodes.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.ForeignBucket;
import io.github.natsjcache.NatsTestServer;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import java.io.Serializable;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Write-through on a distributed cache: the writer is called before the bucket changes, so a failing writer leaves
 * the bucket, as every other node and plain NATS clients see it, as it was; a partial batch changes only what the
 * writer handled.
 */
@Tag("server")
class WriteThroughTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  @RegisterExtension
  final ForeignBucket foreign = new ForeignBucket(nats);

  // a failing writer changes nothing

  @Test
  void put_writerFails_cacheWriterExceptionAndBucketUnchanged() throws Exception {
    Cache<String, String> writing = node(foreign, configuration().setWriteThrough(true)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(new FailingWriter())));
    Cache<String, String> other = bucketView(foreign);
    other.put("k", "old");
    long lastSequence = foreign.lastSequence();

    assertThrows(CacheWriterException.class, () -> writing.put("k", "new"));
    assertThrows(CacheWriterException.class, () -> writing.put("absent", "new"));
    assertThrows(CacheWriterException.class, () -> writing.getAndPut("k", "new"));
    assertThrows(CacheWriterException.class, () -> writing.putIfAbsent("absent", "new"));
    assertThrows(CacheWriterException.class, () -> writing.replace("k", "new"));
    assertThrows(CacheWriterException.class, () -> writing.replace("k", "old", "new"));
    assertThrows(CacheWriterException.class, () -> writing.getAndReplace("k", "new"));

    assertEquals(lastSequence, foreign.lastSequence(), "nothing was written to the bucket");
    assertEquals("old", other.get("k"));
    assertNull(other.get("absent"));
    assertEquals("old", foreign.keyValue().get("k").getValueAsString());
    assertEquals("old", writing.get("k"));
  }

  @Test
  void putAll_writerFails_cacheWriterExceptionAndBucketUnchanged() throws Exception {
    Cache<String, String> writing = node(foreign, configuration().setWriteThrough(true)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(new FailingWriter())));
    Cache<String, String> other = bucketView(foreign);
    other.put("k", "old");
    long lastSequence = foreign.lastSequence();

    assertThrows(CacheWriterException.class, () -> writing.putAll(Map.of("k", "new", "absent", "new")));

    assertEquals(lastSequence, foreign.lastSequence(), "nothing was written to the bucket");
    assertEquals(Map.of("k", "old"), other.getAll(Set.of("k", "absent")));
    assertEquals(List.of("k"), foreign.keyValue().keys());
  }

  @Test
  void remove_writerFails_cacheWriterExceptionAndEntryStays() throws Exception {
    Cache<String, String> writing = node(foreign, configuration().setWriteThrough(true)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(new FailingWriter())));
    Cache<String, String> other = bucketView(foreign);
    other.putAll(Map.of("k", "v", "j", "w"));
    long lastSequence = foreign.lastSequence();

    assertThrows(CacheWriterException.class, () -> writing.remove("k"));
    assertThrows(CacheWriterException.class, () -> writing.remove("k", "v"));
    assertThrows(CacheWriterException.class, () -> writing.getAndRemove("k"));
    assertThrows(CacheWriterException.class, () -> writing.removeAll(Set.of("k", "j")));
    assertThrows(CacheWriterException.class, () -> writing.removeAll());

    assertEquals(lastSequence, foreign.lastSequence(), "nothing was written to the bucket");
    assertEquals(Map.of("k", "v", "j", "w"), other.getAll(Set.of("k", "j")));
    assertEquals("v", foreign.keyValue().get("k").getValueAsString());
    assertEquals("w", foreign.keyValue().get("j").getValueAsString());
  }

  @Test
  void invoke_writerFails_cacheWriterExceptionAndBucketUnchanged() throws Exception {
    Cache<String, String> writing = node(foreign, configuration().setWriteThrough(true)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(new FailingWriter())));
    Cache<String, String> other = bucketView(foreign);
    other.put("k", "old");
    long lastSequence = foreign.lastSequence();

    assertThrows(CacheWriterException.class, () -> writing.invoke("k", (entry, args) -> {
      entry.setValue("new");
      return null;
    }));
    assertThrows(CacheWriterException.class, () -> writing.invoke("absent", (entry, args) -> {
      entry.setValue("new");
      return null;
    }));
    assertThrows(CacheWriterException.class, () -> writing.invoke("k", (entry, args) -> {
      entry.remove();
      return null;
    }));

    assertEquals(lastSequence, foreign.lastSequence(), "nothing was written to the bucket");
    assertEquals("old", other.get("k"));
    assertNull(other.get("absent"));
    assertEquals("old", foreign.keyValue().get("k").getValueAsString());
  }

  // a writer that handles part of a batch

  @Test
  void putAll_writerWritesSomeThenFails_onlyThoseInBucket() throws Exception {
    Cache<String, String> writing = node(foreign, configuration().setWriteThrough(true)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(new PartialWriter("ok-"))));
    Cache<String, String> other = bucketView(foreign);
    other.put("bad-1", "old");

    assertThrows(CacheWriterException.class, () -> writing.putAll(
        Map.of("ok-1", "new", "ok-2", "new", "bad-1", "new", "bad-2", "new")));

    assertEquals(Map.of("ok-1", "new", "ok-2", "new", "bad-1", "old"),
        other.getAll(Set.of("ok-1", "ok-2", "bad-1", "bad-2")));
    assertEquals(Set.of("ok-1", "ok-2", "bad-1"), new TreeSet<>(foreign.keyValue().keys()));
    assertEquals("old", foreign.keyValue().get("bad-1").getValueAsString());
  }

  @Test
  void removeAll_writerDeletesSomeThenFails_onlyThoseRemoved() throws Exception {
    Cache<String, String> writing = node(foreign, configuration().setWriteThrough(true)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(new PartialWriter("ok-"))));
    Cache<String, String> other = bucketView(foreign);
    other.putAll(Map.of("ok-1", "v", "ok-2", "v", "bad-1", "v", "bad-2", "v"));

    assertThrows(CacheWriterException.class, () -> writing.removeAll(Set.of("ok-1", "ok-2", "bad-1", "bad-2")));

    assertEquals(Map.of("bad-1", "v", "bad-2", "v"), other.getAll(Set.of("ok-1", "ok-2", "bad-1", "bad-2")));
    assertEquals(Set.of("bad-1", "bad-2"), new TreeSet<>(foreign.keyValue().keys()));
    assertTrue(isDeleted(foreign.keyValue().get("ok-1")));
  }

  @Test
  void removeAllEntries_writerDeletesSomeThenFails_onlyThoseRemoved() throws Exception {
    Cache<String, String> writing = node(foreign, configuration().setWriteThrough(true)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(new PartialWriter("ok-"))));
    Cache<String, String> other = bucketView(foreign);
    other.putAll(Map.of("ok-1", "v", "bad-1", "v"));

    assertThrows(CacheWriterException.class, () -> writing.removeAll());

    assertEquals(Set.of("bad-1"), new TreeSet<>(foreign.keyValue().keys()));
    assertNull(other.get("ok-1"));
    assertEquals("v", other.get("bad-1"));
  }

  // a value the bucket cannot take never reaches the writer

  @Test
  void put_valueOverMaxPayload_refusedBeforeTheWriter_writerSeesNothing() throws Exception {
    RecordingWriter writer = new RecordingWriter();
    Cache<String, String> writing = node(foreign, configuration().setWriteThrough(true)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(writer)));
    writing.put("k", "old");
    String big = "x".repeat(2 * 1024 * 1024);

    CacheException failure = assertThrows(CacheException.class, () -> writing.put("k", big));
    assertTrue(failure.getMessage().contains("max_payload"), failure.getMessage());
    assertThrows(CacheException.class, () -> writing.getAndPut("k", big));
    assertThrows(CacheException.class, () -> writing.putIfAbsent("absent", big));
    assertThrows(CacheException.class, () -> writing.replace("k", "old", big));
    assertThrows(CacheException.class, () -> writing.invoke("k", (entry, args) -> {
      entry.setValue(big);
      return null;
    }));

    assertEquals(1, writer.calls().size(), "the writer saw the first put only"); // not a value of 2 MiB to print
    assertEquals("write k=old", writer.calls().get(0));
    assertEquals("old", foreign.keyValue().get("k").getValueAsString());
  }

  /**
   * A bulk write the bucket refuses after the writer took it (here a value over max_payload, found when the batch is
   * checked: nothing is sent) leaves the writer told, key by key, what stands.
   */
  @Test
  void putAll_valueOverMaxPayload_writerToldWhatStands() throws Exception {
    RecordingWriter writer = new RecordingWriter();
    Cache<String, String> writing = node(foreign, configuration().setWriteThrough(true)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(writer)));
    writing.put("k", "old");
    Map<String, String> batch = new HashMap<>(Map.of("k", "new", "absent", "v", "big", "x".repeat(2 * 1024 * 1024)));

    CacheException failure = assertThrows(CacheException.class, () -> writing.putAll(batch));
    assertTrue(failure.getMessage().contains("max_payload"), failure.getMessage());

    List<String> calls = writer.calls();
    assertEquals("write k=old", calls.get(0));
    assertTrue(calls.get(1).startsWith("writeAll {absent=v, big=xxx"), "the writer took the batch");
    assertEquals(Set.of("write k=old", "delete absent", "delete big"), Set.copyOf(calls.subList(2, calls.size())));
    assertEquals(5, calls.size());
    assertEquals("old", foreign.keyValue().get("k").getValueAsString());
    assertEquals(Set.of("k"), new TreeSet<>(foreign.keyValue().keys()));
  }

  // what a working writer is told

  @Test
  void workingWriter_receivesExactlyTheWrites() throws Exception {
    RecordingWriter writer = new RecordingWriter();
    Cache<String, String> writing = node(foreign, configuration().setWriteThrough(true)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(writer)));
    Cache<String, String> other = bucketView(foreign);

    writing.put("k", "v1");
    writing.putAll(Map.of("a", "1", "b", "2"));
    assertTrue(writing.replace("k", "v2"));
    assertFalse(writing.replace("absent", "x"));
    assertFalse(writing.putIfAbsent("k", "x"));
    assertFalse(writing.replace("k", "wrong", "x"));
    writing.invoke("k", (entry, args) -> {
      entry.setValue("v3");
      return null;
    });
    assertEquals("v3", writing.invoke("k", (entry, args) -> entry.getValue()));
    assertTrue(writing.remove("a"));
    assertEquals("2", writing.getAndRemove("b"));
    writing.invoke("k", (entry, args) -> {
      entry.remove();
      return null;
    });
    other.put("elsewhere", "v"); // another node's write goes to that node's writer, if any

    assertEquals(List.of(
        "write k=v1",
        "writeAll {a=1, b=2}",
        "write k=v2",
        "write k=v3",
        "delete a",
        "delete b",
        "delete k"), writer.calls());
    assertEquals(List.of("elsewhere"), foreign.keyValue().keys());
  }

  @Test
  void workingWriter_writesLandInBucket() throws Exception {
    RecordingWriter writer = new RecordingWriter();
    Cache<String, String> writing = node(foreign, configuration().setWriteThrough(true)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(writer)));
    Cache<String, String> other = bucketView(foreign);
    writing.put("k", "v");
    writing.putAll(Map.of("a", "1", "b", "2"));
    writing.remove("b");
    assertEquals(Map.of("k", "v", "a", "1"), other.getAll(Set.of("k", "a", "b")));
    assertEquals(Set.of("k", "a"), new TreeSet<>(foreign.keyValue().keys()));
  }

  @Test
  void loadedValues_notWrittenThrough() throws Exception {
    RecordingWriter writer = new RecordingWriter();
    Cache<String, String> cache = node(foreign, configuration()
        .setWriteThrough(true).setCacheWriterFactory(FactoryBuilder.factoryOf(writer))
        .setReadThrough(true).setCacheLoaderFactory(FactoryBuilder.factoryOf(new PrefixLoader())));
    Cache<String, String> other = bucketView(foreign);

    assertEquals("loaded-get", cache.get("get"));
    assertEquals(Map.of("all-1", "loaded-all-1", "all-2", "loaded-all-2"), cache.getAll(Set.of("all-1", "all-2")));
    assertEquals("loaded-invoke", cache.invoke("invoke", (entry, args) -> entry.getValue()));
    Completion completion = new Completion();
    cache.loadAll(Set.of("load-1", "load-2"), /* replaceExistingValues= */ true, completion);
    completion.await();

    assertEquals(List.of(), writer.calls());
    assertEquals(Set.of("get", "all-1", "all-2", "invoke", "load-1", "load-2"),
        new TreeSet<>(foreign.keyValue().keys()));
    assertEquals("loaded-load-2", other.get("load-2"));
  }

  // helpers

  private static boolean isDeleted(KeyValueEntry entry) {
    return entry == null || entry.getOperation() != KeyValueOperation.PUT || entry.getValue() == null;
  }

  /** Fails on every call. */
  static final class FailingWriter implements CacheWriter<String, String>, Serializable {

    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {
      throw new IllegalStateException("the system of record is down");
    }

    @Override
    public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
      throw new CacheWriterException("the system of record is down");
    }

    @Override
    public void delete(Object key) {
      throw new CacheWriterException("the system of record is down");
    }

    @Override
    public void deleteAll(Collection<?> keys) {
      throw new IllegalStateException("the system of record is down");
    }
  }

  /** Handles the keys with a prefix in a batch (taking them out of it, as the spec asks), then fails on the rest. */
  record PartialWriter(String prefix) implements CacheWriter<String, String>, Serializable {

    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {
      if (!entry.getKey().startsWith(prefix)) {
        throw new CacheWriterException("refused " + entry.getKey());
      }
    }

    @Override
    public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
      entries.removeIf(entry -> entry.getKey().startsWith(prefix));
      if (!entries.isEmpty()) {
        throw new CacheWriterException("refused " + entries.size() + " entries");
      }
    }

    @Override
    public void delete(Object key) {
      if (!String.valueOf(key).startsWith(prefix)) {
        throw new CacheWriterException("refused " + key);
      }
    }

    @Override
    public void deleteAll(Collection<?> keys) {
      for (Iterator<?> it = keys.iterator(); it.hasNext(); ) {
        if (String.valueOf(it.next()).startsWith(prefix)) {
          it.remove();
        }
      }
      if (!keys.isEmpty()) {
        throw new CacheWriterException("refused " + keys.size() + " keys");
      }
    }
  }

  /** Loads "loaded-" + key for every key. */
  static final class PrefixLoader implements CacheLoader<String, String>, Serializable {

    @Override
    public String load(String key) {
      return "loaded-" + key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> loaded = new TreeMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }
}
