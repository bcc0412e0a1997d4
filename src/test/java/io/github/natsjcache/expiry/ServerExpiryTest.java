package io.github.natsjcache.expiry;

import static javax.cache.event.EventType.EXPIRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.EventRecorder;
import io.github.natsjcache.EventRecorder.Seen;
import io.github.natsjcache.ForeignBucket;
import io.github.natsjcache.NatsTestServer;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An entry that nobody reads again still expires, and every node's listeners hear it once: on a bucket created on
 * nats-server 2.11.2+ the server drops the value (its per-message lifetime) and leaves a marker every watch sees, so
 * no node sweeps; elsewhere the nodes' sweep finds it.
 */
@Tag("server")
class ServerExpiryTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  /** Long enough for both nodes' watches to apply the put before its deadline, asserted (the server counts seconds). */
  private static final long TTL_MILLIS = 2_000;

  @RegisterExtension
  final ForeignBucket foreign = new ForeignBucket(nats);

  @Test
  void unreadEntry_expires_everyNodeHearsItOnce_withoutASweepWhereTheServerExpires() throws Exception {
    boolean serverExpiry = foreign.connection().getServerInfo().isSameOrNewerThanVersion("2.11.2");
    Cache<String, String> a = node(serverExpiry ? "60m" : "1s");
    Cache<String, String> b = node(serverExpiry ? "60m" : "1s");
    EventRecorder onA = EventRecorder.listenTo(a);
    EventRecorder onB = EventRecorder.listenTo(b);

    long written = System.currentTimeMillis();
    a.put("k", "v");
    assertEquals("v", b.get("k")); // B holds it: its expiry event can carry the value
    // A node hears the expiry, with the value, only if its watch applied the put before the expiry replaced it in the
    // bucket (which keeps a key's last message only): a later write by another client, heard before the deadline,
    // proves both did.
    foreign.keyValue().put("put-applied", "p");
    onA.awaitCreated("put-applied");
    onB.awaitCreated("put-applied");
    long applied = System.currentTimeMillis() - written;
    assertTrue(applied < TTL_MILLIS, "machine too slow: both watches applied the put only after " + applied + " ms");

    awaitExpiry(onA);
    awaitExpiry(onB);
    a.put("marker", "m"); // heard after any late duplicate of the expiry
    onB.awaitCreated("marker");
    assertEquals(List.of(new Seen(EXPIRED, "k", "v", "v")), expiries(onB), "B heard the expiry once");
    assertEquals(1, expiries(onA).size(), () -> "A heard the expiry once: " + onA.seen());
    assertNull(foreign.valueOf("k"), "the value is gone from the bucket");
  }

  /** Waits for an expiry: the server drops a value a second or two after its deadline, in whole seconds. */
  private static void awaitExpiry(EventRecorder recorder) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (expiries(recorder).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("No expiry heard within 15 s; heard " + recorder.seen());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  private static List<Seen> expiries(EventRecorder recorder) {
    return recorder.seen().stream().filter(seen -> seen.type() == EXPIRED).toList();
  }

  private Cache<String, String> node(String sweepInterval) {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    properties.setProperty("expirySweepInterval", sweepInterval);
    return nats.node(properties).createCache(foreign.name(), new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, TTL_MILLIS))));
  }
}
