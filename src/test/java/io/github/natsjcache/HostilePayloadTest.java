package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Nats;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Payloads that a raw NATS client publishes into an untyped cache's bucket (what Spring's and Hibernate's caches
 * are), under the default deserialization policy: nothing is built, each entry reads as a miss, the cache and its
 * watch keep working.
 */
@Tag("server")
class HostilePayloadTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"}) // the recorder hears String events; these values are Strings
  void publishedPayloads_buildNothing_readAsMisses_andTheCacheKeepsWorking() throws Exception {
    Cache<Object, Object> cache = nats.node().createCache("hostile", new MutableConfiguration<>());
    EventRecorder heard = EventRecorder.listenTo((Cache) cache); // its watch decodes every key and value it sees
    cache.put("good", "value");
    Map<String, byte[]> payloads = new LinkedHashMap<>();
    payloads.put("tripwire", HostilePayloads.tripwire());
    payloads.put("signed", HostilePayloads.signedTripwire());
    payloads.put("marshalled", HostilePayloads.marshalledTripwire());
    payloads.put("nested-sets", HostilePayloads.nestedSetsHashFlood(60));
    payloads.put("shared-sets", HostilePayloads.sharedSetsHashFlood(4, 18));
    payloads.put("huge-array", HostilePayloads.hugeArrayClaim());
    String tripwireKey = "=j-" + Base64.getUrlEncoder().withoutPadding().encodeToString(HostilePayloads.tripwire());
    Tripwire.TRIPPED.set(false);
    try (Connection raw = Nats.connect(nats.url())) {
      for (Map.Entry<String, byte[]> payload : payloads.entrySet()) {
        raw.jetStream().publish("$KV.hostile." + payload.getKey(), payload.getValue());
      }
      raw.jetStream().publish("$KV.hostile." + tripwireKey, HostilePayloads.serialized("x"));
      raw.jetStream().publish("$KV.hostile.marker", HostilePayloads.serialized("m"));
    }

    heard.awaitCreated("marker"); // the watch went past every payload above
    long allocatedBefore = allocatedBytes();
    assertNull(cache.get("huge-array"));
    assertTrue(allocatedBytes() - allocatedBefore < 64L * 1024 * 1024, "a read allocated the 128 MB claimed");
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      for (String key : payloads.keySet()) {
        assertNull(cache.get(key), key);
        assertFalse(cache.containsKey(key), key);
      }
    });
    Map<Object, Object> iterated = new HashMap<>();
    cache.forEach(entry -> iterated.put(entry.getKey(), entry.getValue()));
    assertEquals(Map.of("good", "value", "marker", "m"), iterated);
    assertFalse(Tripwire.TRIPPED.get(), "a node built an object that a raw client published");

    assertTrue(cache.putIfAbsent("tripwire", "repaired"), "a refused entry is a miss that can be filled");
    assertEquals("repaired", cache.get("tripwire"));
    cache.put("after", "works");
    heard.awaitCreated("after");
    assertEquals("works", cache.get("after"));
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }
}
