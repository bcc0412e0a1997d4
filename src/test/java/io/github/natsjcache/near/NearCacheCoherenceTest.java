package io.github.natsjcache.near;

import static javax.cache.event.EventType.CREATED;
import static javax.cache.event.EventType.EXPIRED;
import static javax.cache.event.EventType.REMOVED;
import static javax.cache.event.EventType.UPDATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.EventRecorder;
import io.github.natsjcache.EventRecorder.Seen;
import io.github.natsjcache.Eventually;
import io.github.natsjcache.NatsCache;
import io.github.natsjcache.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.nats.client.api.StreamConfiguration;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The near-cache contract (DESIGN.md, Consistency 3, 5 and 6) across nodes: CacheManagers with their own connections
 * to one real {@code nats-server}, each with a near-cache kept coherent by its bucket watch.
 */
@Tag("server")
class NearCacheCoherenceTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  /** How many events may wait for a node's listeners: small, so that a flood fills the backlog at once. */
  private static final int LISTENER_BACKLOG = 200;

  private String name;

  @BeforeEach
  void nameCache(TestInfo test) {
    // the display name tells a parameterized test's invocations apart: each gets a bucket of its own
    name = "coherence-" + test.getTestMethod().orElseThrow().getName() + "-"
        + Integer.toHexString(test.getDisplayName().hashCode());
  }

  // (a) a remote write reaches a node that cached the key, and it never goes back

  @Test
  void remoteWrite_cachedOnOtherNode_seenWithinBoundAndNeverOlderAfter() {
    Cache<String, String> a = node();
    Cache<String, String> b = node();
    a.put("k", "old");
    assertEquals("old", b.get("k"));
    assertEquals("old", b.get("k"), "served by B's near-cache now");

    a.put("k", "new");

    Eventually.assertTrue(() -> "new".equals(b.get("k")), "B sees A's write");
    for (int i = 0; i < 500; i++) {
      assertEquals("new", b.get("k"), "B went back after it had seen the new value, read " + i);
    }
  }

  @Test
  void remoteWrites_readConcurrentlyOnOtherNode_neverGoBackwards() throws Exception {
    Cache<String, String> a = node();
    Cache<String, String> b = node();
    a.put("k", "0");
    assertEquals("0", b.get("k"));
    int writes = 300;
    AtomicBoolean writing = new AtomicBoolean(true);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try {
        for (int i = 1; i <= writes; i++) {
          a.put("k", Integer.toString(i));
        }
      } finally {
        writing.set(false);
      }
    });

    int last = 0;
    int reads = 0;
    long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (writing.get() && System.nanoTime() < limit) {
      int read = Integer.parseInt(b.get("k"));
      assertTrue(read >= last, "B read " + read + " after " + last);
      last = read;
      reads++;
    }
    writer.get(60, TimeUnit.SECONDS);
    Eventually.assertTrue(() -> Integer.toString(writes).equals(b.get("k")), "B converges to A's last write");
    assertTrue(reads > 0, "B read while A wrote");
  }

  // (b) read-your-writes, with no waiting

  @Test
  void ownWrites_readBackAtOnce_evenWithRemoteWritesInBetween() {
    Cache<String, String> a = node();
    Cache<String, String> b = node();
    b.put("k", "start");
    assertEquals("start", b.get("k"));
    for (int i = 0; i < 50; i++) {
      a.put("k", "a" + i); // B may hear this after its own later writes: they must win

      b.put("k", "put" + i);
      assertEquals("put" + i, b.get("k"));
      assertTrue(b.replace("k", "replace" + i));
      assertEquals("replace" + i, b.get("k"));
      assertTrue(b.replace("k", "replace" + i, "cas" + i));
      assertEquals("cas" + i, b.get("k"));
      assertEquals("cas" + i, b.getAndPut("k", "getAndPut" + i));
      assertEquals("getAndPut" + i, b.get("k"));
      assertTrue(b.remove("k"));
      assertNull(b.get("k"));
      assertFalse(b.containsKey("k"));
      assertTrue(b.putIfAbsent("k", "absent" + i));
      assertEquals("absent" + i, b.get("k"));
    }
  }

  @Test
  void ownWrites_withListener_readBackAtOnce() {
    Cache<String, String> a = node();
    Cache<String, String> b = node();
    EventRecorder.listenTo(b); // every put reads first and carries its created mark
    for (int i = 0; i < 30; i++) {
      a.put("k", "a" + i);
      assertEquals("a" + i, a.get("k"));
      b.put("k", "b" + i);
      assertEquals("b" + i, b.get("k"));
      assertTrue(b.remove("k"));
      assertNull(b.get("k"));
    }
  }

  // (c) a plain NATS KV client's writes invalidate and are heard

  @Test
  void foreignWrites_invalidateNearCacheAndFireListeners() throws Exception {
    Cache<String, String> b = node();
    EventRecorder onB = EventRecorder.listenTo(b);
    Connection connection = Nats.connect(nats.url());
    try {
      KeyValue foreign = connection.keyValue(b.getName());

      foreign.put("k", "v1");
      onB.awaitCreated("k");
      assertEquals("v1", b.get("k"));
      assertEquals("v1", b.get("k"), "cached on B");

      foreign.put("k", "v2");
      Eventually.assertTrue(() -> "v2".equals(b.get("k")), "the foreign update reached B's near-cache");
      onB.awaitSeen(UPDATED, "k");

      foreign.delete("k");
      Eventually.assertTrue(() -> b.get("k") == null, "the foreign delete reached B's near-cache");
      onB.awaitSeen(REMOVED, "k");

      foreign.put("marker", "m");
      onB.awaitCreated("marker");
      assertEquals(List.of(
          new Seen(CREATED, "k", "v1", null),
          new Seen(UPDATED, "k", "v2", "v1"),
          new Seen(REMOVED, "k", "v2", "v2"),
          new Seen(CREATED, "marker", "m", null)), onB.seen());
    } finally {
      connection.close();
    }
  }

  // (d) clear() on one node empties every node's near-cache, silently

  @Test
  void clear_onOneNode_otherNodesForgetCachedValues_noEvents() {
    Cache<String, String> a = node();
    Cache<String, String> b = node();
    EventRecorder onA = EventRecorder.listenTo(a);
    EventRecorder onB = EventRecorder.listenTo(b);
    for (String key : List.of("k1", "k2", "k3")) {
      a.put(key, "v-" + key);
      assertEquals("v-" + key, b.get(key));
    }
    a.put("before", "x");
    onB.awaitCreated("before");
    int markA = onA.count();
    int markB = onB.count();

    a.clear();

    for (String key : List.of("k1", "k2", "k3")) {
      assertNull(a.get(key), "A reads its own clear");
      Eventually.assertTrue(() -> b.get(key) == null, "B forgot " + key + " after A's clear");
    }
    a.put("after-a", "y");
    b.put("after-b", "z");
    onB.awaitCreated("after-a");
    onA.awaitCreated("after-b");
    // Events of different keys from different nodes have no order between them: compare as sets, and count.
    Set<Seen> expected = Set.of(new Seen(CREATED, "after-a", "y", null), new Seen(CREATED, "after-b", "z", null));
    assertEquals(2, onA.since(markA).size(), () -> "A heard nothing of its clear: " + onA.since(markA));
    assertEquals(expected, Set.copyOf(onA.since(markA)), "A heard nothing of its clear");
    assertEquals(2, onB.since(markB).size(), () -> "B heard nothing of A's clear: " + onB.since(markB));
    assertEquals(expected, Set.copyOf(onB.since(markB)), "B heard nothing of A's clear");
  }

  // (e) remote events: types, old values, and no echo of a node's own writes

  @Test
  void listeners_hearOtherNodesChangesOnce_andOwnChangesOnce() {
    Cache<String, String> a = node();
    Cache<String, String> b = node();
    EventRecorder onA = EventRecorder.listenTo(a);
    EventRecorder onB = EventRecorder.listenTo(b);

    a.put("k", "v1");
    onB.awaitCreated("k");
    assertEquals("v1", b.get("k")); // B holds the old value of the next change
    a.put("k", "v2");
    onB.awaitSeen(UPDATED, "k");
    Eventually.assertTrue(() -> "v2".equals(b.get("k")), "B reads A's update");
    assertTrue(a.remove("k"));
    onB.awaitSeen(REMOVED, "k");
    a.put("fresh", "f1"); // B never reads it: its watch still knows the old value
    onB.awaitCreated("fresh"); // the bucket keeps a key's last message: f2 would replace f1 unheard
    assertTrue(a.replace("fresh", "f2"));
    a.put("marker-a", "m");
    onB.awaitCreated("marker-a");
    b.put("marker-b", "m");
    onA.awaitCreated("marker-b"); // heard after any echo of A's own writes would have come

    assertEquals(List.of(
        new Seen(CREATED, "k", "v1", null),
        new Seen(UPDATED, "k", "v2", "v1"),
        new Seen(REMOVED, "k", "v2", "v2"),
        new Seen(CREATED, "fresh", "f1", null),
        new Seen(UPDATED, "fresh", "f2", "f1"),
        new Seen(CREATED, "marker-a", "m", null),
        new Seen(CREATED, "marker-b", "m", null)), onB.seen(), "B's events");
    assertEquals(List.of(
        new Seen(CREATED, "k", "v1", null),
        new Seen(UPDATED, "k", "v2", "v1"),
        new Seen(REMOVED, "k", "v2", "v2"),
        new Seen(CREATED, "fresh", "f1", null),
        new Seen(UPDATED, "fresh", "f2", "f1"),
        new Seen(CREATED, "marker-a", "m", null),
        new Seen(CREATED, "marker-b", "m", null)), onA.seen(), "A heard each of its own writes exactly once");
  }

  /**
   * A read that goes to the bucket can install a remote write's value before the watch applies that write (in
   * production by any lag; here it may, while B's listeners are held up). The event the watch then publishes must still
   * carry the value before the change as its old value (the near-cache keeps the replaced value aside for it).
   */
  @Test
  void remoteUpdate_freshReadBeforeWatchApplies_oldValueIsTheReplacedValue() throws Exception {
    Cache<String, String> a = node();
    Cache<String, String> b = node();
    EventRecorder.listenTo(a); // A's writes carry their created mark
    EventRecorder onB = EventRecorder.listenTo(b);
    Gate gate = Gate.on(b, "gate");
    a.put("k", "v1");
    onB.awaitCreated("k");
    assertEquals("v1", b.get("k")); // cached on B

    a.put("gate", "g");
    gate.awaitEntered(); // B's listeners hear nothing newer until released; its watch goes on
    a.put("k", "v2");
    assertFalse(b.putIfAbsent("k", "never")); // its near-cache hit decides nothing: reads v2 from the bucket
    gate.release();

    onB.awaitSeen(UPDATED, "k");
    Seen heard = onB.seen().stream().filter(seen -> seen.type() == UPDATED).findFirst().orElseThrow();
    assertEquals(new Seen(UPDATED, "k", "v2", "v1"), heard, "B's read of v2 came first; v1 is still the old value");
  }

  /**
   * The same race for a write without a created mark (another client's, or a node's blind put): a key this node read
   * from the bucket before (or after) its watch applied the key's creation is heard as created, not updated.
   */
  @Test
  void unmarkedRemoteCreate_freshReadBeforeWatchApplies_heardAsCreated() throws Exception {
    Cache<String, String> a = node(); // no listener, eternal, no statistics: its put is blind, unmarked
    Cache<String, String> b = node();
    EventRecorder onB = EventRecorder.listenTo(b);
    Gate gate = Gate.on(b, "gate");

    a.put("gate", "g");
    gate.awaitEntered();
    a.put("k", "v");
    assertEquals("v", b.get("k")); // read from the bucket, maybe kept before the watch applies the creation
    gate.release();

    a.put("marker", "m");
    onB.awaitCreated("marker");
    assertEquals(List.of(
        new Seen(CREATED, "gate", "g", null),
        new Seen(CREATED, "k", "v", null),
        new Seen(CREATED, "marker", "m", null)), onB.seen());
  }

  // (f) expiry found by one node is heard by the others

  @Test
  void expiredEntryReclaimedByOneNode_otherNodeHearsExpired() {
    MutableConfiguration<String, String> expiring = configuration()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 2000)));
    Cache<String, String> a = node(expiring);
    Cache<String, String> b = node(expiring);
    EventRecorder onA = EventRecorder.listenTo(a);
    EventRecorder onB = EventRecorder.listenTo(b);
    a.put("k", "v");
    long written = System.currentTimeMillis();
    String readByB = b.get("k");
    assertTrue(System.currentTimeMillis() < written + 1950, "B's read came before the deadline");
    assertEquals("v", readByB);
    onB.awaitCreated("k"); // B's watch knows the value before A's removal replaces it in the bucket

    awaitClockPast(written + 2000);
    assertNull(a.get("k"), "A finds the entry expired and reclaims it");
    assertNull(b.get("k"));

    onB.awaitSeen(EXPIRED, "k");
    a.put("marker-a", "m");
    onB.awaitCreated("marker-a");
    b.put("marker-b", "m");
    onA.awaitCreated("marker-b");
    assertEquals(List.of(new Seen(EXPIRED, "k", "v", "v")),
        onB.seen().stream().filter(seen -> seen.type() == EXPIRED).toList(), "B heard A's reclaim once");
    assertEquals(List.of(new Seen(EXPIRED, "k", "v", "v")),
        onA.seen().stream().filter(seen -> seen.type() == EXPIRED).toList(), "A reported its reclaim once");
  }

  // (g) conditional operations decide on the bucket, not on a stale near-cache

  @Test
  void putIfAbsent_afterRemoteRemoveOfCachedKey_succeedsAtOnce() {
    Cache<String, String> a = node();
    Cache<String, String> b = node();
    for (int i = 0; i < 30; i++) {
      String value = "v" + i;
      a.put("k", value);
      Eventually.assertTrue(() -> value.equals(b.get("k")), "B reads and caches A's " + value);
      assertTrue(a.remove("k"));

      String mine = "b" + i;
      assertTrue(b.putIfAbsent("k", mine), "B's putIfAbsent decided on its stale near-cache, round " + i);
      assertEquals(mine, b.get("k"));
      Eventually.assertTrue(() -> mine.equals(a.get("k")), "A sees B's value"); // A knew the key as absent
    }
  }

  @Test
  void replaceOldNew_afterRemoteChangeOfCachedKey_failsAtOnce() {
    Cache<String, String> a = node();
    Cache<String, String> b = node();
    for (int i = 0; i < 30; i++) {
      String old = "old" + i;
      a.put("k", old);
      Eventually.assertTrue(() -> old.equals(b.get("k")), "B reads and caches A's " + old);
      a.put("k", "changed" + i);

      assertFalse(b.replace("k", "old" + i, "b" + i), "B's replace decided on its stale near-cache, round " + i);
      assertFalse(b.remove("k", "old" + i), "B's remove(k, v) decided on its stale near-cache, round " + i);
      assertEquals("changed" + i, a.get("k"));
      assertEquals("changed" + i, b.get("k"));
      String mine = "b" + i;
      assertTrue(b.replace("k", "changed" + i, mine));
      assertEquals(mine, b.get("k"));
      Eventually.assertTrue(() -> mine.equals(a.get("k")), "A sees B's replace"); // A cached its own "changed"
    }
  }

  @Test
  void putIfAbsent_afterRemoteCreateOfKeyCachedAsAbsent_failsAtOnce() {
    Cache<String, String> a = node();
    Cache<String, String> b = node();
    for (int i = 0; i < 30; i++) {
      String key = "k" + i;
      assertNull(b.get(key));
      a.put(key, "a");

      assertFalse(b.putIfAbsent(key, "b"), "B's putIfAbsent overwrote A's value, round " + i);
      assertEquals("a", b.get(key));
    }
  }

  @Test
  void remove_ofKeyCachedAsAbsent_decidedOnTheBucket() {
    Cache<String, String> a = node();
    Cache<String, String> b = node();
    for (int i = 0; i < 30; i++) {
      String key = "k" + i;
      assertNull(b.get(key)); // B now knows the key as absent
      a.put(key, "a");

      assertTrue(b.remove(key), "B's remove decided on its stale near-cache, round " + i);
      assertNull(b.get(key));
      Eventually.assertTrue(() -> a.get(key) == null, "A sees B's removal"); // A cached its own value
    }
  }

  @Test
  void keyCachedAsAbsent_createdByOtherNode_seenOnceTheWatchApplies() {
    Cache<String, String> a = node();
    Cache<String, String> b = node();
    assertNull(b.get("k"));
    assertNull(b.get("k")); // served from memory now

    a.put("k", "a");

    Eventually.assertTrue(() -> "a".equals(b.get("k")), "B sees A's creation of a key it knew as absent");
  }

  @Test
  void ownRemove_thenPutIfAbsent_decidedWithoutAReadOfTheBucket() throws Exception {
    Cache<String, String> a = node();
    a.put("k", "v");
    assertTrue(a.remove("k"));
    try (Connection observer = Nats.connect(nats.url())) {
      // Every read of the bucket is a direct get request: a plain subscriber sees them, in the order A sent them.
      Subscription reads = observer.subscribe("$JS.API.DIRECT.GET.>");
      observer.flush(java.time.Duration.ofSeconds(5));

      assertTrue(a.putIfAbsent("k", "again"));
      assertEquals("again", a.get("k"));
      assertNull(a.get("probe")); // never read here: this one must go to the bucket

      Message firstRead = reads.nextMessage(java.time.Duration.ofSeconds(5));
      assertTrue(firstRead != null && firstRead.getSubject().endsWith("probe"),
          "putIfAbsent on a key this node removed read the bucket first: " + firstRead);
    }
  }

  @Test
  void stuckRemoteListener_holdsUpNoInvalidation() throws Exception {
    Cache<String, String> a = node();
    Cache<String, String> b = node();
    Gate gate = Gate.on(b, "gate");
    EventRecorder asynchronousOnB = EventRecorder.listenTo(b, /* synchronous= */ false);
    a.put("k", "old");
    asynchronousOnB.awaitCreated("k");
    assertEquals("old", b.get("k")); // cached by B
    a.put("gate", "g");
    gate.awaitEntered(); // B's synchronous listener is stuck in A's change

    a.put("k", "new");

    asynchronousOnB.awaitSeen(UPDATED, "k"); // B's watch applied the change: its other listeners heard it
    assertEquals("new", b.get("k"), "B dropped the old value while its listener was stuck");
    gate.release();
  }

  /**
   * A listener stuck in a change while a flood of remote changes comes: B's watch waits for room rather than queue
   * without bound (review M11, an asynchronous listener) or drop events, and serves nothing stale meanwhile.
   */
  @ParameterizedTest(name = "stuck listener synchronous: {0}")
  @ValueSource(booleans = {true, false})
  void listenerBacklogFull_nodeServesNothingStale_andDropsNoEvent(boolean stuckSynchronous) throws Exception {
    Cache<String, String> a = node();
    Cache<String, String> b = node();
    Gate gate = Gate.on(b, "gate", TimeUnit.MINUTES.toMillis(2), stuckSynchronous);
    EventRecorder otherOnB = EventRecorder.listenTo(b, !stuckSynchronous);
    a.put("k", "old");
    otherOnB.awaitCreated("k");
    assertEquals("old", b.get("k")); // cached by B
    a.put("gate", "g");
    gate.awaitEntered(); // B's gated listener is stuck in A's change
    Map<String, String> flood = new LinkedHashMap<>();
    for (int key = 0; key < LISTENER_BACKLOG + 50; key++) {
      flood.put("flood-" + key, "f");
    }

    a.putAll(flood); // more events than may wait for B's stuck listener: B's watch waits for room
    // B's other listener heard k, the gate and as much of the flood as fits the backlog: its watch now waits.
    Eventually.assertTrue(() -> otherOnB.count() == LISTENER_BACKLOG + 2, "B's watch waits for room");
    a.put("k", "new");

    for (int read = 0; read < 100; read++) {
      assertEquals("new", b.get("k"), "B served a value its waiting watch had not yet invalidated");
    }
    gate.release();
    otherOnB.awaitSeen(UPDATED, "k");
    assertEquals(flood.size() + 3, otherOnB.count(), "every change heard once: k, gate, the flood, k again");
  }

  // (g) the bucket changed behind every node's back: an operator's purge, a bucket deleted and created again

  @Test
  void operatorPurge_everyNodeForgetsWhatItCached() throws Exception {
    Cache<String, String> a = node();
    Cache<String, String> b = node();
    a.put("k", "v1");
    assertEquals("v1", b.get("k"));

    try (Connection operator = Nats.connect(nats.url())) {
      operator.jetStreamManagement().purgeStream(stream(a)); // nats stream purge KV_<bucket>
    }

    Eventually.assertTrue(() -> b.get("k") == null, "B forgot the purged value");
    Eventually.assertTrue(() -> a.get("k") == null, "A forgot the purged value it wrote");
  }

  @Test
  void bucketRecreated_underOpenCaches_followedAndCachedAgain() throws Exception {
    Cache<String, String> a = node();
    Cache<String, String> b = node();
    for (int revision = 0; revision < 20; revision++) {
      a.put("k", "old-" + revision); // revisions the new bucket will take long to reach
    }
    assertEquals("old-19", b.get("k"));

    try (Connection operator = Nats.connect(nats.url())) {
      JetStreamManagement management = operator.jetStreamManagement();
      StreamConfiguration stream = management.getStreamInfo(stream(a)).getConfiguration();
      management.deleteStream(stream(a));
      management.addStream(stream);
    }
    a.put("k", "new");

    Eventually.assertTrue(() -> "new".equals(b.get("k")), "B reads the new bucket");
    a.put("k", "newer");
    Eventually.assertTrue(() -> "newer".equals(b.get("k")), "B follows the new bucket's changes");
    try (Connection observer = Nats.connect(nats.url())) {
      Subscription reads = observer.subscribe("$JS.API.DIRECT.GET.>");
      observer.flush(java.time.Duration.ofSeconds(5));
      Eventually.assertTrue(() -> {
        b.get("k");
        return "newer".equals(b.get("k")) && pendingMessages(observer, reads) == 0;
      }, "B serves from memory again: a read that asks nothing of the bucket");
    }
  }

  // helpers

  private static String stream(Cache<String, String> cache) {
    return "KV_" + cache.unwrap(NatsCache.class).bucketStatus().name();
  }

  /** Drains what a subscriber got so far, after a round trip to the server: how many messages that was. */
  private static int pendingMessages(Connection observer, Subscription subscription) {
    try {
      observer.flush(java.time.Duration.ofSeconds(5));
      int count = 0;
      while (subscription.nextMessage(java.time.Duration.ofMillis(1)) != null) {
        count++;
      }
      return count;
    } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static MutableConfiguration<String, String> configuration() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  /** This test's cache on a new node (its own connection), with the string codec. */
  private Cache<String, String> node() {
    return node(configuration());
  }

  private Cache<String, String> node(MutableConfiguration<String, String> configuration) {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    properties.setProperty("expirySweepInterval", "60m"); // only reads find expired entries here
    properties.setProperty("listenerBacklog", Integer.toString(LISTENER_BACKLOG));
    return nats.node(properties).createCache(name, configuration);
  }

  /** Polls the wall clock until it is past {@code deadline} (epoch milliseconds). */
  private static void awaitClockPast(long deadline) {
    while (System.currentTimeMillis() <= deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }

  /**
   * A listener (synchronous unless said otherwise) that holds up its node's delivery of remote events at the creation of one key, until the
   * test releases it; every wait is bounded.
   */
  static final class Gate implements CacheEntryCreatedListener<String, String>, Serializable {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final long holdBoundMillis;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private Gate(String key, long holdBoundMillis) {
      this.key = key;
      this.holdBoundMillis = holdBoundMillis;
    }

    static Gate on(Cache<String, String> cache, String key) {
      return on(cache, key, Eventually.BOUND_MILLIS);
    }

    /** A gate that holds at most {@code holdBoundMillis}, for tests whose held phase takes long. */
    static Gate on(Cache<String, String> cache, String key, long holdBoundMillis) {
      return on(cache, key, holdBoundMillis, /* synchronous= */ true);
    }

    /** A gate registered as an asynchronous listener, or a synchronous one. */
    static Gate on(Cache<String, String> cache, String key, long holdBoundMillis, boolean synchronous) {
      Gate gate = new Gate(key, holdBoundMillis);
      cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
          FactoryBuilder.factoryOf(gate), null, /* isOldValueRequired= */ false, synchronous));
      return gate;
    }

    void awaitEntered() throws InterruptedException {
      assertTrue(entered.await(Eventually.BOUND_MILLIS, TimeUnit.MILLISECONDS), "the watch reached " + key);
    }

    void release() {
      released.countDown();
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> event : events) {
        if (event.getKey().equals(key)) {
          entered.countDown();
          try {
            released.await(holdBoundMillis, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    }
  }
}
