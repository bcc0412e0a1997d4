package io.github.natsjcache.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.Eventually;
import io.github.natsjcache.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.management.JMException;
import javax.management.ObjectName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Strict mode: a read on any node right after a write returned on another sees it, with no waiting. */
@Tag("server")
class StrictModeTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  private static final MutableConfiguration<String, Integer> TYPES =
      new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class);

  private static Properties strict() {
    Properties properties = new Properties();
    properties.setProperty("strict", "true");
    properties.setProperty("strictTimeout", "2s");
    return properties;
  }

  /** Waits until both nodes see each other's heartbeats, so the writer knows whom to wait for. */
  private static void awaitPeers(Cache<String, Integer> writer, Cache<String, Integer> reader) {
    // A strict write waits only for the nodes it knows; keep writing a probe until the reader's copy is
    // refreshed by the barrier rather than by luck: three consecutive immediate reads must agree.
    int agreed = 0;
    for (int probe = 0; agreed < 3; probe++) {
      assertTrue(probe < 200, "the nodes did not find each other");
      writer.put("probe", probe);
      agreed = Integer.valueOf(probe).equals(reader.get("probe")) ? agreed + 1 : 0;
    }
  }

  @Test
  void get_onAnotherNodeRightAfterAWrite_isFreshEveryTime(TestInfo test) {
    String name = test.getTestMethod().orElseThrow().getName();
    Cache<String, Integer> writer = nats.node(strict()).createCache(name, TYPES);
    Cache<String, Integer> reader = nats.node(strict()).createCache(name, TYPES);
    awaitPeers(writer, reader);

    for (int round = 0; round < 200; round++) {
      assertEquals(round == 0 ? null : round - 1, reader.get("k"), "before round " + round);
      writer.put("k", round);
      assertEquals(round, reader.get("k"), "round " + round);
    }
    writer.putAll(Map.of("a", 1, "b", 2));
    assertEquals(Map.of("a", 1, "b", 2), reader.getAll(Set.of("a", "b")));
    writer.remove("a");
    assertNull(reader.get("a"));
    writer.clear();
    assertNull(reader.get("b"));
  }

  @Test
  void get_rightAfterAWriteOfANodeWithoutNearCache_isFreshEveryTime(TestInfo test) {
    String name = test.getTestMethod().orElseThrow().getName();
    Properties withoutNearCache = strict();
    withoutNearCache.setProperty("nearCache", "false");
    Cache<String, Integer> writer = nats.node(withoutNearCache).createCache(name, TYPES);
    Cache<String, Integer> reader = nats.node(strict()).createCache(name, TYPES);
    awaitPeers(writer, reader);

    for (int round = 0; round < 300; round++) {
      writer.put("k", round);
      assertEquals(round, reader.get("k"), "round " + round + " (review M9a)");
    }
  }

  @Test
  void requestForARevisionTheStreamDoesNotHold_leavesTheNearCacheServing(TestInfo test) throws Exception {
    String name = test.getTestMethod().orElseThrow().getName();
    URI readerUri = URI.create(nats.url() + "/" + name);
    Cache<String, Integer> reader = nats.node(readerUri, strict()).createCache(name,
        new MutableConfiguration<>(TYPES).setStatisticsEnabled(true));
    reader.put("k", 1);
    assertEquals(1, reader.get("k"));
    long hits = nearHits(readerUri, name);

    try (Connection forger = Nats.connect(nats.url())) {
      Subscription answers = forger.subscribe(forger.createInbox());
      String applied = "_jcache." + name + ".applied";
      forger.publish(applied, answers.getSubject(), "9223372036854775807".getBytes(StandardCharsets.US_ASCII));
      forger.publish(applied, answers.getSubject(), "1".getBytes(StandardCharsets.US_ASCII));
      assertNotNull(answers.nextMessage(Duration.ofSeconds(10)), "the node answers about a stored revision");
    }

    // Held from the moment it was heard, the forged revision is released once the node finds the stream does not
    // hold it: after the strict timeout (2 s), not for good.
    long[] read = {hits};
    Eventually.assertTrue(() -> {
      assertEquals(1, reader.get("k"));
      long now = nearHits(readerUri, name);
      boolean hit = now > read[0];
      read[0] = now;
      return hit;
    }, "the forged revision did not stop the near-cache for good (review M9)");
  }

  @Test
  void write_whileTheReaderStillWaitsForAnotherRevision_isAnsweredAtOnce(TestInfo test) throws Exception {
    String name = test.getTestMethod().orElseThrow().getName();
    Cache<String, Integer> writer = nats.node(strict()).createCache(name, TYPES);
    Cache<String, Integer> reader = nats.node(strict()).createCache(name, TYPES);
    awaitPeers(writer, reader);

    try (Connection other = Nats.connect(nats.url())) {
      // A request the reader cannot answer within the strict timeout (its watch will not apply that revision soon).
      other.publish("_jcache." + name + ".applied", other.createInbox(),
          "9223372036854775807".getBytes(StandardCharsets.US_ASCII));
      other.flush(Duration.ofSeconds(5));
      long started = System.nanoTime();
      writer.put("k", 1);
      long tookMillis = (System.nanoTime() - started) / 1_000_000;

      assertTrue(tookMillis < 1_000, "the write waited " + tookMillis + " ms: the reader answered it only after "
          + "giving up the request before it (review M9c; the strict timeout is 2 s)");
      assertEquals(1, reader.get("k"));
    }
  }

  private static long nearHits(URI node, String cache) {
    try {
      return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(
          "io.github.natsjcache:type=NearCacheStatistics,CacheManager=" + node.toString().replaceAll("[,:=*?\"]", ".")
              + ",Cache=" + cache), "NearHits");
    } catch (JMException e) {
      throw new AssertionError("no near-cache statistics of " + cache, e);
    }
  }

  @Test
  void write_aNodeThatLeft_isWaitedForAtMostTheTimeout(TestInfo test) {
    String name = test.getTestMethod().orElseThrow().getName();
    Cache<String, Integer> writer = nats.node(strict()).createCache(name, TYPES);
    CacheManager leaving = nats.node(strict());
    Cache<String, Integer> reader = leaving.createCache(name, TYPES);
    awaitPeers(writer, reader);

    leaving.close();
    long started = System.nanoTime();
    writer.put("k", 1);
    writer.put("k", 2);
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertTrue(tookMillis < 4_000, "two writes took " + tookMillis + " ms; a departed node is waited for once");
    assertEquals(2, writer.get("k"));
  }
}
