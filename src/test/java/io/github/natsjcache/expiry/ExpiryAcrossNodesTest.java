package io.github.natsjcache.expiry;

import static javax.cache.event.EventType.CREATED;
import static javax.cache.event.EventType.EXPIRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.natsjcache.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.impl.Headers;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Expiry on a distributed cache, which the TCK (one node) cannot check: the deadline travels with the entry in the
 * {@code JCache-Expires} header, so every node honours the same instant, and the node that finds an entry expired
 * removes it from the bucket and alone reports it.
 */
class ExpiryAcrossNodesTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  private static final long TTL_MILLIS = 1000;
  private static final Duration TTL = new Duration(TimeUnit.MILLISECONDS, TTL_MILLIS);
  private static final String EXPIRES_HEADER = "JCache-Expires";

  private String name;
  private Connection connection;
  private KeyValue foreign;

  @BeforeEach
  void connectForeignClient(TestInfo test) throws Exception {
    name = test.getTestMethod().orElseThrow().getName();
    connection = Nats.connect(nats.url());
  }

  @AfterEach
  void closeForeignClient() throws InterruptedException {
    connection.close();
  }

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
    assumeTrue(System.currentTimeMillis() < deadline, "the read ended after the deadline: machine too slow");
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
    assumeTrue(System.currentTimeMillis() < deadlineOf("k") - 50, "machine too slow for a read before the deadline");
    assertTrue(b.containsKey("k"), "B sees the entry before its deadline");
    awaitClockPast(deadlineOf("k"));
    assertNull(b.get("k"));
    assertNull(a.get("k"));
  }

  @Test
  void get_afterDeadline_secondNodeRemovesFromBucketAndFiresExpiredOnce() throws Exception {
    Cache<String, String> a = node(CreatedExpiryPolicy.factoryOf(TTL));
    Cache<String, String> b = node(CreatedExpiryPolicy.factoryOf(TTL));
    Recorder onA = listen(a);
    Recorder onB = listen(b);
    a.put("k", "v");
    long deadline = deadlineOf("k");
    awaitClockPast(deadline);
    assertTrue(isLive(foreign().get("k")), "nothing removes an expired entry before a node reads it");

    assertNull(b.get("k"));
    assertEquals(List.of(new Seen(EXPIRED, "k", "v")), onB.expiries(), "B's read reports the expiry at once");
    KeyValueEntry afterRead = foreign().get("k");
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
    assertEquals(List.of(new Seen(EXPIRED, "k", "v")), onB.expiries(), "B reported the expiry once");
    assertEquals(List.of(EXPIRED), onA.expiries().stream().map(Seen::type).toList(),
        "A heard B's expiry once, and its own reads found nothing more to expire");
  }

  @Test
  void putOnSecondNode_afterDeadline_createsAnewWithFreshDeadline() throws Exception {
    Cache<String, String> a = node(CreatedExpiryPolicy.factoryOf(TTL));
    Cache<String, String> b = node(CreatedExpiryPolicy.factoryOf(TTL));
    Recorder onB = listen(b);
    a.put("k", "old");
    long first = deadlineOf("k");
    awaitClockPast(first);
    long before = System.currentTimeMillis();
    assertTrue(b.putIfAbsent("k", "new"), "an expired entry counts as absent");
    assertTrue(deadlineOf("k") >= before + TTL_MILLIS, "the new entry got a deadline of its own");
    assertEquals(List.of(new Seen(EXPIRED, "k", "old"), new Seen(CREATED, "k", "new")),
        onB.seen().stream().filter(seen -> seen.type() == EXPIRED || "new".equals(seen.value())).toList(),
        "B's own events, whatever it heard of A's put");
  }

  @Test
  void updateOnSecondNode_createdPolicy_keepsFirstNodesDeadline() throws Exception {
    Cache<String, String> a = node(CreatedExpiryPolicy.factoryOf(TTL));
    Cache<String, String> b = node(CreatedExpiryPolicy.factoryOf(TTL));
    a.put("k", "v1");
    long deadline = deadlineOf("k");
    b.put("k", "v2");
    assumeTrue(System.currentTimeMillis() < deadline, "the update came after the deadline: machine too slow");
    assertEquals("v2", foreign().get("k").getValueAsString());
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
    assumeTrue(System.currentTimeMillis() < created, "the access came after the deadline: machine too slow");
    assertEquals("v", read);
    long moved = deadlineOf("k");
    assertTrue(moved >= accessedAt + TTL_MILLIS, () -> "deadline " + moved + " was not moved past "
        + (accessedAt + TTL_MILLIS) + " (created with " + created + ")");

    awaitClockPast(created);
    boolean seen = b.containsKey("k");
    assumeTrue(System.currentTimeMillis() < moved, "B's read came after the moved deadline: machine too slow");
    assertTrue(seen, "B honours the deadline A moved, not the one the entry was created with");

    awaitClockPast(deadlineOf("k"));
    assertNull(b.get("k"));
    assertFalse(isLive(foreign().get("k")));
  }

  @Test
  void foreignPutWithoutHeaders_neverExpires() throws Exception {
    Cache<String, String> a = node(CreatedExpiryPolicy.factoryOf(TTL));
    Cache<String, String> b = node(CreatedExpiryPolicy.factoryOf(TTL));
    long written = System.currentTimeMillis();
    foreign().put("k", "foreign");
    Headers headers = lastMessageHeaders("k");
    assertTrue(headers == null || headers.getFirst(EXPIRES_HEADER) == null, "a plain KV put has no deadline");
    awaitClockPast(written + 2 * TTL_MILLIS);
    assertEquals("foreign", b.get("k"));
    assertEquals("foreign", a.get("k"));
    assertTrue(isLive(foreign().get("k")));
  }

  @Test
  void zeroCreationDuration_storesNothingInBucket() throws Exception {
    Cache<String, String> a = node(CreatedExpiryPolicy.factoryOf(Duration.ZERO));
    Cache<String, String> b = node(CreatedExpiryPolicy.factoryOf(Duration.ZERO));
    Recorder onB = listen(b);
    a.put("k", "v");
    a.putAll(Map.of("m1", "v", "m2", "v"));
    a.putIfAbsent("p", "v");
    JetStreamManagement management = connection.jetStreamManagement();
    assertEquals(0, management.getStreamInfo("KV_" + name).getStreamState().getMsgCount(),
        "no message for an entry that is expired on creation");
    assertNull(foreign().get("k"));
    assertNull(b.get("k"));
    assertEquals(Map.of(), b.getAll(Set.of("m1", "m2", "p")));
    foreign().put("fence", "f"); // heard after anything A's operations could have told B
    onB.awaitCreated("fence");
    assertEquals(List.of(new Seen(CREATED, "fence", "f")), onB.seen(), "nothing stored, nothing to hear");
  }

  // helpers

  /** This test's cache on a new node (its own connection), with the string codec and the given policy. */
  private Cache<String, String> node(Factory<? extends ExpiryPolicy> policy) {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    properties.setProperty("expirySweepInterval", "60m"); // only reads find expired entries in these tests
    return nats.node(properties).createCache(name, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setExpiryPolicyFactory(policy));
  }

  /** The bucket as a plain NATS client sees it (the bucket is named after the cache). */
  private KeyValue foreign() throws Exception {
    if (foreign == null) {
      foreign = connection.keyValue(name);
    }
    return foreign;
  }

  private Headers lastMessageHeaders(String key) throws Exception {
    return connection.jetStreamManagement().getLastMessage("KV_" + name, "$KV." + name + "." + key).getHeaders();
  }

  /** The deadline stored with a key's last message. */
  private long deadlineOf(String key) throws Exception {
    Headers headers = lastMessageHeaders(key);
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

  private static Recorder listen(Cache<String, String> cache) {
    Recorder recorder = new Recorder();
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(recorder), null, /* isOldValueRequired= */ true, /* isSynchronous= */ true));
    return recorder;
  }

  /** What a listener was told about one entry. */
  record Seen(EventType type, String key, String value) {}

  /** Records every event it receives, for every event type. */
  static final class Recorder implements CacheEntryCreatedListener<String, String>,
      CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String>,
      CacheEntryExpiredListener<String, String>, Serializable {

    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    List<Seen> seen() {
      return new ArrayList<>(seen);
    }

    List<Seen> expiries() {
      return seen.stream().filter(event -> event.type() == EXPIRED).toList();
    }

    /** Polls until this listener has heard of the creation of {@code key}; fails after 10 seconds. */
    void awaitCreated(String key) {
      long limit = System.currentTimeMillis() + 10_000;
      while (seen.stream().noneMatch(event -> event.type() == CREATED && event.key().equals(key))) {
        assertTrue(System.currentTimeMillis() < limit, () -> "never heard of " + key + "; heard " + seen);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
      }
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }

    private void record(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> event : events) {
        seen.add(new Seen(event.getEventType(), event.getKey(), event.getValue()));
      }
    }
  }
}
