package io.github.natsjcache.benchmarks.servers;

import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Runs the teardowns that JMH skips, so that no server started for a trial outlives the benchmark JVM.
 *
 * <p>JMH skips {@code @TearDown} after a failed set-up or benchmark. An open client (Hazelcast's, Redisson's) then
 * keeps non-daemon threads alive, so the forked JVM does not end when JMH is done with it: JMH halts it 30 s later,
 * and a halt runs no shutdown hook, so the peers' servers' hooks would never stop the member or the
 * {@code redis-server}. The same skip leaves the trial's {@code nats-server} running. This guard waits for the JVM's
 * {@code main} thread, which runs JMH in a fork (or the launcher without one), to end, and then runs every teardown
 * still pending; the JVM then exits normally.
 */
public final class TeardownGuard {

  /** Newest first: what was opened last is closed first, e.g. a client before the server it talks to. */
  private static final Deque<Pending> PENDING = new ConcurrentLinkedDeque<>();
  private static Thread guard;

  private TeardownGuard() {}

  /** Registers a teardown to run once JMH is done, unless it has been {@linkplain Pending#run run} or cancelled. */
  public static synchronized Pending pending(Runnable teardown) {
    Pending pending = new Pending(teardown);
    PENDING.addFirst(pending);
    if (guard == null) {
      mainThread().ifPresent(main -> {
        guard = new Thread(() -> runAfter(main), "peer-teardown-guard");
        // Not a daemon (as JMH's threads, whose daemon flag a new thread inherits, are): the JVM must not exit in the
        // middle of a teardown, e.g. after a server has stopped but before its directory is deleted.
        guard.setDaemon(false);
        guard.start();
      });
    }
    return pending;
  }

  private static void runAfter(Thread main) {
    try {
      main.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // nobody interrupts this thread; if someone does, the shutdown hooks remain
    }
    PENDING.forEach(Pending::run);
  }

  private static Optional<Thread> mainThread() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("main") && thread.isAlive()).findFirst();
  }

  /** A registered teardown: run by the trial's own teardown or by the guard, whichever comes first, and once. */
  public static final class Pending {
    private final Runnable teardown;

    private Pending(Runnable teardown) {
      this.teardown = teardown;
    }

    /** Runs the teardown now, unless it ran already. */
    public void run() {
      if (PENDING.remove(this)) {
        teardown.run();
      }
    }

    /** Forgets the teardown: JMH runs it itself. */
    public void cancel() {
      PENDING.remove(this);
    }
  }
}
