package io.github.natsjcache.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.Eventually;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The asynchronous listeners' queue: bounded, callers wait for room, the delivering thread never does. */
@Tag("unit")
class EventQueueTest {

  private final ExecutorService thread = Executors.newSingleThreadExecutor();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<Integer> ran = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    release.countDown();
    thread.shutdownNow();
  }

  @Test
  void execute_whenFull_callerWaitsForRoom_thenEveryTaskRunsInOrder() throws Exception {
    EventQueue queue = new EventQueue(thread, 1);
    CountDownLatch started = new CountDownLatch(1);
    queue.execute(() -> {
      started.countDown();
      await(release);
      ran.add(1);
    }, EventQueueTest::nothing);
    await(started); // the running task waits no more: it leaves the room to the next
    AtomicInteger waits = new AtomicInteger();
    queue.execute(() -> ran.add(2), waits::incrementAndGet);
    assertEquals(0, waits.get(), "there was room for the second");
    AtomicReference<Thread> caller = new AtomicReference<>();

    CompletableFuture<Void> third = CompletableFuture.runAsync(() -> {
      caller.set(Thread.currentThread());
      queue.execute(() -> ran.add(3), waits::incrementAndGet);
    });
    Eventually.assertTrue(() -> caller.get() != null && caller.get().getState() == Thread.State.TIMED_WAITING,
        "the third caller waits for room");
    assertFalse(third.isDone(), "no room was made: the caller still waits");
    assertEquals(1, waits.get(), "the third caller said it waits, once, before it did");

    release.countDown();
    third.get(Eventually.BOUND_MILLIS, TimeUnit.MILLISECONDS);
    Eventually.assertTrue(() -> ran.size() == 3, "every task ran");
    assertEquals(List.of(1, 2, 3), ran);
    queue.execute(EventQueueTest::nothing, waits::incrementAndGet);
    assertEquals(1, waits.get(), "the room is given back as tasks start");
  }

  /** A listener that writes to its cache queues events from the delivering thread: waiting there would never end. */
  @Test
  void execute_fromTheDeliveringThread_neverWaits() throws Exception {
    EventQueue queue = new EventQueue(thread, 1);
    CountDownLatch all = new CountDownLatch(6);
    queue.execute(() -> {
      for (int i = 0; i < 5; i++) {
        queue.execute(all::countDown, EventQueueTest::nothing);
      }
      all.countDown();
    }, EventQueueTest::nothing);

    assertTrue(all.await(Eventually.BOUND_MILLIS, TimeUnit.MILLISECONDS), "the tasks it gave itself ran");
  }

  /**
   * Cache A's listener writes to cache B, whose queue is full while B's listener waits (for A, say): A's delivering
   * thread must not wait for B's room, or two caches whose listeners write to each other would wait for each other for
   * good (a review finding).
   */
  @Test
  void execute_fromAnotherQueuesDeliveringThread_neverWaits() throws Exception {
    ExecutorService otherThread = Executors.newSingleThreadExecutor();
    try {
      EventQueue full = new EventQueue(thread, 1);
      CountDownLatch started = new CountDownLatch(1);
      full.execute(() -> {
        started.countDown();
        await(release);
      }, EventQueueTest::nothing);
      await(started);
      full.execute(EventQueueTest::nothing, EventQueueTest::nothing); // no room left until release
      EventQueue other = new EventQueue(otherThread, 1);
      CountDownLatch given = new CountDownLatch(1);

      other.execute(() -> {
        full.execute(EventQueueTest::nothing, EventQueueTest::nothing);
        given.countDown();
      }, EventQueueTest::nothing);

      assertTrue(given.await(Eventually.BOUND_MILLIS, TimeUnit.MILLISECONDS),
          "the other queue's thread waited for room in the full one");
    } finally {
      otherThread.shutdownNow();
    }
  }

  @Test
  void execute_waitingWhenShutDown_isRejected() {
    EventQueue queue = new EventQueue(thread, 1);
    queue.execute(() -> await(release), EventQueueTest::nothing);
    queue.execute(() -> ran.add(1), EventQueueTest::nothing);
    CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> queue.execute(() -> ran.add(2), EventQueueTest::nothing));

    thread.shutdownNow(); // the node closed: the room would never come

    Throwable thrown = assertThrows(Exception.class,
        () -> waiting.get(Eventually.BOUND_MILLIS, TimeUnit.MILLISECONDS)).getCause();
    assertTrue(thrown instanceof RejectedExecutionException, () -> "thrown: " + thrown);
  }

  private static void nothing() {}

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
