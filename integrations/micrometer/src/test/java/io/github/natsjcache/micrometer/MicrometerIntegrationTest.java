package io.github.natsjcache.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.embedded.EmbeddedNatsServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.JCacheMetrics;
import io.micrometer.core.instrument.config.InvalidConfigurationException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.spi.CachingProvider;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Micrometer's JCacheMetrics and the example near-cache binder, on a private nats-server. */
class MicrometerIntegrationTest {

  private static EmbeddedNatsServer server;
  private static CachingProvider provider;
  private CacheManager nodeA;
  private CacheManager nodeB;

  @BeforeAll
  static void startServer() {
    server = EmbeddedNatsServer.start();
    provider = Caching.getCachingProvider("io.github.natsjcache.NatsCachingProvider");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void closeManagers() {
    for (CacheManager manager : new CacheManager[] {nodeA, nodeB}) {
      if (manager != null) {
        for (String name : manager.getCacheNames()) {
          manager.destroyCache(name);
        }
        manager.close();
      }
    }
  }

  private static URI serverUri() {
    return URI.create("nats://127.0.0.1:" + server.port());
  }

  private static CacheManager manager(URI uri, Properties properties) {
    return provider.getCacheManager(uri, MicrometerIntegrationTest.class.getClassLoader(), properties);
  }

  private static MutableConfiguration<String, String> statisticsOn() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class)
        .setStatisticsEnabled(true);
  }

  private static double value(SimpleMeterRegistry registry, String name, String... tags) {
    Meter meter = registry.get(name).tags(tags).meter();
    return meter.measure().iterator().next().getValue();
  }

  private static Object attribute(ObjectName name, String attribute) throws Exception {
    return ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute);
  }

  /** Polls a condition until it holds or the deadline passes (no fixed sleeps). */
  private static boolean await(BooleanSupplier condition, long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.onSpinWait();
      Thread.yield();
    }
    return condition.getAsBoolean();
  }

  @Test
  void jcacheMetricsReportsTheTraffic() throws Exception {
    nodeA = manager(serverUri(), new Properties());
    Cache<String, String> cache = nodeA.createCache("MM_ORDERS", statisticsOn());

    cache.put("order-1", "{\"Id\":1}");
    cache.put("order-2", "{\"Id\":2}");
    cache.putAll(Map.of("order-3", "{\"Id\":3}", "order-4", "{\"Id\":4}"));   // 4 puts
    assertNotNull(cache.get("order-1"));
    assertNotNull(cache.get("order-2"));
    assertNotNull(cache.get("order-3"));                                        // 3 hits
    assertEquals(null, cache.get("order-404"));
    assertEquals(null, cache.get("order-405"));                                // 2 misses
    assertTrue(cache.remove("order-1"));
    assertTrue(cache.remove("order-2"));                                       // 2 removals
    assertFalse(cache.remove("order-1"));                                      // nothing removed: not counted
    assertEquals(null, cache.get("order-1"));                                  // 3rd miss

    // JCacheMetrics finds the statistics under JSR-107's standard name, from the manager's URI and the cache name.
    ObjectName standard = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
        + serverUri().toString().replace(':', '.') + ",Cache=MM_ORDERS");
    MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
    assertTrue(platform.isRegistered(standard), "statistics MXBean at " + standard);

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    JCacheMetrics.monitor(registry, cache, "node", "a");

    assertEquals(3, value(registry, "cache.gets", "cache", "MM_ORDERS", "result", "hit"));
    assertEquals(3, value(registry, "cache.gets", "cache", "MM_ORDERS", "result", "miss"));
    assertEquals(4, value(registry, "cache.puts", "cache", "MM_ORDERS"));
    assertEquals(2, value(registry, "cache.removals", "cache", "MM_ORDERS"));
    // The bucket never evicts on its own (no size-bounded eviction in JSR-107's sense): 0, as the MXBean says.
    assertEquals(0, value(registry, "cache.evictions", "cache", "MM_ORDERS"));
    assertEquals(0L, attribute(standard, "CacheEvictions"));
    assertEquals("a", registry.get("cache.puts").meter().getId().getTag("node"));

    // The meters are live: more traffic, new values, no re-binding.
    cache.get("order-3");
    cache.put("order-5", "{\"Id\":5}");
    assertEquals(4, value(registry, "cache.gets", "cache", "MM_ORDERS", "result", "hit"));
    assertEquals(5, value(registry, "cache.puts", "cache", "MM_ORDERS"));
    assertEquals(attribute(standard, "CacheGets"),
        (long) (value(registry, "cache.gets", "result", "hit") + value(registry, "cache.gets", "result", "miss")));
  }

  @Test
  void nearCacheBinderPublishesNearCacheAndStalenessFigures() throws Exception {
    Properties small = new Properties();
    small.setProperty("cache.MM_NEAR.nearCache.maxEntries", "8");
    nodeA = manager(serverUri(), small);
    // A second node: its own manager and connection (another URI, so its beans cannot clash with node A's).
    nodeB = manager(URI.create(serverUri() + "?timeout=5s"), new Properties());

    CountDownLatch updatesOnA = new CountDownLatch(5);
    CacheEntryUpdatedListener<String, String> listener = (Iterable<CacheEntryEvent<? extends String,
        ? extends String>> events) -> events.forEach(e -> updatesOnA.countDown());
    MutableConfiguration<String, String> configuration = statisticsOn();
    Cache<String, String> onA = nodeA.createCache("MM_NEAR", configuration);
    onA.registerCacheEntryListener(
        new MutableCacheEntryListenerConfiguration<>(() -> listener, null, false, true));
    Cache<String, String> onB = nodeB.createCache("MM_NEAR",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    NatsNearCacheMetrics.monitor(registry, onA, "node", "a");
    ObjectName near = NatsNearCacheMetrics.objectName(nodeA.getURI().toString(), "MM_NEAR");
    assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(near), "near-cache MXBean at " + near);

    for (int i = 0; i < 5; i++) {
      onA.put("k" + i, "v" + i);
    }
    for (int i = 0; i < 5; i++) {
      assertEquals("v" + i, onA.get("k" + i));                              // served from memory
    }
    assertEquals(null, onA.get("absent"));                                    // goes to the bucket

    // Traffic from the second node: node A's watch drops its copies, and its listener hears the updates. Each replaces
    // a value A's watch must know first: the bucket keeps a key's last message only, so a change overwritten before
    // the watch delivered it is gone, and B's write would be heard as a creation.
    assertTrue(await(() -> value(registry, "natsjcache.watch.lag", "cache", "MM_NEAR") == 0, 5_000),
        "node A's watch applied A's puts");
    for (int i = 0; i < 5; i++) {
      onB.put("k" + i, "w" + i);
    }
    assertTrue(updatesOnA.await(10, TimeUnit.SECONDS), "node A heard node B's five updates");
    for (int i = 0; i < 5; i++) {
      assertEquals("w" + i, onA.get("k" + i));
    }

    double hits = value(registry, "natsjcache.near.gets", "cache", "MM_NEAR", "result", "hit");
    double misses = value(registry, "natsjcache.near.gets", "cache", "MM_NEAR", "result", "miss");
    double invalidations = value(registry, "natsjcache.near.invalidations", "cache", "MM_NEAR");
    assertTrue(hits >= 5, "near hits " + hits);
    assertTrue(misses >= 1, "near misses " + misses);
    assertTrue(invalidations >= 5, "invalidations " + invalidations);
    assertEquals(((Number) attribute(near, "NearHits")).doubleValue(), hits);
    assertEquals(((Number) attribute(near, "Invalidations")).doubleValue(), invalidations);

    double average = registry.get("natsjcache.invalidation.delay").tag("stat", "avg").timeGauge()
        .value(TimeUnit.MILLISECONDS);
    double max = registry.get("natsjcache.invalidation.delay").tag("stat", "max").timeGauge()
        .value(TimeUnit.MILLISECONDS);
    assertFalse(Double.isNaN(average));
    assertTrue(average >= 0 && average <= max, "avg " + average + " max " + max);
    assertEquals(((Number) attribute(near, "AverageInvalidationDelayMillis")).doubleValue(), average, 1e-9);
    assertTrue(await(() -> value(registry, "natsjcache.watch.lag", "cache", "MM_NEAR") == 0, 5_000),
        "watch caught up");
    assertEquals(1, value(registry, "natsjcache.watch.healthy", "cache", "MM_NEAR"));

    // The near-cache keeps 8 keys: reading 40 evicts (Caffeine evicts asynchronously, hence the bounded poll).
    for (int i = 0; i < 40; i++) {
      onB.put("e" + i, "x");
    }
    for (int i = 0; i < 40; i++) {
      assertEquals("x", onA.get("e" + i));
    }
    assertTrue(await(() -> value(registry, "natsjcache.near.evictions", "cache", "MM_NEAR") > 0, 5_000),
        "near-cache evictions");
    assertEquals(((Number) attribute(near, "Evictions")).doubleValue(),
        value(registry, "natsjcache.near.evictions", "cache", "MM_NEAR"));
    assertEquals("a", registry.get("natsjcache.watch.lag").meter().getId().getTag("node"));
  }

  /**
   * Micrometer forms the name as {@code "javax.cache:type=CacheStatistics,CacheManager=" + uri.replace(':', '.') +
   * ",Cache=" + cacheName}; JSR-107 (and nats-jcache) replace {@code , : = \n} in both parts. A manager URI with
   * options in its query or with several servers, or a cache name with one of those characters, therefore has no
   * MXBean that Micrometer can name: its constructor throws.
   */
  @Test
  void jcacheMetricsCannotNameUrisWithQueryOrSeveralServers() {
    nodeA = manager(URI.create(serverUri() + "?timeout=5s"), new Properties());
    Cache<String, String> withQuery = nodeA.createCache("MM_QUERY", statisticsOn());
    assertThrows(InvalidConfigurationException.class,
        () -> JCacheMetrics.monitor(new SimpleMeterRegistry(), withQuery));

    nodeB = manager(URI.create(serverUri() + "," + serverUri()), new Properties());
    Cache<String, String> twoServers = nodeB.createCache("MM_SERVERS", statisticsOn());
    assertThrows(InvalidConfigurationException.class,
        () -> JCacheMetrics.monitor(new SimpleMeterRegistry(), twoServers));

    // Our binder names the near-cache bean as the provider does, so it works with every URI.
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    NatsNearCacheMetrics.monitor(registry, twoServers);
    twoServers.put("k", "v");
    twoServers.get("k");
    assertTrue(value(registry, "natsjcache.near.gets", "result", "hit") >= 1);
  }

  /** The way out: a {@code file:} (or {@code classpath:}) configuration URI, which frameworks need anyway. */
  @Test
  void jcacheMetricsWorksWithAConfigurationFileUri(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("nats-jcache.properties");
    Files.writeString(file, "servers=" + serverUri() + "," + serverUri() + "\ntimeout=5s\n");
    nodeA = manager(file.toUri(), new Properties());
    Cache<String, String> cache = nodeA.createCache("MM_FILE", statisticsOn());
    cache.put("a", "1");
    cache.get("a");
    cache.get("b");

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    JCacheMetrics.monitor(registry, cache, Tags.empty());
    assertEquals(1, value(registry, "cache.puts"));
    assertEquals(1, value(registry, "cache.gets", "result", "hit"));
    assertEquals(1, value(registry, "cache.gets", "result", "miss"));
  }
}
