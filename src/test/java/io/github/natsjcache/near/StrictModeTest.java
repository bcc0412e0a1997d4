package io.github.natsjcache.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.NatsTestServer;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
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
