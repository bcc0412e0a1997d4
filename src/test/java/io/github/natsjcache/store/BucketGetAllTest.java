package io.github.natsjcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.natsjcache.Eventually;
import io.github.natsjcache.ForeignBucket;
import io.github.natsjcache.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Bucket#getAll} reads what single gets read, key by key (values, delete markers, keys never written), and on
 * a server that offers batch direct gets (2.11+) it does so in one request per 1,000 keys instead of one per key.
 */
@Tag("server")
class BucketGetAllTest {

  private static final int KEYS = 2_500;

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  @RegisterExtension
  final ForeignBucket foreign = new ForeignBucket(nats);

  @Test
  void getAll_manyKeys_readsWhatSingleGetsRead_inOneRequestPerThousandKeysWhereBatchesExist() throws Exception {
    try (StoreNode node = StoreNode.open(foreign)) {
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < KEYS; i++) {
        String key = "k" + i;
        keys.add(key);
        if (i % 5 != 4) { // every fifth key is never written
          long revision = node.put(key, "v" + i);
          if (i % 5 == 3) { // and every fifth is deleted
            node.bucket().deleteIfRevision(key, revision, Map.of());
          }
        }
      }
      Map<String, StoredEntry> single = new HashMap<>();
      keys.forEach(key -> single.put(key, node.bucket().get(key)));

      AtomicInteger requests = new AtomicInteger();
      Connection observer = foreign.connection();
      Dispatcher counter = observer.createDispatcher(message -> requests.incrementAndGet());
      counter.subscribe(WireFormat.directGet(foreign.name()));
      counter.subscribe(WireFormat.directGet(foreign.name()) + ".>");
      observer.flush(Duration.ofSeconds(5));

      Map<String, StoredEntry> batch = node.bucket().getAll(keys);

      boolean batches = observer.getServerInfo().isSameOrNewerThanVersion("2.11.0");
      int expectedRequests = batches ? 3 : KEYS;
      Eventually.assertTrue(() -> requests.get() >= expectedRequests, "the observer counted every request");
      observer.flush(Duration.ofSeconds(5));
      assertEquals(KEYS, batch.size());
      for (String key : keys) {
        StoredEntry expected = single.get(key);
        StoredEntry read = batch.get(key);
        assertEquals(expected.revision(), read.revision(), key);
        assertEquals(expected.isPresent(), read.isPresent(), key);
        assertArrayEquals(expected.value(), read.value(), key);
      }
      assertEquals(expectedRequests, requests.get(), batches ? "one batch request per 1,000 keys" : "one get a key");
      observer.closeDispatcher(counter);
    }
  }
}
