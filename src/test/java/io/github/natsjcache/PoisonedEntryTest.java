package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.management.ObjectName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An entry the cache cannot read (garbage from another client, another codec, a class that changed) reads as a miss:
 * its key can be written again, and no whole-cache operation stops at it.
 */
@Tag("server")
class PoisonedEntryTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  @ParameterizedTest(name = "JCache-Codec: {0}")
  @ValueSource(strings = {"bogus", "java"})
  void unreadableEntry_readsAsAMiss_andNothingElseStops(String codecHeader) throws Exception {
    String name = "poisoned-" + codecHeader;
    Properties properties = new Properties();
    properties.setProperty("codec", codecHeader.equals("java") ? "java" : "string");
    properties.setProperty("nearCache", "false"); // every read below goes to the bucket
    Cache<String, String> cache = nats.node(properties).createCache(name,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class).setStatisticsEnabled(true)
            .setManagementEnabled(true));
    cache.put("good", "value");
    try (Connection raw = Nats.connect(nats.url())) {
      Headers headers = new Headers().put("JCache-Codec", codecHeader);
      raw.jetStream().publish("$KV." + name + ".poisoned", headers, "garbage".getBytes(StandardCharsets.UTF_8));
    }

    assertNull(cache.get("poisoned"));
    assertFalse(cache.containsKey("poisoned"));
    assertEquals(Map.of("good", "value"), cache.getAll(Set.of("good", "poisoned")));
    Map<String, String> iterated = new HashMap<>();
    cache.forEach(entry -> iterated.put(entry.getKey(), entry.getValue()));
    assertEquals(Map.of("good", "value"), iterated);
    assertFalse(cache.remove("poisoned"), "nothing readable was there to remove");
    assertTrue(unreadableReads(cache) >= 5, "every read of it counted");

    assertTrue(cache.putIfAbsent("poisoned", "repaired"), "a miss can be filled");
    assertEquals("repaired", cache.get("poisoned"));
    cache.removeAll();
    assertFalse(cache.iterator().hasNext());
  }

  @Test
  void serializedObjectPublishedAsKeyOfAStringCache_isNeverBuilt_andTheCacheKeepsWorking() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    Cache<String, String> cache = nats.node(properties).createCache("hostile-key",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    EventRecorder heard = EventRecorder.listenTo(cache); // its watch decodes every key it sees
    Tripwire.TRIPPED.set(false);
    ByteArrayOutputStream serialized = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(serialized)) {
      out.writeObject(new Tripwire());
    }
    String hostileKey = "=j-" + Base64.getUrlEncoder().withoutPadding().encodeToString(serialized.toByteArray());
    try (Connection raw = Nats.connect(nats.url())) {
      raw.jetStream().publish("$KV.hostile-key." + hostileKey, "x".getBytes(StandardCharsets.UTF_8));
      raw.jetStream().publish("$KV.hostile-key.marker", "m".getBytes(StandardCharsets.UTF_8));
    }

    heard.awaitCreated("marker"); // the watch went past the hostile key
    Map<String, String> iterated = new HashMap<>();
    cache.forEach(entry -> iterated.put(entry.getKey(), entry.getValue()));
    assertEquals(Map.of("marker", "m"), iterated);
    assertFalse(Tripwire.TRIPPED.get(), "a node built an object named in a key");
  }

  private static long unreadableReads(Cache<String, String> cache) throws Exception {
    return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(
        "io.github.natsjcache:type=NearCacheStatistics,CacheManager="
            + cache.getCacheManager().getURI().toString().replaceAll("[,:=*?\"]", ".") + ",Cache=" + cache.getName()),
        "UnreadableReads");
  }
}
