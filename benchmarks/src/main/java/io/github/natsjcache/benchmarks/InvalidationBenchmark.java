package io.github.natsjcache.benchmarks;

import static io.github.natsjcache.benchmarks.Workload.check;

import io.github.natsjcache.NatsCachingProvider;
import io.github.natsjcache.benchmarks.servers.LocalNatsServer;
import java.io.Serializable;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.spi.CachingProvider;
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

/**
 * How long a write on one node takes to reach another node's near-cache.
 *
 * <p>Two nodes (two CacheManagers, each with its own connection; node B's provider is loaded through its own class
 * loader, since JSR-107 keeps one manager per URI and class loader) share one cache, near-cache on for both. Every key
 * of the hot set is in B's near-cache. Each operation of {@code invalidationLatency}:
 * <ol>
 *   <li>untimed ({@link Level#Invocation} set-up): node A puts a new value of the next key, and returns with
 *       JetStream's ack;
 *   <li>timed: node B calls {@code get} on that key until it returns the new value. While the old value is still
 *       in B's near-cache, each get is a memory read; once B's bucket watch has invalidated it, the get reads the
 *       bucket and installs the new value, so B has every key cached again for the next pass.
 * </ol>
 * So a sample is the time from A's put returning to B first seeing the value (watch delivery, plus B's read from the
 * bucket). The watch event often arrives before A has its ack: B's first get then already misses its near-cache
 * and reads the bucket, so the floor of a sample is one remote get (~100 µs here), not zero. The share of such
 * waits is printed at the end of the trial (warm-up included). {@code put} is that same put, measured alone, on the same set-up.
 * B's loop spins with {@link Thread#onSpinWait()} and yields every 32 polls, so that it leaves the second core of a
 * small machine to the server and the watch thread; a wait longer than 1 s fails the benchmark.
 *
 * <p>With {@code listenerOnB=slow}, node B has a synchronous listener that takes 1 ms over each update: other nodes'
 * changes reach it on a thread of its own, so the delay should not grow with it.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(1)
public class InvalidationBenchmark {

  static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Nodes A and B on one cache; every key cached on B. One writer thread, so each state is one thread's. */
  @State(Scope.Thread)
  public static class Nodes {
    CacheManager managerA;
    CacheManager managerB;
    Cache<String, String> cacheA;
    Cache<String, String> cacheB;

    private int index = -1;
    private long version;
    /** The key and value the current operation wrote. */
    String key;
    String value;
    /** Whether node B has a listener that takes 1 ms over each update ({@code slow}) or none ({@code none}). */
    @Param({"none", "slow"})
    public String listenerOnB;

    /** How many waits found the new value on B's first get (the watch came before the ack), and how many waits. */
    long firstGetFresh;
    long waits;

    @Setup(Level.Trial)
    public void setUp(LocalNatsServer server) {
      URI uri = URI.create(server.url());
      Properties properties = new Properties();
      properties.setProperty("nearCache", "true");
      ClassLoader loader = InvalidationBenchmark.class.getClassLoader();
      CachingProvider providerA = Caching.getCachingProvider(NatsCachingProvider.class.getName(), loader);
      // A class loader of its own gives node B its own provider instance, hence its own manager and connection.
      ClassLoader loaderB = new ClassLoader(loader) {};
      CachingProvider providerB = Caching.getCachingProvider(NatsCachingProvider.class.getName(), loaderB);
      check(providerA != providerB, "node B must have its own provider instance");
      managerA = providerA.getCacheManager(uri, loader, properties);
      managerB = providerB.getCacheManager(uri, loaderB, properties);
      check(managerA != managerB, "nodes A and B must be two managers");
      MutableConfiguration<String, String> configuration =
          new MutableConfiguration<String, String>().setTypes(String.class, String.class);
      cacheA = managerA.createCache("invalidation", configuration);
      cacheB = managerB.createCache("invalidation", configuration); // attaches to A's bucket
      if (listenerOnB.equals("slow")) {
        cacheB.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(new SlowListener()), null, /* isOldValueRequired= */ false,
            /* isSynchronous= */ true));
      }
      JCacheBenchmark.load(cacheA, Workload.HOT);
      for (int i = 0; i < Workload.HOT.size(); i++) {
        check(Workload.HOT.values[i].equals(cacheB.get(Workload.HOT.keys[i])), "node B does not see node A's preload");
      }
    }

    /** Moves to the next key and a value it never had ({@link Workload#versionedValue}). */
    void next() {
      if (++index == Workload.HOT.size()) {
        index = 0;
      }
      key = Workload.HOT.keys[index];
      value = Workload.HOT.versionedValue(index, ++version % Workload.VERSIONS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      if (waits > 0) {
        System.out.printf("%ninvalidationLatency: %,d waits, %.1f%% saw the new value on node B's first get%n",
            waits, firstGetFresh * 100.0 / waits);
      }
      if (managerB != null) {
        managerB.close();
      }
      if (managerA != null) {
        managerA.close();
      }
    }
  }

  /**
   * The untimed half of an {@code invalidationLatency} operation: node A's acknowledged put. The benchmark reaches
   * the nodes through this state only: JMH 1.37 gave the benchmark method and this state's invocation set-up two
   * different {@code Nodes} instances when both named it.
   */
  @State(Scope.Thread)
  public static class Written {
    Nodes nodes;

    @Setup(Level.Trial)
    public void bind(Nodes nodes) {
      this.nodes = nodes;
    }

    @Setup(Level.Invocation)
    public void writeOnA() {
      nodes.next();
      nodes.cacheA.put(nodes.key, nodes.value);
    }
  }

  @Benchmark
  public int invalidationLatency(Written written) {
    Nodes nodes = written.nodes;
    String key = nodes.key;
    String expected = nodes.value;
    long deadline = System.nanoTime() + MAX_WAIT_NANOS;
    int polls = 0;
    while (!expected.equals(nodes.cacheB.get(key))) {
      polls++;
      if ((polls & 31) == 0) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("node B did not see " + key + "=" + expected + " within 1 s");
        }
        Thread.yield();
      } else {
        Thread.onSpinWait();
      }
    }
    nodes.waits++;
    if (polls == 0) {
      nodes.firstGetFresh++;
    }
    return polls;
  }

  @Benchmark
  public void put(Nodes nodes) {
    nodes.next();
    nodes.cacheA.put(nodes.key, nodes.value);
  }

  /** A synchronous listener that takes 1 ms over each update, as one writing to a database might. */
  static final class SlowListener implements CacheEntryUpdatedListener<String, String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(event -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)));
    }
  }
}
