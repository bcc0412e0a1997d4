package io.github.natsjcache.embedded;

import java.time.Instant;
import java.util.Optional;

/**
 * The JVM that owns an embedded server's directory: its pid and start time, so that a pid reused by a later process
 * is not mistaken for the owner.
 *
 * @param pid the JVM's process id
 * @param startMillis when it started (epoch milliseconds), or -1 where the platform does not say
 */
record Owner(long pid, long startMillis) {

  /** This JVM. */
  static Owner current() {
    ProcessHandle self = ProcessHandle.current();
    return new Owner(self.pid(), startOf(self));
  }

  /** Reads what {@link #toString()} wrote; empty for anything else. */
  static Optional<Owner> parse(String text) {
    String trimmed = text.trim();
    int space = trimmed.indexOf(' ');
    try {
      return space < 0 ? Optional.empty() : Optional.of(new Owner(Long.parseLong(trimmed.substring(0, space)),
          Long.parseLong(trimmed.substring(space + 1))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether the owner still runs; a start time the platform does not tell counts as a match. */
  boolean isAlive() {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(process -> {
      long start = startOf(process);
      return start < 0 || startMillis < 0 || start == startMillis;
    }).orElse(false);
  }

  private static long startOf(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
  }

  @Override
  public String toString() {
    return pid + " " + startMillis;
  }
}
