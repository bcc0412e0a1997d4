package io.github.natsjcache.benchmarks.nodes;

import java.time.Instant;

/**
 * The machine's wall clock in microseconds: the one clock that the writing JVM and the follower JVMs share
 * ({@link System#nanoTime} has an origin of its own in each process). All of them run on one machine, so no skew
 * between hosts enters a delay; {@link Instant#now} reads the clock with microsecond resolution or better here.
 */
final class WallClock {

  private WallClock() {}

  static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }
}
