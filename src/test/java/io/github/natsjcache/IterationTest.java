package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.natsjcache.codec.KeyEncoding;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
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
  private static final int HASHED_KEYS = 50;

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

  @Test
  void iterator_overHashedKeys_readsNoEntryToListThem() throws Exception {
    Properties noNearCache = new Properties();
    noNearCache.setProperty("nearCache", "false");
    Cache<String, String> cache = nats.node(noNearCache).createCache("hashedKeys",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    String longKey = "k".repeat(KeyEncoding.MAX_KV_KEY_LENGTH); // an encoding too long: hashed
    for (int key = 0; key < HASHED_KEYS; key++) {
      cache.put(key + longKey, "v");
    }
    try (Connection observer = Nats.connect(nats.url())) {
      // Every direct get of the bucket, whichever form it takes (by subject in its name, or in its body).
      Subscription directGets = observer.subscribe("$JS.API.DIRECT.GET.KV_hashedKeys.>");
      Subscription directGetsByBody = observer.subscribe("$JS.API.DIRECT.GET.KV_hashedKeys");
      observer.flush(Duration.ofSeconds(5));

      Iterator<Cache.Entry<String, String>> iterator = cache.iterator(); // lists the keys; reads no value yet
      observer.flush(Duration.ofSeconds(5)); // the copies of every get made meanwhile are here now

      assertEquals(0, directGets.getPendingMessageCount() + directGetsByBody.getPendingMessageCount(),
          "listing hashed keys costs no read each (review L10 b)");
      int returned = 0;
      for (; iterator.hasNext(); iterator.next()) {
        returned++;
      }
      assertEquals(HASHED_KEYS, returned);
    }
  }
}
