package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmokeTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  @Test
  void putGet() {
    Cache<String, String> cache = nats.node().createCache("smoke",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    assertNull(cache.get("a"));
    cache.put("a", "1");
    assertEquals("1", cache.get("a"));
    assertEquals(true, cache.putIfAbsent("b", "2"));
    assertEquals(false, cache.putIfAbsent("b", "3"));
    assertEquals("2", cache.getAndRemove("b"));
    assertEquals(true, cache.putIfAbsent("b", "4"));
    assertEquals(false, cache.replace("b", "x", "5"));
    assertEquals(true, cache.replace("b", "4", "5"));
    assertEquals("5", cache.get("b"));
    Cache<String, String> other = nats.node().getCache("smoke", String.class, String.class);
    assertEquals("5", other.get("b"));
  }
}
