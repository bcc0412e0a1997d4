package io.github.natsjcache.expiry;

import static javax.cache.event.EventType.CREATED;
import static javax.cache.event.EventType.EXPIRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.EventRecorder;
import io.github.natsjcache.ForeignBucket;
import io.github.natsjcache.NatsTestServer;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.impl.Headers;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.EventType;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Expiry on a distributed cache, which the TCK (one node) cannot check: the deadline travels with the entry in the
 * {@code JCache-Expires} header, so every node honours the same instant, and the node that finds an entry expired
 * removes it from the bucket and alone reports it.
 */
@Tag("server")
class ExpiryAcrossNodesTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  // Long enough that every "before the deadline" step is asserted, not assumed: a loopback read slower than this is a
  // defect worth failing on.
  private static final long TTL_MILLIS = 2000;
  private static final Duration TTL = new Duration(TimeUnit.MILLISECONDS, TTL_MILLIS);
  private static final String EXPIRES_HEADER = "JCache-Expires";

  @RegisterExtension
  final ForeignBucket bucket = new ForeignBucket(nats);

  // the deadline travels with the entry

  @Test
  void put_deadlineTravelsInExpiresHeader() throws Exception {
    Cache<String, String> a = node(CreatedExpiryPolicy.factoryOf(TTL));
    long before = System.currentTimeMillis();
    a.put("k", "v");
    long after = System.currentTimeMillis();
    long deadline = deadlineOf("k");
    assertTrue(deadline >= before + TTL_MILLIS && deadline <= after + TTL_MILLIS,
        () -> "deadline " + deadline + " not within [" + (before + TTL_MILLIS) + ", " + (after + TTL_MILLIS) + "]");
  }

  @Test
  void get_beforeDeadline_readableOnSecondNode() throws Exception {
    Cache<String, String> a = node(CreatedExpiryPolicy.factoryOf(TTL));
    Cache<String, String> b = node(CreatedExpiryPolicy.factoryOf(TTL));
    a.put("k", "v");
    long deadline = deadlineOf("k");
    String read = b.get("k");
    assertTrue(System.currentTimeMillis() < deadline, "the read ended after the deadline");
    assertEquals("v", read);
    assertTrue(b.containsKey("k"));
  }

  @Test
  void get_afterDeadline_absentOnSecondNodeThatNeverSawThePut() throws Exception {
    Cache<String, String> a = node(CreatedExpiryPolicy.factoryOf(TTL));
    a.put("k", "v");
    long deadline = deadlineOf("k");
    awaitClockPast(deadline);
    Cache<String, String> b = node(CreatedExpiryPolicy.factoryOf(TTL)); // joins only now
    assertFalse(b.containsKey("k"));
    assertNull(b.get("k"));
    assertEquals(Map.of(), b.getAll(Set.of("k")));
  }

  @Test
  void get_afterDeadline_expiresOnSecondNodeToo() throws Exception {
    Cache<String, String> a = node(CreatedExpiryPolicy.factoryOf(TTL));
    Cache<String, String> b = node(CreatedExpiryPolicy.factoryOf(TTL));
    a.put("k", "v");
    assertTrue(System.currentTimeMillis() < deadlineOf("k") - 50, "machine too slow for a read before the deadline");
    assertTrue(b.containsKey("k"), "B sees the entry before its deadline");
    awaitClockPast(deadlineOf("k"));
    assertNull(b.get("k"));
    assertNull(a.get("k"));
  }

  @Test
  void get_afterDeadline_secondNodeRemovesFromBucketAndFiresExpiredOnce() throws Exception {
    Cache<String, String> a = node(CreatedExpiryPolicy.factoryOf(TTL));
    Cache<String, String> b = node(CreatedExpiryPolicy.factoryOf(TTL));
    EventRecorder onA = EventRecorder.listenTo(a);
    EventRecorder onB = EventRecorder.listenTo(b);
    a.put("k", "v");
    long deadline = deadlineOf("k");
    // A hears B's removal only if its watch applied A's put before the removal replaced it in the bucket (which keeps
    // a key's last message only): a later write by another client proves it did.
    bucket.keyValue().put("put-applied", "p");
    onA.awaitCreated("put-applied");
    awaitClockPast(deadline);
    assertTrue(isLive(bucket.keyValue().get("k")), "nothing removes an expired entry before a node reads it");

    assertNull(b.get("k"));
    assertEquals(List.of(new Seen(EXPIRED, "k", "v")), expiries(onB), "B's read reports the expiry at once");
    KeyValueEntry afterRead = bucket.keyValue().get("k");
    assertFalse(isLive(afterRead), () -> "still in the bucket: " + afterRead);
    assertNull(b.get("k"));
    assertFalse(b.containsKey("k"));
    assertEquals(Map.of(), b.getAll(Set.of("k")));
    assertNull(a.get("k"));
    assertFalse(a.containsKey("k"));

    // Remote events arrive in stream order: once each node has heard a later write of the other, it has heard
    // everything it will about "k".
    a.put("fence-a", "f");
    b.put("fence-b", "f");
    onB.awaitCreated("fence-a");
    onA.awaitCreated("fence-b");
    assertEquals(List.of(new Seen(EXPIRED, "k", "v")), expiries(onB), "B reported the expiry once");
    assertEquals(List.of(EXPIRED), expiries(onA).stream().map(Seen::type).toList(),
        "A heard B's expiry once, and its own reads found nothing more to expire");
  }

  @Test
  void putOnSecondNode_afterDeadline_createsAnewWithFreshDeadline() throws Exception {
    Cache<String, String> a = node(CreatedExpiryPolicy.factoryOf(TTL));
    Cache<String, String> b = node(CreatedExpiryPolicy.factoryOf(TTL));
    EventRecorder onB = EventRecorder.listenTo(b);
    a.put("k", "old");
    long first = deadlineOf("k");
    awaitClockPast(first);
    long before = System.currentTimeMillis();
    assertTrue(b.putIfAbsent("k", "new"), "an expired entry counts as absent");
    assertTrue(deadlineOf("k") >= before + TTL_MILLIS, "the new entry got a deadline of its own");
    assertEquals(List.of(new Seen(EXPIRED, "k", "old"), new Seen(CREATED, "k", "new")),
        seen(onB).stream().filter(seen -> seen.type() == EXPIRED || "new".equals(seen.value())).toList(),
        "B's own events, whatever it heard of A's put");
  }

  @Test
  void updateOnSecondNode_createdPolicy_keepsFirstNodesDeadline() throws Exception {
    Cache<String, String> a = node(CreatedExpiryPolicy.factoryOf(TTL));
    Cache<String, String> b = node(CreatedExpiryPolicy.factoryOf(TTL));
    a.put("k", "v1");
    long deadline = deadlineOf("k");
    b.put("k", "v2");
    assertTrue(System.currentTimeMillis() < deadline, "the update came after the deadline");
    assertEquals("v2", bucket.keyValue().get("k").getValueAsString());
    assertEquals(deadline, deadlineOf("k"), "a CreatedExpiryPolicy leaves the deadline on update");
    awaitClockPast(deadline);
    assertNull(a.get("k"));
  }

  @Test
  void accessedPolicy_getOnFirstNode_movesDeadlineSecondNodeSees() throws Exception {
    Cache<String, String> a = node(AccessedExpiryPolicy.factoryOf(TTL));
    Cache<String, String> b = node(AccessedExpiryPolicy.factoryOf(TTL));
    a.put("k", "v");
    long created = deadlineOf("k");
    awaitClockPast(created - TTL_MILLIS / 2);
    long accessedAt = System.currentTimeMillis();
    String read = a.get("k");
    assertTrue(System.currentTimeMillis() < created, "the access came after the deadline");
    assertEquals("v", read);
    long moved = deadlineOf("k");
    assertTrue(moved >= accessedAt + TTL_MILLIS, () -> "deadline " + moved + " was not moved past "
        + (accessedAt + TTL_MILLIS) + " (created with " + created + ")");

    awaitClockPast(created);
    boolean seen = b.containsKey("k");
    assertTrue(System.currentTimeMillis() < moved, "B's read came after the moved deadline");
    assertTrue(seen, "B honours the deadline A moved, not the one the entry was created with");

    awaitClockPast(deadlineOf("k"));
    assertNull(b.get("k"));
    assertFalse(isLive(bucket.keyValue().get("k")));
  }

  @Test
  void accessedPolicy_getOnFirstNode_tellsNoListenerOfTheSecond() throws Exception {
    Cache<String, String> a = node(AccessedExpiryPolicy.factoryOf(TTL));
    Cache<String, String> b = node(AccessedExpiryPolicy.factoryOf(TTL));
    EventRecorder onB = EventRecorder.listenTo(b);
    a.put("k", "v");
    long created = deadlineOf("k");

    assertEquals("v", a.get("k")); // rewrites k with a new deadline
    a.put("marker", "m");
    onB.awaitCreated("marker");

    assertTrue(deadlineOf("k") > created, "the access moved the deadline");
    assertEquals(List.of(new Seen(CREATED, "k", "v"), new Seen(CREATED, "marker", "m")), seen(onB),
        "an access is no update (review L2)");
  }

  @Test
  void foreignPutWithoutHeaders_neverExpires() throws Exception {
    Cache<String, String> a = node(CreatedExpiryPolicy.factoryOf(TTL));
    Cache<String, String> b = node(CreatedExpiryPolicy.factoryOf(TTL));
    long written = System.currentTimeMillis();
    bucket.keyValue().put("k", "foreign");
    Headers headers = bucket.lastMessageHeaders("k");
    assertTrue(headers == null || headers.getFirst(EXPIRES_HEADER) == null, "a plain KV put has no deadline");
    awaitClockPast(written + 2 * TTL_MILLIS);
    assertEquals("foreign", b.get("k"));
    assertEquals("foreign", a.get("k"));
    assertTrue(isLive(bucket.keyValue().get("k")));
  }

  @Test
  void zeroCreationDuration_storesNothingInBucket() throws Exception {
    Cache<String, String> a = node(CreatedExpiryPolicy.factoryOf(Duration.ZERO));
    Cache<String, String> b = node(CreatedExpiryPolicy.factoryOf(Duration.ZERO));
    EventRecorder onB = EventRecorder.listenTo(b);
    a.put("k", "v");
    a.putAll(Map.of("m1", "v", "m2", "v"));
    a.putIfAbsent("p", "v");
    assertEquals(0, bucket.messageCount(), "no message for an entry that is expired on creation");
    assertNull(bucket.keyValue().get("k"));
    assertNull(b.get("k"));
    assertEquals(Map.of(), b.getAll(Set.of("m1", "m2", "p")));
    bucket.keyValue().put("fence", "f"); // heard after anything A's operations could have told B
    onB.awaitCreated("fence");
    assertEquals(List.of(new Seen(CREATED, "fence", "f")), seen(onB), "nothing stored, nothing to hear");
  }

  // helpers

  /** This test's cache on a new node (its own connection), with the string codec and the given policy. */
  private Cache<String, String> node(Factory<? extends ExpiryPolicy> policy) {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    properties.setProperty("expirySweepInterval", "60m"); // only reads find expired entries in these tests
    return nats.node(properties).createCache(bucket.name(), new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setExpiryPolicyFactory(policy));
  }

  /** The deadline stored with a key's last message. */
  private long deadlineOf(String key) throws Exception {
    Headers headers = bucket.lastMessageHeaders(key);
    assertNotNull(headers, "the entry has no headers");
    String deadline = headers.getFirst(EXPIRES_HEADER);
    assertNotNull(deadline, () -> "no " + EXPIRES_HEADER + " header among " + headers.keySet());
    return Long.parseLong(deadline);
  }

  private static boolean isLive(KeyValueEntry entry) {
    return entry != null && entry.getOperation() == KeyValueOperation.PUT && entry.getValue() != null;
  }

  /** Polls the wall clock until it is past {@code deadline} (epoch milliseconds). */
  private static void awaitClockPast(long deadline) {
    long limit = System.currentTimeMillis() + 10_000;
    assertTrue(deadline < limit, () -> "deadline " + deadline + " is unreasonably far away");
    while (System.currentTimeMillis() <= deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }

  /**
   * What a listener was told about one entry, its old value aside: these tests are about when entries expire, not
   * about old values.
   */
  record Seen(EventType type, String key, String value) {}

  /** Everything {@code recorder} heard so far, in order. */
  private static List<Seen> seen(EventRecorder recorder) {
    return withoutOldValues(recorder.seen());
  }

  /** The expiries {@code recorder} heard so far, in order. */
  private static List<Seen> expiries(EventRecorder recorder) {
    return withoutOldValues(recorder.expiries());
  }

  private static List<Seen> withoutOldValues(List<EventRecorder.Seen> events) {
    return events.stream().map(event -> new Seen(event.type(), event.key(), event.value())).toList();
  }
}
