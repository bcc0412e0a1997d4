package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A write the caller was told failed never lands later: while its node is disconnected, a write fails at once with an
 * exception saying it was not sent, and nothing of it is sent after the reconnection (jnats would otherwise keep up
 * to 8 MiB of them and send them then, over whatever other nodes wrote meanwhile).
 */
@Tag("server")
class DisconnectedWritesTest {

  @Test
  void writesWhileDisconnected_failAtOnce_andNeverLandAfterTheReconnection() throws Exception {
    try (RestartableServer server = RestartableServer.start(); CacheManager node = node(server)) {
      Cache<String, String> cache = node.createCache("disconnected",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.put("k", "before");

      ProcessHandle process = server.process();
      process.destroy();
      process.onExit().get(20, TimeUnit.SECONDS);
      Eventually.assertTrue(() -> notSent(() -> cache.get("k")), "the node knows it is disconnected");

      CacheException put = assertThrows(CacheException.class, () -> cache.put("k", "lost"));
      CacheException putAll = assertThrows(CacheException.class, () -> cache.putAll(Map.of("k", "lost", "j", "x")));
      CacheException removeAll = assertThrows(CacheException.class, () -> cache.removeAll(Set.of("k")));
      for (CacheException failed : new CacheException[] {put, putAll, removeAll}) {
        assertTrue(failed.getMessage().contains("was not sent"), failed.getMessage());
      }

      server.restart();
      Eventually.assertTrue(() -> !notSent(() -> cache.get("k")), "the node is back");
      cache.put("probe", "after"); // sent after anything the connection could still have held
      assertEquals("after", cache.get("probe"));
      assertEquals("before", cache.get("k"), "a write that failed landed after the reconnection");
      assertEquals(null, cache.get("j"));
    }
  }

  /** Whether the operation fails because the node could not send it. */
  private static boolean notSent(Runnable operation) {
    try {
      operation.run();
      return false;
    } catch (CacheException e) {
      return e.getMessage().contains("was not sent");
    }
  }

  private static CacheManager node(RestartableServer server) {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    properties.setProperty("nearCache", "false"); // every read asks the server
    properties.setProperty("timeout", "2s");
    return new NatsCachingProvider().getCacheManager(URI.create(server.url()),
        DisconnectedWritesTest.class.getClassLoader(), properties);
  }
}
