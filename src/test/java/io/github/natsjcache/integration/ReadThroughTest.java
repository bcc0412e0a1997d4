package io.github.natsjcache.integration;

import static io.github.natsjcache.integration.StringNodes.bucketView;
import static io.github.natsjcache.integration.StringNodes.configuration;
import static io.github.natsjcache.integration.StringNodes.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.ForeignBucket;
import io.github.natsjcache.NatsTestServer;
import io.github.natsjcache.operation.BulkOperations;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CompletionListener;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Read-through on a distributed cache: what the loader provides is stored in the bucket, so every node sees it, even
 * one without a loader; the loader is asked only for what the bucket lacks.
 */
@Tag("server")
class ReadThroughTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  @RegisterExtension
  final ForeignBucket foreign = new ForeignBucket(nats);

  // misses load

  @Test
  void get_miss_loadsAndStoresInBucket_visibleOnNodeWithoutLoader() throws Exception {
    RecordingLoader loader = new RecordingLoader();
    Cache<String, String> reading = node(foreign, readingThrough(loader));
    Cache<String, String> other = bucketView(foreign);

    assertEquals("loaded-k", reading.get("k"));

    assertEquals("loaded-k", other.get("k"));
    assertEquals("loaded-k", foreign.keyValue().get("k").getValueAsString());
    assertEquals("loaded-k", reading.get("k"));
    assertEquals(List.of("load k"), loader.calls(), "the second get found the stored value");
  }

  @Test
  void get_valueInBucket_doesNotLoad() throws Exception {
    RecordingLoader loader = new RecordingLoader();
    Cache<String, String> reading = node(foreign, readingThrough(loader));
    Cache<String, String> other = bucketView(foreign);
    other.put("k", "stored");

    assertEquals("stored", reading.get("k"));
    assertEquals(List.of(), loader.calls());
  }

  @Test
  void get_loaderHasNoValue_nothingStored() throws Exception {
    RecordingLoader loader = new RecordingLoader();
    Cache<String, String> reading = node(foreign, readingThrough(loader));

    assertNull(reading.get("none-1"));
    assertEquals(List.of(), foreign.keyValue().keys());
    assertEquals(0, foreign.lastSequence(), "nothing was written to the bucket");
  }

  @Test
  void getAll_callsLoadAllOnceWithOnlyTheMissingKeys() throws Exception {
    RecordingLoader loader = new RecordingLoader();
    Cache<String, String> reading = node(foreign, readingThrough(loader));
    Cache<String, String> other = bucketView(foreign);
    other.put("present", "stored");

    assertEquals(Map.of("present", "stored", "a", "loaded-a", "b", "loaded-b"),
        reading.getAll(Set.of("present", "a", "b", "none-1")));

    assertEquals(List.of("loadAll [a, b, none-1]"), loader.calls());
    assertEquals(Map.of("present", "stored", "a", "loaded-a", "b", "loaded-b"),
        other.getAll(Set.of("present", "a", "b", "none-1")));
    assertEquals(Set.of("present", "a", "b"), new TreeSet<>(foreign.keyValue().keys()));
  }

  @Test
  void invoke_getValue_loadsAndStores() throws Exception {
    RecordingLoader loader = new RecordingLoader();
    Cache<String, String> reading = node(foreign, readingThrough(loader));
    Cache<String, String> other = bucketView(foreign);

    assertEquals("loaded-k", reading.invoke("k", (entry, args) -> entry.getValue()));

    assertEquals(List.of("load k"), loader.calls());
    assertEquals("loaded-k", other.get("k"));
  }

  // loadAll

  @Test
  void loadAll_keepExisting_storesLoadedAndLeavesExisting() throws Exception {
    RecordingLoader loader = new RecordingLoader();
    Cache<String, String> reading = node(foreign, readingThrough(loader));
    Cache<String, String> other = bucketView(foreign);
    other.put("existing", "stored");

    Completion completion = new Completion();
    reading.loadAll(Set.of("existing", "new"), /* replaceExistingValues= */ false, completion);
    completion.await();

    assertEquals(Map.of("existing", "stored", "new", "loaded-new"), other.getAll(Set.of("existing", "new")));
    assertEquals("stored", foreign.keyValue().get("existing").getValueAsString());
    assertEquals("loaded-new", foreign.keyValue().get("new").getValueAsString());
  }

  @Test
  void loadAll_replaceExisting_replacesExistingValues() throws Exception {
    RecordingLoader loader = new RecordingLoader();
    Cache<String, String> reading = node(foreign, readingThrough(loader));
    Cache<String, String> other = bucketView(foreign);
    other.put("existing", "stored");

    Completion completion = new Completion();
    reading.loadAll(Set.of("existing", "new"), /* replaceExistingValues= */ true, completion);
    completion.await();

    assertEquals(List.of("loadAll [existing, new]"), loader.calls());
    assertEquals(Map.of("existing", "loaded-existing", "new", "loaded-new"),
        other.getAll(Set.of("existing", "new")));
    assertEquals("loaded-existing", foreign.keyValue().get("existing").getValueAsString());
  }

  // a failing loader

  @Test
  void loaderFails_cacheLoaderExceptionAndNothingStored() throws Exception {
    Cache<String, String> reading = node(foreign, configuration().setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(new FailingLoader())));

    CacheLoaderException get = assertThrows(CacheLoaderException.class, () -> reading.get("k"));
    assertInstanceOf(IllegalStateException.class, get.getCause(), "the loader's exception is the cause");
    assertThrows(CacheLoaderException.class, () -> reading.getAll(Set.of("k", "j")));

    Completion completion = new Completion();
    reading.loadAll(Set.of("k", "j"), /* replaceExistingValues= */ true, completion);
    assertInstanceOf(CacheLoaderException.class, completion.awaitFailure());

    assertEquals(List.of(), foreign.keyValue().keys());
    assertEquals(0, foreign.lastSequence(), "nothing was written to the bucket");
  }

  @Test
  void getAll_writeOfAnotherNodeDuringTheLoad_isNotOverwrittenByTheLoadedValue() throws Exception {
    BlockingLoader.loading = new CountDownLatch(1);
    BlockingLoader.release = new CountDownLatch(1);
    Cache<String, String> reading = node(foreign, configuration().setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(new BlockingLoader())));
    Cache<String, String> writing = node(foreign, configuration());

    CompletableFuture<Map<String, String>> got = CompletableFuture.supplyAsync(() -> reading.getAll(Set.of("k")));
    assertTrue(BlockingLoader.loading.await(10, TimeUnit.SECONDS), "the load started");
    writing.put("k", "new");
    BlockingLoader.release.countDown();
    got.get(10, TimeUnit.SECONDS);

    assertEquals("new", foreign.keyValue().get("k").getValueAsString(), "the loaded old row stayed out (review M12)");
  }

  @Test
  void loaderThrowsAnError_loadAllTellsTheListener() throws Exception {
    Cache<String, String> reading = node(foreign, configuration()
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(new BrokenLoader())));

    Completion completion = new Completion();
    reading.loadAll(Set.of("k"), /* replaceExistingValues= */ true, completion);

    Exception failure = completion.awaitFailure(); // waited for ever before (review L8)
    assertInstanceOf(CacheLoaderException.class, failure);
    assertInstanceOf(NoClassDefFoundError.class, failure.getCause(), "the loader's error is the cause");
  }

  /** Review M11: every concurrent loadAll started a thread of its own. */
  @Test
  void loadAll_manyAtOnce_allCompleteOnBoundedThreads() throws Exception {
    int calls = 10 * BulkOperations.LOAD_THREADS;
    BlockingLoader.loading = new CountDownLatch(BulkOperations.LOAD_THREADS);
    BlockingLoader.release = new CountDownLatch(1);
    BlockingLoader.threads.clear();
    Cache<String, String> reading = node(foreign, configuration()
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(new BlockingLoader())));
    List<Completion> completions = new ArrayList<>();
    Set<String> keys = new HashSet<>();

    for (int call = 0; call < calls; call++) {
      Completion completion = new Completion();
      completions.add(completion);
      keys.add("k" + call);
      reading.loadAll(Set.of("k" + call), /* replaceExistingValues= */ true, completion);
    }
    assertTrue(BlockingLoader.loading.await(10, TimeUnit.SECONDS), "as many loads as threads started");
    BlockingLoader.release.countDown();
    for (Completion completion : completions) {
      completion.await();
    }

    assertEquals(keys, reading.getAll(keys).keySet(), "every load stored its value");
    assertTrue(BlockingLoader.threads.size() <= BulkOperations.LOAD_THREADS,
        () -> BlockingLoader.threads.size() + " threads loaded");
  }

  /** A completion listener that loads more and waits for it, on every load thread at once (a review finding). */
  @Test
  void loadAll_whoseListenerLoadsAndWaits_onEveryThreadAtOnce_allComplete() throws Exception {
    Cache<String, String> reading = node(foreign, configuration()
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(new RecordingLoader())));
    int calls = BulkOperations.LOAD_THREADS;
    CountDownLatch allThreadsBusy = new CountDownLatch(calls);
    List<Completion> completions = new ArrayList<>();

    for (int call = 0; call < calls; call++) {
      String nestedKey = "nested-" + call;
      Completion done = new Completion();
      completions.add(done);
      reading.loadAll(Set.of("outer-" + call), /* replaceExistingValues= */ true, new CompletionListener() {
        @Override
        public void onCompletion() {
          allThreadsBusy.countDown();
          try {
            assertTrue(allThreadsBusy.await(10, TimeUnit.SECONDS), "every load thread is in a listener");
            Completion nested = new Completion();
            reading.loadAll(Set.of(nestedKey), /* replaceExistingValues= */ true, nested);
            nested.await(); // no thread is free for it but this one
            done.onCompletion();
          } catch (Exception e) {
            done.onException(e);
          }
        }

        @Override
        public void onException(Exception e) {
          done.onException(e);
        }
      });
    }

    for (Completion completion : completions) {
      completion.await(); // failed before: each nested load waited for a thread, and each thread for its nested load
    }
    assertEquals("loaded-nested-0", reading.get("nested-0"));
  }

  // readThrough off: only loadAll uses the loader

  @Test
  void readThroughOff_getDoesNotLoad_loadAllDoes() throws Exception {
    RecordingLoader loader = new RecordingLoader();
    Cache<String, String> cache = node(foreign, configuration().setReadThrough(false)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(loader)));
    Cache<String, String> other = bucketView(foreign);

    assertNull(cache.get("k"));
    assertEquals(Map.of(), cache.getAll(Set.of("k", "j")));
    assertNull(cache.invoke("k", (entry, args) -> entry.getValue()));
    assertEquals(List.of(), loader.calls());
    assertEquals(List.of(), foreign.keyValue().keys());

    Completion completion = new Completion();
    cache.loadAll(Set.of("k"), /* replaceExistingValues= */ false, completion);
    completion.await();

    assertEquals(List.of("loadAll [k]"), loader.calls());
    assertEquals("loaded-k", other.get("k"));
    assertEquals("loaded-k", cache.get("k"));
  }

  // helpers

  private static MutableConfiguration<String, String> readingThrough(RecordingLoader loader) {
    return configuration().setReadThrough(true).setCacheLoaderFactory(FactoryBuilder.factoryOf(loader));
  }

  /** Loads "loaded-" + key, but nothing for keys starting with "none"; records each call. */
  static final class RecordingLoader implements CacheLoader<String, String>, Serializable {

    private final List<String> calls = new CopyOnWriteArrayList<>();

    List<String> calls() {
      return new ArrayList<>(calls);
    }

    @Override
    public String load(String key) {
      calls.add("load " + key);
      return valueFor(key);
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      TreeSet<String> asked = new TreeSet<>();
      keys.forEach(asked::add);
      calls.add("loadAll " + asked);
      Map<String, String> loaded = new TreeMap<>();
      for (String key : asked) {
        String value = valueFor(key);
        if (value != null) {
          loaded.put(key, value);
        }
      }
      return loaded;
    }

    private static String valueFor(String key) {
      return key.startsWith("none") ? null : "loaded-" + key;
    }
  }

  /** Loads "old" for every key once the test lets it, after saying that it started. */
  static final class BlockingLoader implements CacheLoader<String, String>, Serializable {

    static volatile CountDownLatch loading = new CountDownLatch(0);
    static volatile CountDownLatch release = new CountDownLatch(0);
    /** The threads the loads ran on. */
    static final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    @Override
    public String load(String key) {
      return loadAll(List.of(key)).get(key);
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      threads.add(Thread.currentThread());
      loading.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Map<String, String> loaded = new HashMap<>();
      keys.forEach(key -> loaded.put(key, "old"));
      return loaded;
    }
  }

  /** Throws an {@link Error} on every call, as a loader missing a class of its system of record does. */
  static final class BrokenLoader implements CacheLoader<String, String>, Serializable {

    @Override
    public String load(String key) {
      throw new NoClassDefFoundError("com/example/Missing");
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      throw new NoClassDefFoundError("com/example/Missing");
    }
  }

  /** Fails on every call. */
  static final class FailingLoader implements CacheLoader<String, String>, Serializable {

    @Override
    public String load(String key) {
      throw new IllegalStateException("the system of record is down");
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      throw new IllegalStateException("the system of record is down");
    }
  }
}
