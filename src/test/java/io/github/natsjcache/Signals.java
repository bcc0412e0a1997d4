package io.github.natsjcache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Freezes a server process with SIGSTOP (it keeps its sockets open but answers nothing, like a stalled machine) and
 * lets it run again with SIGCONT; each returns once the kernel reports the new state, since a signal is delivered
 * asynchronously and a test's next step must find it so.
 */
final class Signals {

  private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(10);

  private Signals() {}

  /** Stops the process (SIGSTOP) and waits until it is stopped. */
  static void freeze(ProcessHandle process) {
    signal(process, "STOP");
    awaitStopped(process, true);
  }

  /** Lets a frozen process run again (SIGCONT) and waits until it runs. */
  static void resume(ProcessHandle process) {
    signal(process, "CONT");
    awaitStopped(process, false);
  }

  /** Waits (boundedly) until the kernel reports the process stopped, or running again ({@code /proc/PID/stat}). */
  private static void awaitStopped(ProcessHandle process, boolean stopped) {
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    long deadline = System.nanoTime() + SIGNAL_TIMEOUT.toNanos();
    while (isStopped(stat) != stopped) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Process " + process.pid() + " is not " + (stopped ? "stopped" : "running")
            + " after the signal");
      }
      Thread.onSpinWait();
    }
  }

  private static boolean isStopped(Path stat) {
    try {
      String line = Files.readString(stat, StandardCharsets.US_ASCII);
      char state = line.charAt(line.lastIndexOf(')') + 2); // after "pid (name) "
      return state == 'T' || state == 't';
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void signal(ProcessHandle process, String signal) {
    long pid = process.pid();
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
      if (!kill.waitFor(SIGNAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while signalling process " + pid, e);
    }
  }
}
