package io.github.natsjcache.benchmarks;

import static io.github.natsjcache.benchmarks.Workload.check;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.natsjcache.benchmarks.peers.NatsNode;
import io.github.natsjcache.benchmarks.servers.LocalNatsServer;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * How a read's cost grows with the number of keys in the bucket: a bucket of {@code bucketKeys} keys with 100-byte
 * String values ({@code codec=string}), and keys drawn uniformly from all of them.
 *
 * <ul>
 *   <li>{@code hit}: {@code get} on a node whose near-cache holds every key ({@code nearCache.maxEntries} set to
 *       hold them and the absent keys), read once with {@code getAll} before the trial;
 *   <li>{@code absent}: {@code get} of one of 1,000 keys the bucket does not have, on the same node: the near-cache
 *       knows them absent (each was read once before the trial), so a repeated miss is served from memory too;
 *   <li>{@code remoteGet}: {@code get} on a second node with {@code nearCache=false}: one round trip, what every
 *       near-cache miss costs, and the server's lookup in a bucket of that size;
 *   <li>{@code caffeineHit}: {@code getIfPresent} of a plain Caffeine cache bounded to as many entries, holding the
 *       same keys (no server): the floor of a hit among that many entries.
 * </ul>
 * A 1,000,000-key bucket takes about a minute to fill (atomic batches of 1,000 on 2.12+) and its near-cache half a
 * minute to warm, per fork.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class CacheSizeBenchmark {

  static final int CHUNK = 1_000;
  static final int ABSENT = 1_000;
  static final int DRAWS = 1 << 16;

  /** The bucket's keys and values, and the absent keys. */
  @State(Scope.Benchmark)
  public static class Keys {
    /** How many keys the bucket holds. */
    @Param({"10000", "100000", "1000000"})
    public int bucketKeys;

    Workload workload;
    String[] absentKeys;

    @Setup(Level.Trial)
    public void generate() {
      workload = Workload.of(bucketKeys, Workload.VALUE_BYTES);
      absentKeys = new String[ABSENT];
      for (int i = 0; i < ABSENT; i++) {
        absentKeys[i] = "absent-" + i;
      }
    }
  }

  /** The baseline of a hit: a plain Caffeine cache bounded to the bucket's size, holding every key. */
  @State(Scope.Benchmark)
  public static class BoundedCaffeine {
    com.github.benmanes.caffeine.cache.Cache<String, String> cache;

    @Setup(Level.Trial)
    public void fill(Keys keys) {
      cache = Caffeine.newBuilder().maximumSize(keys.bucketKeys + ABSENT).build();
      for (int i = 0; i < keys.bucketKeys; i++) {
        // A value of its own, as a decoded read gives our near-cache.
        cache.put(keys.workload.key(i), new String(keys.workload.value(i).toCharArray()));
      }
    }
  }

  /** A bucket holding the keys, filled by a node of ours that then reads it with its near-cache off. */
  @State(Scope.Benchmark)
  public static class Bucket {
    private NatsNode node;
    Cache<String, String> remote;

    @Setup(Level.Trial)
    public void fill(LocalNatsServer server, Keys keys) {
      Properties options = options();
      options.setProperty("nearCache", "false");
      node = NatsNode.open(server, options);
      remote = keys.workload.fill(node.manager().createCache("sized", configuration()), CHUNK);
      int last = keys.bucketKeys - 1;
      check(keys.workload.value(last).equals(remote.get(keys.workload.key(last))), "the bucket does not read back");
    }

    @TearDown(Level.Trial)
    public void close() {
      node.close();
    }

    static Properties options() {
      Properties options = new Properties();
      options.setProperty("codec", "string");
      return options;
    }

    static MutableConfiguration<String, String> configuration() {
      return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
    }
  }

  /** A second node, near-cache on and large enough, that has read every key and every absent key once. */
  @State(Scope.Benchmark)
  public static class NearCached {
    private NatsNode node;
    Cache<String, String> cache;

    @Setup(Level.Trial)
    public void warm(LocalNatsServer server, Keys keys, Bucket bucket) {
      Properties options = Bucket.options();
      options.setProperty("nearCache.maxEntries", Integer.toString(keys.bucketKeys + ABSENT));
      node = NatsNode.open(server, options);
      cache = node.manager().getCache("sized", String.class, String.class);
      List<Set<String>> chunks = keys.workload.chunks(CHUNK);
      for (Set<String> chunk : chunks) {
        Map<String, String> read = cache.getAll(chunk);
        check(read.size() == chunk.size(), "a getAll of " + chunk.size() + " keys read " + read.size());
      }
      for (String key : keys.absentKeys) {
        check(cache.get(key) == null, "an absent key has a value: " + key);
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      node.close();
    }
  }

  /** This thread's keys, drawn uniformly before the trial: present ones, and absent ones. */
  @State(Scope.Thread)
  public static class Draws {
    String[] present;
    String[] absent;
    int next;

    @Setup(Level.Trial)
    public void draw(Keys keys, ThreadParams thread) {
      SplittableRandom random = new SplittableRandom(thread.getThreadIndex());
      present = KeyDraw.uniform(keys.bucketKeys).draw(keys.workload.keys, DRAWS, random);
      absent = KeyDraw.uniform(ABSENT).draw(keys.absentKeys, DRAWS, random);
    }

    int next() {
      return next++ & (DRAWS - 1);
    }
  }

  /** A near hit. */
  @Benchmark
  public String hit(NearCached near, Draws draws) {
    return near.cache.get(draws.present[draws.next()]);
  }

  /** {@code getIfPresent} of the bounded Caffeine cache: the floor of a hit among as many entries. */
  @Benchmark
  public String caffeineHit(BoundedCaffeine caffeine, Draws draws) {
    return caffeine.cache.getIfPresent(draws.present[draws.next()]);
  }

  /** A miss the near-cache knows: a key read before as absent. */
  @Benchmark
  public String absent(NearCached near, Draws draws) {
    return near.cache.get(draws.absent[draws.next()]);
  }

  /** A read with the near-cache off: a round trip to the bucket. */
  @Benchmark
  public String remoteGet(Bucket bucket, Draws draws) {
    return bucket.remote.get(draws.present[draws.next()]);
  }
}
