package io.github.natsjcache.store;

import static io.github.natsjcache.store.StoreNode.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.ForeignBucket;
import io.github.natsjcache.NatsTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Bucket}'s conditional writes against a real server, the ground the retry loop stands on: a write or delete
 * expecting a stale revision is refused with an empty result and changes nothing (no message is added); one
 * expecting the current revision succeeds and returns the new one; revision 0 means "the key has no message", so it
 * creates only when absent, and a deleted key is conditioned on its delete marker.
 */
@Tag("server")
class BucketConditionalWriteTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  @RegisterExtension
  final ForeignBucket foreign = new ForeignBucket(nats);

  @Test
  void putIfRevision_staleRevision_conflictsAndStoresNothing() throws Exception {
    try (StoreNode node = StoreNode.open(foreign)) {
      long stale = node.put("k", "v1");
      long current = node.put("k", "v2");

      assertEquals(OptionalLong.empty(), node.bucket().putIfRevision("k", payload("v3"), stale));

      assertEquals("v2", node.valueOf("k"));
      assertEquals(current, node.bucket().get("k").revision());
      assertEquals(current, foreign.lastSequence());
    }
  }

  @Test
  void putIfRevision_currentRevision_storesAndReturnsNewRevision() throws Exception {
    try (StoreNode node = StoreNode.open(foreign)) {
      long current = node.put("k", "v1");

      OptionalLong written = node.bucket().putIfRevision("k", payload("v2"), current);

      assertTrue(written.isPresent());
      assertTrue(written.getAsLong() > current);
      assertEquals(written.getAsLong(), node.bucket().get("k").revision());
      assertEquals(written.getAsLong(), foreign.lastSequence());
      assertEquals("v2", node.valueOf("k"));
    }
  }

  @Test
  void putIfRevision_zero_createsOnlyWhenAbsent() throws Exception {
    try (StoreNode node = StoreNode.open(foreign)) {
      OptionalLong created = node.bucket().putIfRevision("k", payload("first"), 0);
      OptionalLong again = node.bucket().putIfRevision("k", payload("second"), 0);

      assertTrue(created.isPresent());
      assertEquals(OptionalLong.empty(), again);
      assertEquals("first", node.valueOf("k"));
      assertEquals(created.getAsLong(), foreign.lastSequence());
    }
  }

  @Test
  void putIfRevision_deletedKey_expectsItsDeleteMarkerNotZero() throws Exception {
    try (StoreNode node = StoreNode.open(foreign)) {
      long written = node.put("k", "v1");
      long marker = node.bucket().deleteIfRevision("k", written, Map.of()).orElseThrow();

      assertEquals(OptionalLong.empty(), node.bucket().putIfRevision("k", payload("v2"), 0));
      assertEquals(marker, node.bucket().get("k").revision());
      assertTrue(node.bucket().putIfRevision("k", payload("v2"), marker).isPresent());
      assertEquals("v2", node.valueOf("k"));
    }
  }

  @Test
  void deleteIfRevision_staleRevision_conflictsAndDeletesNothing() throws Exception {
    try (StoreNode node = StoreNode.open(foreign)) {
      long stale = node.put("k", "v1");
      long current = node.put("k", "v2");

      assertEquals(OptionalLong.empty(), node.bucket().deleteIfRevision("k", stale, Map.of()));
      assertEquals("v2", node.valueOf("k"));
      assertEquals(current, foreign.lastSequence());

      OptionalLong deleted = node.bucket().deleteIfRevision("k", current, Map.of());
      assertTrue(deleted.isPresent());
      StoredEntry entry = node.bucket().get("k");
      assertFalse(entry.isPresent());
      assertNull(entry.value());
      assertEquals(deleted.getAsLong(), entry.revision());
    }
  }

  @Test
  void putIfRevision_writersRacingOnOneRevision_exactlyOneWins() throws Exception {
    int writers = 8;
    try (StoreNode node = StoreNode.open(foreign)) {
      long expected = node.put("k", "start");
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      try {
        List<Future<OptionalLong>> attempts = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
          String value = "writer " + i;
          attempts.add(pool.submit(() -> node.bucket().putIfRevision("k", payload(value), expected)));
        }
        List<String> winners = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
          if (attempts.get(i).get().isPresent()) {
            winners.add("writer " + i);
          }
        }
        assertEquals(1, winners.size(), () -> "winners: " + winners);
        assertEquals(winners.get(0), node.valueOf("k"));
        assertEquals(expected + 1, foreign.lastSequence());
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
