package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What iteration guarantees while other nodes write: every key present throughout is returned, exactly once. */
@Tag("server")
class IterationTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  private static final int KEYS = 200;
  private static final int ITERATIONS = 30;

  @Test
  void iterator_whileAnotherNodeUpdatesEveryKey_returnsEachKeyPresentThroughoutOnce() throws Exception {
    MutableConfiguration<String, String> configuration =
        new MutableConfiguration<String, String>().setTypes(String.class, String.class);
    Properties noNearCache = new Properties();
    noNearCache.setProperty("nearCache", "false"); // every iteration reads the bucket
    Cache<String, String> reader = nats.node(noNearCache).createCache("iterated", configuration);
    Cache<String, String> writer = nats.node().createCache("iterated", configuration);
    for (int key = 0; key < KEYS; key++) {
      writer.put("k" + key, "v");
    }
    AtomicBoolean writing = new AtomicBoolean(true);
    CompletableFuture<Void> updates = CompletableFuture.runAsync(() -> {
      while (writing.get()) {
        writer.put("k" + ThreadLocalRandom.current().nextInt(KEYS), "updated");
      }
    });

    try {
      for (int iteration = 0; iteration < ITERATIONS; iteration++) {
        Map<String, Integer> returned = new HashMap<>();
        for (Cache.Entry<String, String> entry : reader) {
          returned.merge(entry.getKey(), 1, Integer::sum);
        }
        Map<String, Integer> notOnce = new HashMap<>(returned);
        notOnce.values().removeIf(count -> count == 1);
        for (int key = 0; key < KEYS; key++) {
          returned.putIfAbsent("k" + key, 0);
          notOnce.putIfAbsent("k" + key, returned.get("k" + key) == 0 ? 0 : 1);
        }
        notOnce.values().removeIf(count -> count == 1);
        assertEquals(Map.of(), notOnce, "iteration " + iteration + ": keys not returned exactly once (key=count)");
        assertEquals(KEYS, returned.size(), "iteration " + iteration + ": no other key");
      }
    } finally {
      writing.set(false);
      updates.get();
    }
  }
}
