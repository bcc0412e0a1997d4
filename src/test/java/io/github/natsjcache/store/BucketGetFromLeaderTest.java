package io.github.natsjcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.ForeignBucket;
import io.github.natsjcache.NatsTestServer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Bucket#getFromLeader} reads what {@link Bucket#get} reads (a value, a delete marker, a key never written),
 * through JetStream's message get instead of a direct get.
 */
@Tag("server")
class BucketGetFromLeaderTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  @RegisterExtension
  final ForeignBucket foreign = new ForeignBucket(nats);

  @Test
  void getFromLeader_value_isWhatGetReads() {
    try (StoreNode node = StoreNode.open(foreign)) {
      node.put("k", "v1");
      long revision = node.put("k", "v2");

      StoredEntry leaders = node.bucket().getFromLeader("k", () -> 0);

      assertSame(node.bucket().get("k"), leaders);
      assertEquals(revision, leaders.revision());
      assertTrue(leaders.isPresent());
    }
  }

  @Test
  void getFromLeader_deleted_isAbsentAtItsMarker() {
    try (StoreNode node = StoreNode.open(foreign)) {
      long written = node.put("k", "v1");
      long deleted = node.bucket().deleteIfRevision("k", written, Map.of()).orElseThrow();

      StoredEntry leaders = node.bucket().getFromLeader("k", () -> 0);

      assertSame(node.bucket().get("k"), leaders);
      assertEquals(deleted, leaders.revision());
      assertFalse(leaders.isPresent());
    }
  }

  @Test
  void getFromLeader_neverWritten_isNeverWritten() {
    try (StoreNode node = StoreNode.open(foreign)) {
      node.put("other", "v1");

      assertEquals(StoredEntry.NEVER_WRITTEN, node.bucket().getFromLeader("k", () -> 0));
      assertEquals(StoredEntry.NEVER_WRITTEN, node.bucket().get("k"));
    }
  }

  /**
   * A leader's value older than a revision the node saw stored is not its last word (a leader just elected that has
   * not applied it yet): asked again within the timeout, then refused, naming cache and key.
   */
  @Test
  void getFromLeader_valueOlderThanARevisionSeen_refusedAfterTheTimeout() {
    try (StoreNode node = StoreNode.open(foreign)) {
      long written = node.put("k", "v1");

      CacheException refused = assertThrows(CacheException.class,
          () -> node.bucket().getFromLeader("k", () -> written + 1));

      assertTrue(refused.getMessage().contains("key k") && refused.getMessage().contains("revision " + written)
          && refused.getMessage().contains("older than revision " + (written + 1)), refused.getMessage());
    }
  }

  /** A delete marker is a revision like a value: one older than a revision seen is the leader behind too. */
  @Test
  void getFromLeader_deleteMarkerOlderThanARevisionSeen_refusedAfterTheTimeout() {
    try (StoreNode node = StoreNode.open(foreign)) {
      long written = node.put("k", "v1");
      long deleted = node.bucket().deleteIfRevision("k", written, Map.of()).orElseThrow();

      CacheException refused = assertThrows(CacheException.class,
          () -> node.bucket().getFromLeader("k", () -> deleted + 1));

      assertTrue(refused.getMessage().contains("revision " + deleted), refused.getMessage());
    }
  }

  @Test
  void getFromLeader_newerRevisionForgottenWhileAsking_returnsTheAnswer() {
    try (StoreNode node = StoreNode.open(foreign)) {
      long written = node.put("k", "v1");
      AtomicInteger asked = new AtomicInteger();

      // As after the bucket was created anew: the node's newest known revision drops to nothing.
      StoredEntry leaders = node.bucket().getFromLeader("k", () -> asked.incrementAndGet() < 3 ? written + 1 : 0);

      assertEquals(written, leaders.revision());
      assertTrue(asked.get() >= 3);
    }
  }

  /** A key without any message is the leader's last word at any revision: its delete marker may have aged out. */
  @Test
  void getFromLeader_noMessageOfTheKey_isTheAnswerWhateverWasSeen() {
    try (StoreNode node = StoreNode.open(foreign)) {
      node.put("other", "v1");

      assertEquals(StoredEntry.NEVER_WRITTEN, node.bucket().getFromLeader("k", () -> 1_000));
    }
  }

  /** The same message: revision, value and every header it was stored with (a direct get adds its own). */
  private static void assertSame(StoredEntry direct, StoredEntry leaders) {
    assertEquals(direct.revision(), leaders.revision());
    assertEquals(direct.isPresent(), leaders.isPresent());
    if (direct.isPresent()) {
      assertArrayEquals(direct.value(), leaders.value());
    }
    leaders.headers().forEach((header, value) -> assertEquals(direct.headers().get(header), value, header));
    assertTrue(leaders.headers().containsKey(WireFormat.ORIGIN_HEADER), "our headers: " + leaders.headers());
  }
}
