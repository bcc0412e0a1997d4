package io.github.natsjcache.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.natsjcache.benchmarks.peers.PeerCaches;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * A near-cache hit against its floor, side by side in one run: {@code get} of a peer's JCache (ours, with the
 * near-cache holding every hot key; or Caffeine's JCache) against {@code getIfPresent} of a plain Caffeine cache
 * bounded as our near-cache is (10,000 entries, Caffeine's defaults otherwise), on the same 1,000 hot keys drawn
 * uniformly or from a Zipfian distribution. The draws are made before the trial, so each operation is one array read
 * and one lookup.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class HitBenchmark {

  /** The bound of our near-cache by default, and of the Caffeine baseline. */
  private static final int MAX_ENTRIES = 10_000;

  /** A plain Caffeine cache bounded to {@link #MAX_ENTRIES}, holding the hot set. */
  @State(Scope.Benchmark)
  public static class BoundedCaffeine {
    com.github.benmanes.caffeine.cache.Cache<String, String> cache;

    @Setup(Level.Trial)
    public void load() {
      cache = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();
      for (int i = 0; i < Workload.HOT.size(); i++) {
        cache.put(Workload.HOT.keys[i], Workload.HOT.values[i]);
      }
    }
  }

  /**
   * A plain Caffeine cache bounded the same way whose entries are slots, each a value with its revision and deadline,
   * as a near-cache fenced by revisions must keep them: the floor of such a hit, one memory access above a plain one.
   */
  @State(Scope.Benchmark)
  public static class BoundedCaffeineOfSlots {
    com.github.benmanes.caffeine.cache.Cache<String, Slot> cache;

    @Setup(Level.Trial)
    public void load() {
      cache = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();
      for (int i = 0; i < Workload.HOT.size(); i++) {
        cache.put(Workload.HOT.keys[i], new Slot(Workload.HOT.values[i], i + 1, Long.MAX_VALUE));
      }
    }
  }

  /** A value as a revision-fenced near-cache keeps it. */
  record Slot(String value, long revision, long expiresAt) {}

  /** The peer's cache holding the hot set, read once so that a near cache holds it. */
  @State(Scope.Benchmark)
  public static class PeerHotCache {
    Cache<String, String> cache;

    @Setup(Level.Trial)
    public void open(PeerCaches peers) {
      cache = JCacheBenchmark.load(peers.createCache("hits", String.class, String.class), Workload.HOT);
    }
  }

  /** This thread's draws of hot keys, made before the trial. */
  @State(Scope.Thread)
  public static class Draws {
    private static final int COUNT = 1 << 16;

    /** How keys are drawn: {@code uniform}, or {@code zipfian} (exponent 0.99, as YCSB's). */
    @Param({"uniform", "zipfian"})
    public String keys;

    String[] drawn;
    int next;

    @Setup(Level.Trial)
    public void draw(ThreadParams thread) {
      SplittableRandom random = new SplittableRandom(thread.getThreadIndex());
      KeyDraw draw = switch (keys) {
        case "uniform" -> KeyDraw.uniform(Workload.HOT.size());
        case "zipfian" -> KeyDraw.zipfian(Workload.HOT.size(), 0.99);
        default -> throw new IllegalArgumentException("keys must be uniform or zipfian, not " + keys);
      };
      drawn = draw.draw(Workload.HOT.keys, COUNT, random);
    }

    String nextKey() {
      return drawn[next++ & (COUNT - 1)];
    }
  }

  /** {@code getIfPresent} of a plain bounded Caffeine cache, alone in its JVM: the floor of a hit. */
  @Benchmark
  public String boundedCaffeineGetIfPresent(BoundedCaffeine caffeine, Draws draws) {
    return caffeine.cache.getIfPresent(draws.nextKey());
  }

  /**
   * The same, in a JVM where the peer's cache is open and was used (its preload), as it is where the peer's hit is
   * measured: what the JIT learned from the other uses of the JDK's maps there (their keys' types) shapes the code
   * it compiles for both.
   */
  @Benchmark
  public String boundedCaffeineGetIfPresentBesidePeer(BoundedCaffeine caffeine, PeerHotCache peer, Draws draws) {
    return caffeine.cache.getIfPresent(draws.nextKey());
  }

  /** {@code getIfPresent} of the cache of slots, beside the peer's cache: the value of a live slot. */
  @Benchmark
  public String boundedCaffeineOfSlotsBesidePeer(BoundedCaffeineOfSlots caffeine, PeerHotCache peer, Draws draws) {
    Slot slot = caffeine.cache.getIfPresent(draws.nextKey());
    return slot == null || slot.expiresAt() != Long.MAX_VALUE ? null : slot.value();
  }

  /** {@code get} of the peer's JCache: a near-cache hit for ours. */
  @Benchmark
  public String peerGet(PeerHotCache hot, Draws draws) {
    return hot.cache.get(draws.nextKey());
  }

  /**
   * {@link #boundedCaffeineGetIfPresentBesidePeer} called as an application calls a cache: from a method the JIT
   * compiles on its own. In the loop above, Caffeine's lookup may be inlined into the benchmark loop itself, while the
   * JIT compiles a cache's get, reached from many places, as a method of its own that it no longer inlines.
   */
  @Benchmark
  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  public String boundedCaffeineGetIfPresentCalled(BoundedCaffeine caffeine, PeerHotCache peer, Draws draws) {
    return caffeine.cache.getIfPresent(draws.nextKey());
  }

  /** {@link #peerGet} called as an application calls a cache (see {@link #boundedCaffeineGetIfPresentCalled}). */
  @Benchmark
  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  public String peerGetCalled(PeerHotCache hot, Draws draws) {
    return hot.cache.get(draws.nextKey());
  }
}
