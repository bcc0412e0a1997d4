package io.github.natsjcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.Eventually;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A change is this node's own only if it carries the node's origin and a revision the node wrote (review L10). */
@Tag("unit")
class OwnRevisionsTest {

  private static final Map<String, String> OWN = Map.of(WireFormat.ORIGIN_HEADER, "node-a");
  private final OwnRevisions revisions = new OwnRevisions("node-a", Duration.ofSeconds(30));

  @Test
  void wrote_ownOriginAndARevisionItWrote() {
    long write = revisions.begin();
    revisions.record(7);
    revisions.end(write);

    assertTrue(revisions.wrote(OWN, 7));
    assertFalse(revisions.wrote(Map.of(WireFormat.ORIGIN_HEADER, "node-b"), 7), "another node's origin");
    assertFalse(revisions.wrote(Map.of(), 7), "no origin: another client's");
  }

  @Test
  void wrote_ownOriginOnARevisionItDidNotWrite_isForged() {
    long write = revisions.begin();
    revisions.record(7);
    revisions.end(write);

    assertFalse(revisions.wrote(OWN, 8), "nothing in flight: answered at once");
  }

  /** The watch often delivers a write before its writer has the acknowledgement that tells its revision. */
  @Test
  void wrote_changeBeforeItsWritesAcknowledgement_waitsForIt() throws Exception {
    long write = revisions.begin();
    AtomicReference<Thread> watch = new AtomicReference<>();
    CompletableFuture<Boolean> own = CompletableFuture.supplyAsync(() -> {
      watch.set(Thread.currentThread());
      return revisions.wrote(OWN, 7);
    });
    Eventually.assertTrue(() -> watch.get() != null && watch.get().getState() == Thread.State.TIMED_WAITING,
        "the watch waits for the write in flight");

    revisions.record(7);
    revisions.end(write);

    assertTrue(own.get(Eventually.BOUND_MILLIS, TimeUnit.MILLISECONDS));
  }

  @Test
  void wrote_writeInFlightEndsWithAnotherRevision_isForged() throws Exception {
    long write = revisions.begin();
    CompletableFuture<Boolean> own = CompletableFuture.supplyAsync(() -> revisions.wrote(OWN, 8));

    revisions.record(9);
    revisions.end(write);

    assertFalse(own.get(Eventually.BOUND_MILLIS, TimeUnit.MILLISECONDS));
  }

  /** Only the writes in flight when the change came are waited for: a later one cannot have made it. */
  @Test
  void wrote_writeBegunAfterTheChangeCame_isNotWaitedFor() throws Exception {
    long before = revisions.begin();
    AtomicReference<Thread> watch = new AtomicReference<>();
    CompletableFuture<Boolean> own = CompletableFuture.supplyAsync(() -> {
      watch.set(Thread.currentThread());
      return revisions.wrote(OWN, 8);
    });
    Eventually.assertTrue(() -> watch.get() != null && watch.get().getState() == Thread.State.TIMED_WAITING,
        "the watch waits for the write in flight");
    revisions.begin(); // never ends

    revisions.end(before);

    assertFalse(own.get(Eventually.BOUND_MILLIS, TimeUnit.MILLISECONDS));
  }

  /** A watch lagging more than the ring's writes behind trusts the origin, as it must not hear them twice. */
  @Test
  void wrote_revisionTheRingForgot_trustsTheOrigin() {
    for (long revision = 1; revision <= 4097; revision++) {
      revisions.record(revision);
    }

    assertTrue(revisions.wrote(OWN, 1));
    assertEquals(4097, revisions.newest());
  }
}
