package io.github.natsjcache.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pause between lost races: none for the first retries (the uncontended path stays as fast as before), then a
 * random time in the upper half of a window that doubles from 100 µs and stops at 4 ms.
 */
@Tag("unit")
class RetryBackoffTest {

  private final RandomGenerator random = new SplittableRandom(42);

  @Test
  void pauseNanos_firstRetries_none() {
    for (int conflicts = 1; conflicts <= RetryBackoff.IMMEDIATE_RETRIES; conflicts++) {
      assertEquals(0, RetryBackoff.pauseNanos(conflicts, random), "after conflict " + conflicts);
    }
  }

  @Test
  void pauseNanos_laterRetries_inUpperHalfOfDoublingWindow() {
    long[] windowsMicros = {100, 200, 400, 800, 1_600, 3_200, 4_000, 4_000};
    for (int i = 0; i < windowsMicros.length; i++) {
      int conflicts = RetryBackoff.IMMEDIATE_RETRIES + 1 + i;
      long window = TimeUnit.MICROSECONDS.toNanos(windowsMicros[i]);
      long shortest = Long.MAX_VALUE;
      long longest = 0;
      for (int sample = 0; sample < 1_000; sample++) {
        long pause = RetryBackoff.pauseNanos(conflicts, random);
        shortest = Math.min(shortest, pause);
        longest = Math.max(longest, pause);
      }
      assertTrue(shortest >= window / 2, "shortest after conflict " + conflicts + ": " + shortest);
      assertTrue(longest <= window, "longest after conflict " + conflicts + ": " + longest);
      // Random, not fixed: the samples spread over most of the half window.
      assertTrue(longest - shortest > window / 2 * 9 / 10, "spread after conflict " + conflicts);
    }
  }

  @Test
  void pauseNanos_endlessLosingStreak_staysAtTheCap() {
    long cap = TimeUnit.MICROSECONDS.toNanos(RetryBackoff.MAX_WINDOW_MICROS);

    long pause = RetryBackoff.pauseNanos(Integer.MAX_VALUE, random);

    assertTrue(pause >= cap / 2 && pause <= cap, "pause " + pause);
  }
}
