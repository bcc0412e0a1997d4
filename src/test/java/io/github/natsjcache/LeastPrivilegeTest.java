package io.github.natsjcache;

import static javax.cache.event.EventType.CREATED;
import static javax.cache.event.EventType.REMOVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NATS permissions the README lists for a node are enough for everything a cache does: two strict nodes run as a
 * user holding exactly those, on a real server, and no permission violation is logged. Each entry is needed on some
 * server version (checked by taking each out in turn: {@code STREAM.UPDATE} and the unsuffixed {@code DIRECT.GET}
 * are used from 2.11 on, {@code STREAM.PURGE} before).
 */
@Tag("server")
class LeastPrivilegeTest {

  /** The README's example, for the bucket {@code orders} and the inbox prefix {@code _INBOX_orders}. */
  static final String NODE_PERMISSIONS = """
      {
        publish: {
          allow: [
            "$KV.orders.>",
            "$JS.API.STREAM.INFO.KV_orders",
            "$JS.API.STREAM.CREATE.KV_orders",
            "$JS.API.STREAM.UPDATE.KV_orders",
            "$JS.API.STREAM.DELETE.KV_orders",
            "$JS.API.STREAM.PURGE.KV_orders",
            "$JS.API.STREAM.MSG.GET.KV_orders",
            "$JS.API.DIRECT.GET.KV_orders",
            "$JS.API.DIRECT.GET.KV_orders.>",
            "$JS.API.CONSUMER.CREATE.KV_orders.>",
            "$JS.API.CONSUMER.DELETE.KV_orders.>",
            "_jcache.orders.*"
          ]
        }
        subscribe: { allow: ["_INBOX_orders.>", "_jcache.orders.*"] }
        allow_responses: true
      }
      """;
  private static final String PASSWORD = "node-Pa55-e41";
  private static final String NOT_HEARD = "has not heard its own announcements";

  @TempDir
  Path directory;

  @Test
  void cache_asAUserWithTheListedPermissionsOnly_doesEverything() throws Exception {
    String configuration = "authorization { users: [ { user: node, password: \"" + PASSWORD + "\", permissions: "
        + NODE_PERMISSIONS + " } ] }\n";
    try (LogCapture log = LogCapture.start();
        ConfiguredServer server = ConfiguredServer.start(directory, configuration)) {
      Cache<String, String> a = server.node("nats", node("a")).createCache("orders", strings());
      Cache<String, String> b = server.node("nats", node("b")).createCache("orders", strings());
      EventRecorder heard = EventRecorder.listenTo(b);

      a.put("k1", "v1");
      Eventually.assertTrue(() -> heard.count() > 0, "B heard A's put");
      assertEquals("v1", b.get("k1"));
      assertEquals("v1", b.getAndPut("k1", "v2"));
      assertTrue(b.replace("k1", "v2", "v3"));
      a.putAll(Map.of("k2", "v2", "k3", "v3"));
      heard.awaitCreated("k2"); // else A's removal may replace k2 in the bucket before B's watch delivers it
      assertEquals(Map.of("k1", "v3", "k2", "v2", "k3", "v3"), b.getAll(Set.of("k1", "k2", "k3")));
      Map<String, String> iterated = new HashMap<>();
      b.forEach(entry -> iterated.put(entry.getKey(), entry.getValue()));
      assertEquals(Map.of("k1", "v3", "k2", "v2", "k3", "v3"), iterated);
      assertTrue(a.remove("k2"));
      Eventually.assertTrue(() -> heard.seen().stream().anyMatch(seen -> seen.type() == REMOVED), "B heard A's remove");
      // The removal's delete marker goes after deleteMarkerTtl: aged out by the server (2.11+) or purged by a sweep.
      NatsCache<String, String> bucketOwner = a.unwrap(NatsCache.class);
      Eventually.assertTrue(() -> bucketOwner.bucketStatus().entries() == 2, "k2's marker went");
      a.clear();
      assertNull(b.get("k1"));
      a.getCacheManager().destroyCache("orders");

      assertEquals(CREATED, heard.seen().get(0).type());
      assertEquals(List.of(), log.records().stream()
          .filter(line -> line.contains("Permissions Violation") || line.contains(NOT_HEARD)).toList());
    }
  }

  @Test
  void strictBarrier_phantomPeersFromAClientOutsideTheNodes_doNotCount() throws Exception {
    String configuration = "authorization { users: [\n"
        + "  { user: node, password: \"" + PASSWORD + "\", permissions: " + NODE_PERMISSIONS + " }\n"
        + "  { user: reporting, password: \"" + PASSWORD + "\", permissions: { publish: [\"$KV.orders.>\", "
        + "\"$JS.API.>\"], subscribe: [\"_INBOX.>\"] } }\n] }\n";
    try (ConfiguredServer server = ConfiguredServer.start(directory, configuration)) {
      Properties strict = node("a");
      strict.setProperty("strictTimeout", "3s");
      Cache<String, String> cache = server.node("nats", strict).createCache("orders", strings());
      try (Connection outsider = Nats.connect(Options.builder().server(server.url("nats"))
          .userInfo("reporting", PASSWORD).errorListener(new ErrorListener() { }).build())) {
        // A client allowed to use the bucket, not the barrier: its announcements never reach the nodes.
        for (int i = 0; i < 10; i++) {
          outsider.publish("_jcache.orders.presence", ("phantom-" + i).getBytes(StandardCharsets.UTF_8));
        }
        outsider.flush(Duration.ofSeconds(5));

        long started = System.nanoTime();
        cache.put("k", "v");
        long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();

        assertTrue(tookMillis < 1_000, "a strict put waited " + tookMillis + " ms for phantom peers");
      }
    }
  }

  @Test
  void strictNode_thatCannotReadItsSubjects_saysSo() throws Exception {
    String withoutBarrier = NODE_PERMISSIONS.replace("subscribe: { allow: [\"_INBOX_orders.>\", \"_jcache.orders.*\"] }",
        "subscribe: { allow: [\"_INBOX_orders.>\"] }");
    String configuration = "authorization { users: [ { user: node, password: \"" + PASSWORD + "\", permissions: "
        + withoutBarrier + " } ] }\n";
    try (LogCapture log = LogCapture.start();
        ConfiguredServer server = ConfiguredServer.start(directory, configuration)) {
      server.node("nats", node("a")).createCache("orders", strings());

      Eventually.assertTrue(() -> log.records().stream().anyMatch(line -> line.contains("WARNING")
          && line.contains(NOT_HEARD) && line.contains("_jcache.orders.presence")), "a warning about the subjects");
    }
  }

  private static Properties node(String name) {
    Properties properties = new Properties();
    properties.setProperty("user", "node");
    properties.setProperty("password", PASSWORD);
    properties.setProperty("inboxPrefix", "_INBOX_orders");
    properties.setProperty("connectionName", "orders-" + name);
    properties.setProperty("strict", "true");
    properties.setProperty("deleteMarkerTtl", "1s");
    properties.setProperty("expirySweepInterval", "1s");
    return properties;
  }

  private static MutableConfiguration<String, String> strings() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }
}
