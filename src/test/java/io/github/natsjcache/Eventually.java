package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for what happens asynchronously by design (a watch applying another node's change): polls a condition until
 * it holds, and fails after a bound, so a test can never pass by sleeping long enough.
 */
public final class Eventually {

  /** How long a change may take to reach another node in a test; measured p99 is a few milliseconds. */
  public static final long BOUND_MILLIS = 5_000;

  private Eventually() {}

  /** Fails unless {@code condition} holds within {@link #BOUND_MILLIS}. */
  public static void assertTrue(BooleanSupplier condition, String what) {
    assertTrue(condition, what, BOUND_MILLIS);
  }

  /** Fails unless {@code condition} holds within {@code boundMillis}, for what takes longer than a change does. */
  public static void assertTrue(BooleanSupplier condition, String what, long boundMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMillis);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("Not within " + boundMillis + " ms: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }
}
