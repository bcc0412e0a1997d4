package io.github.natsjcache.embedded;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/** At most so many restarts within any window of time, so a server that keeps dying is given up, not restarted forever. */
final class RestartBudget {

  private final int limit;
  private final Duration window;
  private final Deque<Long> restarts = new ArrayDeque<>();

  RestartBudget(int limit, Duration window) {
    this.limit = limit;
    this.window = window;
  }

  /** Counts a restart at {@code nanoTime} ({@link System#nanoTime()}) if the budget allows it; false if it does not. */
  synchronized boolean tryRestart(long nanoTime) {
    while (!restarts.isEmpty() && nanoTime - restarts.getFirst() >= window.toNanos()) {
      restarts.removeFirst();
    }
    if (restarts.size() >= limit) {
      return false;
    }
    restarts.addLast(nanoTime);
    return true;
  }

  /** What the budget allows, e.g. "5 restarts within 60 s". */
  @Override
  public String toString() {
    return limit + " restarts within " + window.toSeconds() + " s";
  }
}
