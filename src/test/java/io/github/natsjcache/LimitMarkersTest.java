package io.github.natsjcache;

import static javax.cache.event.EventType.CREATED;
import static javax.cache.event.EventType.EXPIRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.natsjcache.EventRecorder.Seen;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bucket made by another client with a max age and limit markers (2.11+): when the server drops a value for its
 * age it leaves a marker without KV's own header. Every node reads that as the key's expiry, never as a value.
 */
@Tag("server")
class LimitMarkersTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  @RegisterExtension
  final ForeignBucket foreign = new ForeignBucket(nats);

  @Test
  void valueDroppedForItsAge_withLimitMarkers_isAnExpiryOnEveryNode() throws Exception {
    boolean limitMarkers = foreign.connection().getServerInfo().isSameOrNewerThanVersion("2.11.0");
    KeyValueConfiguration.Builder bucket = KeyValueConfiguration.builder().name(foreign.name())
        .storageType(StorageType.Memory).ttl(Duration.ofSeconds(1));
    if (limitMarkers) {
      bucket.limitMarker(Duration.ofSeconds(5));
    }
    foreign.connection().keyValueManagement().create(bucket.build());
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    Cache<String, String> cache = nats.node(properties).createCache(foreign.name(),
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    EventRecorder recorder = EventRecorder.listenTo(cache);

    foreign.keyValue().put("k", "v".getBytes(StandardCharsets.UTF_8));
    recorder.awaitCreated("k");
    assertEquals("v", cache.get("k")); // held by this node, so the expiry can carry it as the old value

    if (limitMarkers) {
      recorder.awaitSeen(EXPIRED, "k"); // the server's marker, a second later
      assertEquals(List.of(new Seen(CREATED, "k", "v", null), new Seen(EXPIRED, "k", "v", "v")), recorder.seen());
      assertNull(cache.get("k"));
      assertNull(foreign.valueOf("k"));
    } else {
      Eventually.assertTrue(() -> foreign.valueOf("k") == null, "the value ages out");
      assertEquals(List.of(new Seen(CREATED, "k", "v", null)), recorder.seen(), "2.9 leaves no marker to hear");
    }
  }
}
