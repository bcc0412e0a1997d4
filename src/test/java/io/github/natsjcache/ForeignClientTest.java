package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.EventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A cache with the string codec shares its bucket with plain NATS KV clients, in both directions. */
@Tag("server")
class ForeignClientTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  private Cache<String, String> cache;
  private Connection connection;
  private KeyValue foreign;

  @BeforeEach
  void createCacheAndForeignClient(TestInfo test) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    cache = nats.node(properties).createCache(test.getTestMethod().orElseThrow().getName(),
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    connection = Nats.connect(nats.url());
    foreign = connection.keyValue(cache.getName());
  }

  @AfterEach
  void closeForeignClient() throws InterruptedException {
    connection.close();
  }

  @Test
  void foreignPut_readByCache() throws Exception {
    foreign.put("k", "v");
    assertEquals("v", cache.get("k"));
    assertTrue(cache.containsKey("k"));
  }

  @Test
  void foreignPut_unicode_readByCache() throws Exception {
    foreign.put("k", "grüße ✓ 😀".getBytes(StandardCharsets.UTF_8));
    assertEquals("grüße ✓ 😀", cache.get("k"));
  }

  @Test
  void foreignPut_seenByGetAllAndIterator() throws Exception {
    foreign.put("a", "1");
    foreign.put("b", "2");
    cache.put("c", "3");
    assertEquals(Map.of("a", "1", "b", "2"), cache.getAll(Set.of("a", "b", "absent")));
    Map<String, String> iterated = new HashMap<>();
    cache.forEach(entry -> iterated.put(entry.getKey(), entry.getValue()));
    assertEquals(Map.of("a", "1", "b", "2", "c", "3"), iterated);
  }

  @Test
  void foreignPutUnderAnotherFormOfAKey_isNotThatKey() throws Exception {
    cache.put("k", "v");
    EventRecorder events = EventRecorder.listenTo(cache);
    String alias = "=s-" + Base64.getUrlEncoder().withoutPadding().encodeToString("k".getBytes(StandardCharsets.UTF_8));

    foreign.put(alias, "alias");
    foreign.put("marker", "m");
    events.awaitCreated("marker");

    assertEquals(List.of(new EventRecorder.Seen(EventType.CREATED, "marker", "m", null)), events.seen(),
        "the alias is no change of k (review L5)");
    List<String> iterated = new ArrayList<>();
    cache.forEach(entry -> iterated.add(entry.getKey() + "=" + entry.getValue()));
    iterated.sort(null);
    assertEquals(List.of("k=v", "marker=m"), iterated);
  }

  @Test
  void foreignPutWithTheNodesOrigin_isHeardByItsListener() throws Exception {
    cache.put("own", "v");
    String origin = connection.jetStreamManagement()
        .getLastMessage("KV_" + cache.getName(), "$KV." + cache.getName() + ".own").getHeaders()
        .getFirst("JCache-Origin");
    EventRecorder events = EventRecorder.listenTo(cache);
    Headers forged = new Headers().put("JCache-Origin", origin);

    connection.jetStream().publish("$KV." + cache.getName() + ".k", forged, "forged".getBytes(StandardCharsets.UTF_8));
    events.awaitCreated("k");
    cache.put("after", "a");
    foreign.put("marker", "m"); // once heard, the watch has passed the node's own write before it
    events.awaitCreated("marker");

    assertEquals(List.of(new EventRecorder.Seen(EventType.CREATED, "k", "forged", null),
        new EventRecorder.Seen(EventType.CREATED, "after", "a", null),
        new EventRecorder.Seen(EventType.CREATED, "marker", "m", null)), events.seen(),
        "a header alone makes no write the node's own (review L10); the node's own write is heard once");
  }

  @Test
  void cachePut_readByForeignClientAsUtf8() throws Exception {
    cache.put("k", "grüße ✓");
    KeyValueEntry entry = foreign.get("k");
    assertEquals("grüße ✓", new String(entry.getValue(), StandardCharsets.UTF_8));
  }

  @Test
  void cacheOverwrite_readByForeignClient() throws Exception {
    foreign.put("k", "foreign");
    assertEquals("foreign", cache.getAndPut("k", "cache"));
    assertEquals("cache", foreign.get("k").getValueAsString());
  }

  @Test
  void foreignDelete_cacheGetReturnsNull() throws Exception {
    cache.put("k", "v");
    foreign.delete("k");
    Eventually.assertTrue(() -> cache.get("k") == null, "the near-cache dropped the deleted value");
    assertFalse(cache.containsKey("k"));
    assertTrue(cache.putIfAbsent("k", "again"));
    assertEquals("again", foreign.get("k").getValueAsString());
  }

  @Test
  void foreignPurge_cacheGetReturnsNull() throws Exception {
    cache.put("k", "v");
    foreign.purge("k");
    Eventually.assertTrue(() -> cache.get("k") == null, "the near-cache dropped the purged value");
  }

  @Test
  void cacheRemove_foreignClientSeesNoValue() throws Exception {
    cache.put("k", "v");
    assertTrue(cache.remove("k"));
    KeyValueEntry entry = foreign.get("k");
    assertTrue(entry == null || entry.getValue() == null, () -> "still there: " + entry);
    assertFalse(foreign.keys().contains("k"));
  }

  @Test
  void foreignPut_conditionalCacheWritesSeeIt() throws Exception {
    foreign.put("k", "foreign");
    assertFalse(cache.putIfAbsent("k", "cache"));
    assertFalse(cache.replace("k", "other", "cache"));
    assertTrue(cache.replace("k", "foreign", "cache"));
    assertEquals("cache", foreign.get("k").getValueAsString());
  }
}
