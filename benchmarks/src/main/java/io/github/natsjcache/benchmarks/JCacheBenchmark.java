package io.github.natsjcache.benchmarks;

import static io.github.natsjcache.benchmarks.Workload.check;

import io.github.natsjcache.benchmarks.peers.PeerCaches;
import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The same JCache calls on every peer ({@link PeerCaches#peer}: nats-jcache with and without its near-cache,
 * Caffeine's JCache, Hazelcast's JCache client with a near cache, Redisson's JCache), String keys and 100-byte
 * String values.
 *
 * <p>Every cache is created with {@code new MutableConfiguration<K, V>().setTypes(K, V)} (store-by-value, eternal,
 * no statistics) and preloaded, then read once, so near caches are warm where a peer has one. What each benchmark
 * does is in its javadoc; the raw jnats calls they are compared with are in {@link RawBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class JCacheBenchmark {

  /** The hot set of 1,000 keys, preloaded and read once (warm). */
  @State(Scope.Benchmark)
  public static class HotCache {
    Cache<String, String> cache;
    Set<String>[] keyBatches;
    /** The putAll batches of an even and an odd pass: every putAll writes values the keys did not have. */
    Map<String, String>[][] entryBatches;

    @Setup(Level.Trial)
    @SuppressWarnings({"unchecked", "rawtypes"}) // an array of the two passes' batch arrays
    public void open(PeerCaches peers) {
      cache = load(peers.createCache("hot", String.class, String.class), Workload.HOT);
      keyBatches = Workload.HOT.keyBatches();
      entryBatches = new Map[][] {Workload.HOT.entryBatches(1), Workload.HOT.entryBatches(2)};
    }
  }

  /** The 10,000 keys of {@code readHeavy}, preloaded and read once. */
  @State(Scope.Benchmark)
  public static class WideCache {
    Cache<String, String> cache;

    @Setup(Level.Trial)
    public void open(PeerCaches peers) {
      cache = load(peers.createCache("wide", String.class, String.class), Workload.WIDE);
    }
  }

  /** A cache of {@code Integer} counters, and an empty one for {@code putIfAbsent}. */
  @State(Scope.Benchmark)
  public static class SmallCaches {
    Cache<String, Integer> counters;
    Cache<String, String> scratch;

    @Setup(Level.Trial)
    public void open(PeerCaches peers) {
      counters = peers.createCache("counters", String.class, Integer.class);
      scratch = peers.createCache("scratch", String.class, String.class);
    }
  }

  /** Adds one to an Integer (1 when absent) and returns the new value. Serializable: distributed peers ship it. */
  public static final class Increment implements EntryProcessor<String, Integer, Integer>, Serializable {
    private static final long serialVersionUID = 1L;
    static final Increment INSTANCE = new Increment();

    @Override
    public Integer process(MutableEntry<String, Integer> entry, Object... arguments) {
      Integer current = entry.getValue();
      int next = current == null ? 1 : current + 1;
      entry.setValue(next);
      return next;
    }
  }

  /**
   * This thread's own Integer counter (so increments are uncontended), and how often it was incremented: after the
   * trial the cache must hold exactly that count, whatever the peer.
   */
  @State(Scope.Thread)
  public static class Counter {
    Cache<String, Integer> counters;
    String key;
    long increments;

    @Setup(Level.Trial)
    public void bind(SmallCaches caches, ThreadParams thread) {
      counters = caches.counters;
      key = "counter-" + thread.getThreadIndex();
    }

    @TearDown(Level.Trial)
    public void verify() {
      Integer value = counters.get(key);
      long actual = value == null ? 0 : value;
      check(actual == increments, "lost increments on " + key + ": " + actual + " of " + increments);
    }
  }

  static Cache<String, String> load(Cache<String, String> cache, Workload workload) {
    workload.fill(cache, Workload.BATCH);
    for (int i = 0; i < workload.size(); i++) {
      check(workload.values[i].equals(cache.get(workload.keys[i])), "preload does not read back: " + cache.getName());
    }
    return cache;
  }

  /** {@code get} of the next hot key: a near-cache hit where the peer has a near cache, else a round trip. */
  @Benchmark
  @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public String get(HotCache hot, Cursor cursor) {
    return hot.cache.get(Workload.HOT.keys[cursor.nextKey()]);
  }

  /** {@code put} overwriting the next hot key with a value it does not have. */
  @Benchmark
  @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void put(HotCache hot, Cursor cursor) {
    int i = cursor.nextKey();
    hot.cache.put(Workload.HOT.keys[i], cursor.value(i));
  }

  /** {@code putIfAbsent} of an absent key, then {@code remove} of it: two conditional writes; both must succeed. */
  @Benchmark
  public boolean putIfAbsentRemove(SmallCaches caches, Cursor cursor) {
    boolean put = caches.scratch.putIfAbsent(cursor.scratchKey, Workload.HOT.values[0]);
    boolean removed = caches.scratch.remove(cursor.scratchKey);
    if (!(put && removed)) {
      throw new IllegalStateException("putIfAbsent " + put + ", remove " + removed + " on " + cursor.scratchKey);
    }
    return removed;
  }

  /** {@code getAll} of the next batch of 100 hot keys. */
  @Benchmark
  public Map<String, String> getAll100(HotCache hot, Cursor cursor) {
    return hot.cache.getAll(hot.keyBatches[cursor.nextBatch()]);
  }

  /** {@code putAll} of the next batch of 100 hot keys, with values they do not have. */
  @Benchmark
  public void putAll100(HotCache hot, Cursor cursor) {
    int batch = cursor.nextBatch();
    hot.cache.putAll(hot.entryBatches[cursor.pass() & 1][batch]);
  }

  /** {@code invoke} of an EntryProcessor adding one to this thread's own Integer counter (uncontended). */
  @Benchmark
  public Integer invokeIncrement(Counter counter) {
    counter.increments++;
    return counter.counters.invoke(counter.key, Increment.INSTANCE);
  }

  /** 95% {@code get}, 5% {@code put}, of keys drawn uniformly from 10,000. */
  @Benchmark
  public Object readHeavy(WideCache wide, Cursor cursor) {
    int i = cursor.random.nextInt(Workload.WIDE.size());
    if (cursor.random.nextInt(100) < 5) {
      wide.cache.put(Workload.WIDE.keys[i], Workload.WIDE.valueOnPass(i, cursor.random.nextInt(1, 100)));
      return Boolean.TRUE;
    }
    return wide.cache.get(Workload.WIDE.keys[i]);
  }
}
