package io.github.natsjcache.event;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The one thread that delivers a cache's events to its asynchronous listeners, in the order given, with room for a
 * bounded number of them waiting.
 *
 * <ul>
 *   <li>A caller that finds no room waits for it: nothing is dropped, and memory stays bounded however slow a
 *       listener is. The wait is the listener's pace, passed back to whoever makes the changes (a local operation
 *       returns once its events are queued; the watch, for other nodes' changes, pauses).
 *   <li>A task given by the delivering thread itself (a listener that writes to its cache) never waits: the room it
 *       would wait for can only be made by that thread. It goes over the bound instead.
 *   <li>An interrupted caller does not wait either: its event goes over the bound rather than being lost, and the
 *       caller keeps its interrupt.
 * </ul>
 */
final class EventQueue {

  /** How often a waiting caller looks whether the queue was shut down meanwhile (its tasks then never run). */
  private static final long SHUTDOWN_CHECK_MILLIS = 100;

  private final ExecutorService thread;
  private final Semaphore room;
  private volatile @Nullable Thread delivering;

  /**
   * Creates the queue.
   *
   * @param thread an executor of one thread, running tasks in order; shut down by {@link #shutdown}
   * @param capacity how many tasks may wait (the one running aside) before callers wait for room; positive
   */
  EventQueue(ExecutorService thread, int capacity) {
    this.thread = thread;
    this.room = new Semaphore(capacity);
  }

  /**
   * Runs a task after those given before; waits for room first (see the class comment).
   *
   * @throws RejectedExecutionException if the queue was shut down
   */
  void execute(Runnable task) {
    boolean counted = Thread.currentThread() != delivering && awaitRoom();
    try {
      thread.execute(() -> {
        delivering = Thread.currentThread();
        if (counted) {
          room.release(); // it waits no more
        }
        task.run();
      });
    } catch (RejectedExecutionException e) {
      if (counted) {
        room.release();
      }
      throw e;
    }
  }

  /** Whether {@code tasks} more would find room without waiting. */
  boolean hasRoomFor(int tasks) {
    return room.availablePermits() >= tasks;
  }

  /** Lets the tasks given so far run, then stops the thread. */
  void shutdown() {
    thread.shutdown();
  }

  /** Waits (boundedly) until the tasks given before {@link #shutdown} have run. */
  void awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    thread.awaitTermination(timeout, unit);
  }

  /** Takes room for one task, waiting for it; {@code false} if the caller was interrupted meanwhile. */
  private boolean awaitRoom() {
    try {
      while (!room.tryAcquire(SHUTDOWN_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
        if (thread.isShutdown()) {
          throw new RejectedExecutionException("The cache is closed");
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
