package io.github.natsjcache.store;

import static io.github.natsjcache.store.RecordingHandler.HEALTHY;
import static io.github.natsjcache.store.RecordingHandler.RECREATED;
import static io.github.natsjcache.store.RecordingHandler.UNHEALTHY;
import static io.github.natsjcache.store.RecordingHandler.change;
import static io.github.natsjcache.store.RecordingHandler.gap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.Eventually;
import io.github.natsjcache.ForeignBucket;
import io.github.natsjcache.NatsTestServer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The continuity of a {@link BucketWatch} across resubscriptions, against a real server: changes it missed while it
 * heard nothing come once each and in stream order; changes that are gone (the stream was purged or recreated) are
 * reported as a gap before the next change, so the layer above can drop what it derived from them; health goes
 * false at a resubscription and true once caught up.
 *
 * <p>To make the watch miss changes deterministically, a test deletes its consumer on the server: the watch stays
 * subscribed but hears nothing until it resubscribes (jnats would notice only at its heartbeat alarm, seconds later;
 * each test resubscribes at once).
 *
 * <p>The disabled tests each show a defect of {@link BucketWatch}, named in the reason: enable one with its fix.
 */
@Tag("server")
class BucketWatchTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  @RegisterExtension
  final ForeignBucket foreign = new ForeignBucket(nats);

  @Test
  void resubscribe_afterPurge_reportsGapThenResumes() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (StoreNode node = StoreNode.open(foreign); BucketWatch watch = node.watch(handler)) {
      handler.await(change("b", node.put("b", "1")));
      dropWatchConsumer();
      node.put("c", "missed");
      node.put("d", "missed");
      management().purgeStream(stream());
      long resumedAt = node.put("e", "after the purge");

      int mark = handler.mark();
      watch.resubscribe();
      handler.await(change("e", resumedAt));
      long f = node.put("f", "later");
      long g = node.put("g", "later");
      handler.await(change("g", g));

      List<String> heard = handler.since(mark);
      assertEquals(UNHEALTHY, heard.get(0), () -> "heard " + heard);
      assertHeardBefore(heard, gap(resumedAt), change("e", resumedAt));
      assertEquals(List.of(change("e", resumedAt), change("f", f), change("g", g)), handler.changesSince(mark));
      assertEquals(HEALTHY, lastHealth(heard), () -> "heard " + heard);
      assertTrue(watch.isHealthy());
    }
  }

  @Test
  void resubscribe_afterPurgeLeftStreamEmpty_reportsGap() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (StoreNode node = StoreNode.open(foreign); BucketWatch watch = node.watch(handler)) {
      handler.await(change("b", node.put("b", "1")));
      dropWatchConsumer();
      long missed = node.put("b", "missed, then purged");
      management().purgeStream(stream());

      int mark = handler.mark();
      watch.resubscribe();
      long after = node.put("c", "after the purge");
      handler.await(change("c", after));

      // b@missed was never applied and is purged: the watch resumes after it, where the stream goes on
      assertHeardBefore(handler.since(mark), gap(missed + 1), change("c", after));
    }
  }

  @Test
  void resubscribe_afterBucketRecreated_reportsGapThenResumes() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (StoreNode node = StoreNode.open(foreign); BucketWatch watch = node.watch(handler)) {
      node.put("a", "1");
      handler.await(change("b", node.put("b", "1")));
      node.store().delete(foreign.name());
      StoreNode.createBucket(node.store(), foreign.name());
      long first = node.put("c", "in the new stream");

      int mark = handler.mark();
      watch.resubscribe();
      handler.await(change("c", first));

      assertHeardBefore(handler.since(mark), RECREATED, change("c", first));
    }
  }

  @Test
  void bucketRecreatedPastTheOldSequence_isReportedAndFollowedFromItsFirstMessage() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (StoreNode node = StoreNode.open(foreign); BucketWatch watch = node.watch(handler)) {
      handler.await(change("a", node.put("a", "1")));
      node.store().delete(foreign.name());
      StoreNode.createBucket(node.store(), foreign.name());
      int mark = handler.mark();
      List<String> written = new ArrayList<>();
      for (int key = 0; key < 5; key++) {
        written.add(change("k" + key, node.put("k" + key, "in the new stream")));
      }

      handler.await(written.get(written.size() - 1)); // the periodic check notices, without any call here

      assertHeardBefore(handler.since(mark), RECREATED, written.get(0));
      assertEquals(written, handler.changesSince(mark), "every change of the new stream, from its first");
      Eventually.assertTrue(watch::isHealthy, "healthy once caught up"); // set just after the last change
    }
  }

  @Test
  void failedResubscription_isRetriedUntilTheBucketIsBack() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (StoreNode node = StoreNode.open(foreign); BucketWatch watch = node.watch(handler)) {
      handler.await(change("a", node.put("a", "1")));
      node.store().delete(foreign.name());
      watch.resubscribe(); // as after a reconnection: the stream is gone, so this one fails
      assertEquals(1, watch.failedResubscriptions());
      assertFalse(watch.isHealthy());

      StoreNode.createBucket(node.store(), foreign.name());
      long back = node.put("b", "in the new stream");

      handler.await(change("b", back));
      Eventually.assertTrue(watch::isHealthy, "healthy again");
      assertEquals(0, watch.failedResubscriptions());
    }
  }

  @Test
  void periodicCheck_reportsTheStreamsFirstSequence() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (StoreNode node = StoreNode.open(foreign); BucketWatch watch = node.watch(handler)) {
      node.put("a", "1");
      management().purgeStream(stream());
      long after = node.put("b", "after the purge");
      handler.await(change("b", after));

      Eventually.assertTrue(() -> handler.firstRevision() == after, "the first sequence after the purge reported");
      Eventually.assertTrue(watch::isHealthy, "healthy once caught up"); // set just after the last change
    }
  }

  @Test
  void watchThatStoppedDelivering_resubscribesOnItsOwn() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (StoreNode node = StoreNode.open(foreign); BucketWatch watch = node.watch(handler)) {
      handler.await(change("a", node.put("a", "1")));
      long before = watch.resubscriptions();
      dropWatchConsumer(); // subscribed, but nothing comes: as a consumer on a server that died
      long missed = node.put("b", "missed");

      handler.await(change("b", missed));
      assertTrue(watch.resubscriptions() > before, "the watch resubscribed");
    }
  }

  @Test
  void resubscribe_withoutGap_deliversMissedChangesOnceInOrder() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (StoreNode node = StoreNode.open(foreign); BucketWatch watch = node.watch(handler)) {
      handler.await(change("a", node.put("a", "1")));
      int mark = handler.mark();
      dropWatchConsumer();
      long b = node.put("b", "missed");
      long c = node.put("c", "missed");

      watch.resubscribe();
      long d = node.put("d", "after");
      long e = node.put("e", "after");
      handler.await(change("e", e));
      Eventually.assertTrue(watch::isHealthy, "healthy again");

      List<String> heard = handler.since(mark);
      assertEquals(List.of(change("b", b), change("c", c), change("d", d), change("e", e)),
          handler.changesSince(mark));
      assertFalse(heard.stream().anyMatch(line -> line.startsWith("gap")), () -> "heard " + heard);
      assertEquals(UNHEALTHY, heard.get(0), () -> "heard " + heard);
      assertEquals(HEALTHY, lastHealth(heard), () -> "heard " + heard);
    }
  }

  @Test
  void resubscribe_whileCaughtUp_redeliversNothing() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (StoreNode node = StoreNode.open(foreign); BucketWatch watch = node.watch(handler)) {
      long a = node.put("a", "1");
      long b = node.put("b", "1");
      handler.await(change("b", b));
      int mark = handler.mark();

      watch.resubscribe();
      watch.resubscribe();
      long c = node.put("c", "after");
      handler.await(change("c", c));

      assertEquals(List.of(change("a", a), change("b", b), change("c", c)), handler.changesSince(0));
      assertEquals(List.of(UNHEALTHY, HEALTHY, UNHEALTHY, HEALTHY, change("c", c)), handler.since(mark));
    }
  }

  @Test
  void resubscribe_missedChangeNotYetApplied_staysUnhealthy() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (StoreNode node = StoreNode.open(foreign); BucketWatch watch = node.watch(handler)) {
      handler.await(change("a", node.put("a", "1")));
      dropWatchConsumer();
      long missed = node.put("b", "missed");
      handler.holdAt("b");

      watch.resubscribe();
      handler.awaitHeld();
      boolean healthyWhileBehind = watch.isHealthy();
      handler.release();
      handler.await(change("b", missed));

      assertFalse(healthyWhileBehind, () -> "healthy before applying b@" + missed + "; heard " + handler.since(0));
      Eventually.assertTrue(watch::isHealthy, "healthy once caught up");
    }
  }

  /** Deletes the watch's consumer on the server: from now on the watch hears nothing until it resubscribes. */
  private void dropWatchConsumer() throws IOException, JetStreamApiException {
    List<String> consumers = management().getConsumerNames(stream());
    assertEquals(1, consumers.size(), () -> "the watch's consumer alone; found " + consumers);
    management().deleteConsumer(stream(), consumers.get(0));
  }

  private JetStreamManagement management() throws IOException {
    return foreign.connection().jetStreamManagement();
  }

  private String stream() {
    return WireFormat.stream(foreign.name());
  }

  /** Asserts that {@code first} was heard, and before {@code then}. */
  private static void assertHeardBefore(List<String> heard, String first, String then) {
    int firstAt = heard.indexOf(first);
    assertTrue(firstAt >= 0 && firstAt < heard.indexOf(then), () -> first + " before " + then + "; heard " + heard);
  }

  private static String lastHealth(List<String> heard) {
    return heard.stream().filter(line -> line.equals(HEALTHY) || line.equals(UNHEALTHY))
        .reduce((first, second) -> second).orElse("none");
  }
}
