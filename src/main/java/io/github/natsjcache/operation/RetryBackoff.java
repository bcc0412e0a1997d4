package io.github.natsjcache.operation;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.random.RandomGenerator;

/**
 * How long a conditional write that lost a race waits before it reads the key again.
 *
 * <p>The first {@value #IMMEDIATE_RETRIES} retries go at once: a lost race usually means the winner's write is
 * already stored, so the fresh read finds it and the next attempt wins. A loop that keeps losing is different: on a
 * clustered stream, nats-server 2.12+ refuses a conditional write while another write to the same key is still
 * being replicated, and a fresh read cannot see that write yet, so retrying at once would only spin against it. From
 * the fourth retry on, the writer therefore parks for a random time in the upper half of a window that starts at
 * {@value #FIRST_WINDOW_MICROS} µs and doubles per retry up to {@value #MAX_WINDOW_MICROS} µs: long enough for a
 * write in flight to land, short against the round trip it waits for, and random so that racers spread apart.
 */
final class RetryBackoff {

  /** Retries that go without a pause. */
  static final int IMMEDIATE_RETRIES = 3;
  /** The first pause window, for the first retry after the immediate ones. */
  static final long FIRST_WINDOW_MICROS = 100;
  /** The largest pause window. */
  static final long MAX_WINDOW_MICROS = 4_000;

  private RetryBackoff() {}

  /** Pauses the calling thread before the retry that follows the {@code conflicts}-th lost race (1 for the first). */
  static void pauseBeforeRetry(int conflicts) {
    if (conflicts <= IMMEDIATE_RETRIES) {
      return;
    }
    long end = System.nanoTime() + pauseNanos(conflicts, ThreadLocalRandom.current());
    // parkNanos may return early for no reason; an interrupt ends the pause and stays set, for the next round trip.
    for (long left = end - System.nanoTime(); left > 0 && !Thread.currentThread().isInterrupted();
        left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  /**
   * The pause before the retry that follows the {@code conflicts}-th lost race: none for the first
   * {@value #IMMEDIATE_RETRIES}, then a random time in the upper half of a doubling, capped window.
   */
  static long pauseNanos(int conflicts, RandomGenerator random) {
    if (conflicts <= IMMEDIATE_RETRIES) {
      return 0;
    }
    int doublings = Math.min(conflicts - IMMEDIATE_RETRIES - 1, 16);
    long window = TimeUnit.MICROSECONDS.toNanos(Math.min(MAX_WINDOW_MICROS, FIRST_WINDOW_MICROS << doublings));
    return window / 2 + random.nextLong(window / 2 + 1);
  }
}
