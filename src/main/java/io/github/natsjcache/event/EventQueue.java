package io.github.natsjcache.event;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that delivers a cache's events to its asynchronous listeners, in the order given, with room for a
 * bounded number of them waiting.
 *
 * <ul>
 *   <li>A caller that finds no room waits for it: nothing is dropped, and memory stays bounded however slow a
 *       listener is. The wait is the listener's pace, passed back to whoever makes the changes (a local operation
 *       returns once its events are queued; the watch, for other nodes' changes, pauses).
 *   <li>A task given by a thread that delivers events, this queue's or any other cache's (a listener that writes to
 *       its own cache, or to another cache whose listener writes back), never waits: the room it would wait for may
 *       only be made by a thread that waits for it. It goes over the bound instead.
 *   <li>A caller that must wait says so first ({@code beforeWaiting}): the watch then stops its node serving from
 *       memory, since the changes after this one wait with it.
 *   <li>An interrupted caller does not wait either: its event goes over the bound rather than being lost, and the
 *       caller keeps its interrupt.
 * </ul>
 */
final class EventQueue {

  /** How often a waiting caller looks whether the queue was shut down meanwhile (its tasks then never run). */
  private static final long SHUTDOWN_CHECK_MILLIS = 100;

  /** Whether this thread delivers events: set on every queue's thread, and on the thread of other nodes' events. */
  private static final ThreadLocal<Boolean> DELIVERING = ThreadLocal.withInitial(() -> Boolean.FALSE);

  private final ExecutorService thread;
  private final Semaphore room;

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

  /** Marks the calling thread as one that delivers events: it never waits for room (see the class comment). */
  static void deliveringHere() {
    DELIVERING.set(Boolean.TRUE);
  }

  /**
   * Runs a task after those given before; waits for room first (see the class comment).
   *
   * @param beforeWaiting run once before the caller waits for room, if it must
   * @throws RejectedExecutionException if the queue was shut down
   */
  void execute(Runnable task, Runnable beforeWaiting) {
    boolean counted = !DELIVERING.get() && awaitRoom(beforeWaiting);
    try {
      thread.execute(() -> {
        deliveringHere();
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

  /** Lets the tasks given so far run, then stops the thread. */
  void shutdown() {
    thread.shutdown();
  }

  /** Waits (boundedly) until the tasks given before {@link #shutdown} have run. */
  void awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    thread.awaitTermination(timeout, unit);
  }

  /** Takes room for one task, waiting for it; {@code false} if the caller was interrupted meanwhile. */
  private boolean awaitRoom(Runnable beforeWaiting) {
    if (room.tryAcquire()) {
      return true;
    }
    beforeWaiting.run();
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
