package io.github.natsjcache.benchmarks;

import static io.github.natsjcache.benchmarks.GetPutBenchmark.check;

import io.github.natsjcache.benchmarks.GetPutBenchmark.Cursor;
import io.github.natsjcache.benchmarks.GetPutBenchmark.Workload;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import javax.management.MBeanServer;
import javax.management.ObjectName;
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

/**
 * {@code Cache.get} of a hot set (the 1,000 keys of {@link Workload}, 100-byte String values) with the near-cache on
 * and warm ({@code getHit}), with it off ({@code getRemote}: every read is a server round trip), and through
 * Caffeine's own JCache provider ({@code caffeineHit}: the floor for an in-memory JCache hit).
 *
 * <p>The raw jnats get these are compared with is {@link GetPutBenchmark#rawGet}: run both classes in one JMH run.
 * Both JCache caches use the same configuration, {@code new MutableConfiguration<String, String>().setTypes(String,
 * String)}: store-by-value, eternal, no statistics. Two {@code CachingProvider}s are on the class path, so each is
 * named by its class.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(1)
public class NearCacheBenchmark {

  static final String CAFFEINE_PROVIDER = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";

  static MutableConfiguration<String, String> configuration() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  static void preload(Cache<String, String> cache) {
    for (int i = 0; i < GetPutBenchmark.KEY_COUNT; i++) {
      cache.put(Workload.KEYS[i], Workload.VALUES[i]);
    }
    for (int i = 0; i < GetPutBenchmark.KEY_COUNT; i++) {
      check(Workload.VALUES[i].equals(cache.get(Workload.KEYS[i])), "preload does not read back: " + cache.getName());
    }
  }

  /** One nats-jcache node on the benchmark's server, with its near-cache on or off, preloaded and read once. */
  abstract static class NatsSide {
    CacheManager manager;
    Cache<String, String> cache;

    void open(LocalNatsServer server, boolean nearCache, String cacheName) {
      Properties properties = new Properties();
      properties.setProperty("nearCache", Boolean.toString(nearCache));
      CachingProvider provider = Caching.getCachingProvider(GetPutBenchmark.PROVIDER);
      manager = provider.getCacheManager(URI.create(server.url()), NearCacheBenchmark.class.getClassLoader(),
          properties);
      cache = manager.createCache(cacheName, configuration());
      preload(cache);
      checkNearHits(nearCache);
    }

    /**
     * Proves the set-up measures what it claims: with the near-cache on, a pass over the hot set is all near hits;
     * with it off, there are none. Read from the provider's NearCacheStatistics MXBean (statistics on for the check
     * only, so they cost nothing while measuring).
     */
    private void checkNearHits(boolean nearCache) {
      manager.enableStatistics(cache.getName(), true);
      try {
        long before = nearHits();
        for (int i = 0; i < GetPutBenchmark.KEY_COUNT; i++) {
          cache.get(Workload.KEYS[i]);
        }
        long hits = nearHits() - before;
        long expected = nearCache ? GetPutBenchmark.KEY_COUNT : 0;
        check(hits == expected, "near hits over the hot set: " + hits + ", expected " + expected);
      } finally {
        manager.enableStatistics(cache.getName(), false);
      }
    }

    private long nearHits() {
      try {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(
            // any domain: the bean moved from javax.cache to io.github.natsjcache while the provider evolved
            new ObjectName("*:type=NearCacheStatistics,Cache=" + cache.getName() + ",*"), null);
        check(names.size() == 1, "no single NearCacheStatistics MXBean for " + cache.getName() + ": " + names);
        return (Long) server.getAttribute(names.iterator().next(), "NearHits");
      } catch (javax.management.JMException e) {
        throw new IllegalStateException(e);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      if (manager != null) {
        manager.close();
      }
    }
  }

  /** nats-jcache with its near-cache on (the default, named explicitly), every key of the hot set cached. */
  @State(Scope.Benchmark)
  public static class NearSide extends NatsSide {
    @Setup(Level.Trial)
    public void setUp(LocalNatsServer server) {
      open(server, true, "near_hit");
    }
  }

  /** nats-jcache with {@code nearCache=false}: every get is a direct get from the bucket. */
  @State(Scope.Benchmark)
  public static class RemoteSide extends NatsSide {
    @Setup(Level.Trial)
    public void setUp(LocalNatsServer server) {
      open(server, false, "near_remote");
    }
  }

  /** Caffeine's JCache provider, same configuration, preloaded. */
  @State(Scope.Benchmark)
  public static class CaffeineSide {
    CacheManager manager;
    Cache<String, String> cache;

    @Setup(Level.Trial)
    public void setUp() {
      CachingProvider provider = Caching.getCachingProvider(CAFFEINE_PROVIDER);
      manager = provider.getCacheManager(provider.getDefaultURI(), NearCacheBenchmark.class.getClassLoader());
      cache = manager.createCache("caffeine_hit", configuration());
      preload(cache);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      if (manager != null) {
        manager.close();
      }
    }
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS) // memory reads: ops/µs, µs/op
  public String getHit(NearSide side, Cursor cursor) {
    return side.cache.get(Workload.KEYS[cursor.next()]);
  }

  @Benchmark
  public String getRemote(RemoteSide side, Cursor cursor) {
    return side.cache.get(Workload.KEYS[cursor.next()]);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public String caffeineHit(CaffeineSide side, Cursor cursor) {
    return side.cache.get(Workload.KEYS[cursor.next()]);
  }
}
