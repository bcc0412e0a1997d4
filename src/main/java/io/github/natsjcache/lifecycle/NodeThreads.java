package io.github.natsjcache.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every thread of one node (a CacheManager): each executor it hands out runs named daemon threads, and
 * {@link #close()} stops whichever of them their owners have not shut down already, so a closed node leaves no
 * thread behind to pin its class loader.
 */
public final class NodeThreads implements AutoCloseable {

  /** How long a pool's thread lives without work. */
  private static final Duration IDLE = Duration.ofMinutes(1);

  private final List<ExecutorService> executors = new CopyOnWriteArrayList<>();
  private boolean closed; // guarded by this

  /** One thread for periodic work: expiry sweeps and strict-mode heartbeats. */
  public ScheduledExecutorService scheduler(String name) {
    return tracked(Executors.newSingleThreadScheduledExecutor(daemons(name)));
  }

  /** One thread that runs its tasks in the order they were given. */
  public ExecutorService sequential(String name) {
    return tracked(Executors.newSingleThreadExecutor(daemons(name)));
  }

  /**
   * One thread that runs its tasks in the order they were given, with room for {@code capacity} waiting: a caller
   * that finds no room waits for it (nothing is dropped), unless the executor is shut down.
   */
  public ThreadPoolExecutor bounded(String name, int capacity) {
    return tracked(new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity),
        daemons(name), (task, executor) -> {
          if (executor.isShutdown()) {
            throw new RejectedExecutionException("The node is closed");
          }
          try {
            executor.getQueue().put(task);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("Interrupted while waiting for room", e);
          }
        }));
  }

  /**
   * At most {@code size} threads, made as tasks need them and ended after {@link #IDLE} without one; the tasks beyond
   * wait their turn, in order.
   */
  public ExecutorService pool(String name, int size) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, IDLE.toMillis(), TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), daemons(name));
    pool.allowCoreThreadTimeOut(true);
    return tracked(pool);
  }

  /** Stops every executor still running, their queued tasks dropped, and hands out no more. */
  @Override
  public synchronized void close() {
    closed = true;
    executors.forEach(ExecutorService::shutdownNow);
    executors.clear();
  }

  private synchronized <E extends ExecutorService> E tracked(E executor) {
    if (closed) {
      executor.shutdownNow();
      throw new IllegalStateException("The node is closed");
    }
    executors.removeIf(ExecutorService::isShutdown);
    executors.add(executor);
    return executor;
  }

  /** Daemon threads named {@code name}, numbered from the second on: none of them keeps a JVM alive. */
  private static ThreadFactory daemons(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      int number = count.incrementAndGet();
      Thread thread = new Thread(task, number == 1 ? name : name + "-" + number);
      thread.setDaemon(true);
      return thread;
    };
  }
}
