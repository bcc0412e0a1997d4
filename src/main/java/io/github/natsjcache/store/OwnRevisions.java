package io.github.natsjcache.store;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The revisions of this node's latest writes to one bucket, so that its watch can tell, of the messages it never saw
 * (overwritten before it delivered them), those this node wrote itself: their events were heard here already.
 * Bounded: a revision older than the last {@value #CAPACITY} writes is forgotten, and a gap over it counts it as
 * another node's.
 */
final class OwnRevisions {

  private static final int CAPACITY = 4096;

  private final AtomicLongArray revisions = new AtomicLongArray(CAPACITY);
  private final AtomicInteger next = new AtomicInteger();

  /** A write of this node was stored at this revision. */
  void record(long revision) {
    revisions.set(Math.floorMod(next.getAndIncrement(), CAPACITY), revision);
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
}
