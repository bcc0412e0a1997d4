package io.github.natsjcache.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.Eventually;
import io.github.natsjcache.NatsCachingProvider;
import io.github.natsjcache.NatsTestServer;
import io.github.natsjcache.NearStatistics;
import io.github.natsjcache.RestartableServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The near-cache's counters and the watch's staleness, per node, through JMX. */
@Tag("server")
class NearCacheStatisticsTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
  /** Far below the operation timeout, which a read asking the frozen server would wait for. */
  private static final long PROMPT_MILLIS = 500;

  private static MutableConfiguration<String, String> withStatistics() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class)
        .setStatisticsEnabled(true);
  }

  /** Near hits and misses are counted while the cache's statistics are on, as JSR-107's own are. */
  @Test
  void nearReads_countedFromWhenStatisticsAreEnabled() {
    URI uri = URI.create(nats.url() + "/switched");
    javax.cache.CacheManager manager = nats.node(uri, new Properties());
    Cache<String, String> cache = manager.createCache("switched",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("k", "v");
    assertEquals("v", cache.get("k")); // a hit, not counted

    manager.enableStatistics("switched", true);
    assertEquals("v", cache.get("k"));
    assertEquals(null, cache.get("absent"));

    assertEquals(1L, attribute(uri, "switched", "NearHits"));
    assertEquals(1L, attribute(uri, "switched", "NearMisses"));
  }

  /** Reading the watch's lag asks the server nothing: a monitor polling it never waits for a frozen server (L9). */
  @Test
  void watchLag_whileTheServerIsFrozen_isReadPromptly() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("timeout", "5s");
    try (RestartableServer server = RestartableServer.start()) {
      CacheManager node = new NatsCachingProvider().getCacheManager(URI.create(server.url()),
          NearCacheStatisticsTest.class.getClassLoader(), properties);
      Cache<String, String> cache = node.createCache("lag-frozen", withStatistics());
      cache.put("k", "v");
      NearStatistics.awaitWatchCaughtUp(cache);

      server.freeze();
      try {
        long start = System.nanoTime();
        Object lag = NearStatistics.of(cache, "WatchLag");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(0L, lag, "the lag last known: the watch had applied every message");
        assertTrue(millis < PROMPT_MILLIS, "read in " + millis + " ms");
      } finally {
        server.resume();
        node.close();
      }
    }
  }

  private static Object attribute(URI node, String cache, String name) {
    try {
      return SERVER.getAttribute(new ObjectName("io.github.natsjcache:type=NearCacheStatistics,CacheManager="
          + node.toString().replaceAll("[,:=*?\"]", ".") + ",Cache=" + cache), name);
    } catch (JMException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void nearCacheStatistics_countHitsMissesInvalidationsAndDelays() {
    URI writerUri = URI.create(nats.url() + "/writer");
    URI readerUri = URI.create(nats.url() + "/reader");
    Cache<String, String> writer = nats.node(writerUri, new Properties()).createCache("near-stats", withStatistics());
    Cache<String, String> reader = nats.node(readerUri, new Properties()).createCache("near-stats", withStatistics());
    writer.put("k", "v1");

    assertEquals("v1", reader.get("k"));
    assertEquals("v1", reader.get("k"));

    assertEquals(1L, attribute(readerUri, "near-stats", "NearMisses"));
    assertEquals(1L, attribute(readerUri, "near-stats", "NearHits"));
    assertEquals(50f, attribute(readerUri, "near-stats", "NearHitPercentage"));
    assertEquals(true, attribute(readerUri, "near-stats", "NearCacheEnabled"));
    assertEquals(true, attribute(readerUri, "near-stats", "WatchHealthy"));

    writer.put("k", "v2");

    Eventually.assertTrue(() -> (Long) attribute(readerUri, "near-stats", "Invalidations") == 1L,
        "the reader's near-cache dropped v1");
    assertEquals("v2", reader.get("k"));
    assertEquals(0L, attribute(readerUri, "near-stats", "WatchLag"));
    long maxDelay = (Long) attribute(readerUri, "near-stats", "MaxInvalidationDelayMillis");
    assertTrue(maxDelay >= 0 && maxDelay < Eventually.BOUND_MILLIS, "delay " + maxDelay);
    assertEquals(0L, attribute(writerUri, "near-stats", "Invalidations"),
        "a node's own writes never invalidate its own values");
  }
}
