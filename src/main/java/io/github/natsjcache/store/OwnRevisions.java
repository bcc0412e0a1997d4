package io.github.natsjcache.store;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The revisions of this node's latest writes to one bucket, so that its watch can tell the changes this node made
 * (their events were heard here already) from everyone else's.
 *
 * <ul>
 *   <li>A change is this node's own only if it carries this node's origin <em>and</em> its revision is one this node
 *       wrote: anyone allowed to publish to the bucket can copy the origin header, and a forged one must not silence
 *       this node's listeners (review L10).
 *   <li>The watch often delivers a write before its writer has the acknowledgement that tells the revision. A change
 *       with this node's origin and an unknown revision therefore waits until the writes this node had begun when it
 *       came have ended (each ends within the operation timeout, with an answer or an error): its own write, if it
 *       is one, is then known. Writes begun later cannot have made a change already stored.
 *   <li>Bounded: the revisions of the last {@value #CAPACITY} writes. A revision not above the newest one forgotten
 *       may be one of them: a watch lagging that far behind this node's writes trusts the origin header, as before.
 *       Of the messages the watch never saw, a gap over a forgotten revision counts it as another node's.
 * </ul>
 */
final class OwnRevisions {

  private static final int CAPACITY = 4096;

  private final String origin;
  private final long patienceNanos;
  private final AtomicLongArray revisions = new AtomicLongArray(CAPACITY);
  private final AtomicInteger next = new AtomicInteger();
  /** The newest revision overwritten in the ring: above it, every revision this node was told is still there. */
  private final AtomicLong forgottenUpTo = new AtomicLong();
  private final AtomicLong newest = new AtomicLong();
  private final AtomicLong writesBegun = new AtomicLong();
  private final ConcurrentSkipListSet<Long> writesInFlight = new ConcurrentSkipListSet<>();
  /** Watches waiting for writes to end: only then does an ending write wake them. */
  private final AtomicInteger waiting = new AtomicInteger();

  /**
   * Creates the record of one bucket.
   *
   * @param origin this node's id, as its writes carry it ({@link WireFormat#ORIGIN_HEADER})
   * @param patience how long a change waits, at most, for the writes in flight when it came: longer than any write
   */
  OwnRevisions(String origin, Duration patience) {
    this.origin = origin;
    this.patienceNanos = patience.toNanos();
  }

  /** A write of this node begins: its revision is told to {@link #record}, then {@link #end} is called. */
  long begin() {
    long write = writesBegun.incrementAndGet();
    writesInFlight.add(write);
    return write;
  }

  /** A write begun ({@link #begin}) has ended, stored (its revision recorded before) or not. */
  void end(long write) {
    writesInFlight.remove(write);
    if (waiting.get() > 0) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** A write of this node was stored at this revision. */
  void record(long revision) {
    newest.accumulateAndGet(revision, Math::max);
    long overwritten = revisions.getAndSet(Math.floorMod(next.getAndIncrement(), CAPACITY), revision);
    if (overwritten != 0) {
      forgottenUpTo.accumulateAndGet(overwritten, Math::max);
    }
  }

  /**
   * Whether this node wrote a change (see the class comment): waits, if need be, for the writes in flight to end.
   *
   * @param headers the change's headers
   * @param revision the change's revision
   */
  boolean wrote(Map<String, String> headers, long revision) {
    if (!origin.equals(headers.get(WireFormat.ORIGIN_HEADER))) {
      return false;
    }
    if (isKnown(revision)) {
      return true;
    }
    long begunBefore = writesBegun.get();
    long deadline = System.nanoTime() + patienceNanos;
    waiting.incrementAndGet(); // before the writes in flight are looked at: one ending after that look wakes us
    try {
      synchronized (this) {
        long left = deadline - System.nanoTime();
        while (!isKnown(revision) && anyInFlightUpTo(begunBefore) && left > 0) {
          TimeUnit.NANOSECONDS.timedWait(this, left);
          left = deadline - System.nanoTime();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the watch is closing: what it decides no longer matters
    } finally {
      waiting.decrementAndGet();
    }
    return isKnown(revision);
  }

  /** The newest revision this node wrote (0: none): the stream's last sequence is at least that. */
  long newest() {
    return newest.get();
  }

  /** The bucket was created anew: its revisions began again, and none of those recorded is this node's there. */
  void forget() {
    for (int i = 0; i < CAPACITY; i++) {
      revisions.set(i, 0);
    }
    forgottenUpTo.set(0);
    newest.set(0);
  }

  /** How many of this node's latest writes have revisions from {@code from} (inclusive) to {@code to} (exclusive). */
  long countWithin(long from, long to) {
    long count = 0;
    for (int i = 0; i < CAPACITY; i++) {
      long revision = revisions.get(i);
      if (revision >= from && revision < to) {
        count++; // each revision is one write's: none is counted twice
      }
    }
    return count;
  }

  private boolean isKnown(long revision) {
    if (revision <= forgottenUpTo.get()) {
      return true;
    }
    // Newest first: the watch asks about a write of a moment ago, found within the first few looked at.
    int newest = next.get() - 1;
    for (int back = 0; back < CAPACITY; back++) {
      if (revisions.get(Math.floorMod(newest - back, CAPACITY)) == revision) {
        return true;
      }
    }
    return false;
  }

  private boolean anyInFlightUpTo(long write) {
    return !writesInFlight.headSet(write, /* inclusive= */ true).isEmpty();
  }
}
