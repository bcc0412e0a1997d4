package io.github.natsjcache.embedded;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.CacheException;

/**
 * A JVM whose shared embedded server keeps dying, for {@link EmbeddedServerLifetimeTest}: it kills the server with
 * SIGKILL each time it is back, printing {@code restarted} for each comeback, then {@code gave up: MESSAGE} once
 * {@link EmbeddedNatsServer#shared()} refuses, or {@code still restarting} after as many kills as its argument says.
 */
public final class EmbeddedCrashLoop {

  private static final long COMEBACK_BOUND_NANOS = TimeUnit.SECONDS.toNanos(30);

  private EmbeddedCrashLoop() {}

  public static void main(String[] args) {
    int kills = Integer.parseInt(args[0]);
    EmbeddedNatsServer server = EmbeddedNatsServer.shared();
    for (int kill = 0; kill < kills; kill++) {
      EmbeddedProcesses.serversBelow(ProcessHandle.current()).forEach(process -> {
        process.destroyForcibly();
        process.onExit().join();
      });
      try {
        server = comeback(server);
      } catch (CacheException e) {
        System.out.println("gave up: " + e.getMessage());
        return;
      }
      System.out.println("restarted");
    }
    System.out.println("still restarting");
  }

  /** The shared server once it is another than {@code dead}; polls, as the revival runs on its own thread. */
  private static EmbeddedNatsServer comeback(EmbeddedNatsServer dead) {
    long deadline = System.nanoTime() + COMEBACK_BOUND_NANOS;
    for (EmbeddedNatsServer now = EmbeddedNatsServer.shared(); ; now = EmbeddedNatsServer.shared()) {
      if (now != dead) {
        return now;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the shared server neither came back nor was given up");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }
}
