package io.github.natsjcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** When requests are repeated, and what answers them. */
@Tag("unit")
class RepeatedRequestsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Test
  void unanswered_isRepeated_andTheRepeatsAnswerWins() throws Exception {
    AtomicInteger repeats = new AtomicInteger();
    RepeatedRequests.Request<String> request = new RepeatedRequests.Request<>(CompletableFuture::new,
        List.of(() -> {
          repeats.incrementAndGet();
          return CompletableFuture.completedFuture("from another replica");
        }));

    RepeatedRequests.await(List.of(request), TIMEOUT);

    assertEquals("from another replica", request.answer().get());
    assertEquals(1, repeats.get());
  }

  @Test
  void manyUnansweredAtOnce_areNotRepeated_theyAreLoadNotSilence() throws Exception {
    AtomicInteger repeats = new AtomicInteger();
    List<RepeatedRequests.Request<String>> requests = new ArrayList<>();
    for (int i = 0; i < RepeatedRequests.MAX_REPEATED + 1; i++) {
      requests.add(new RepeatedRequests.Request<>(
          () -> CompletableFuture.supplyAsync(() -> "late",
              CompletableFuture.delayedExecutor(600, TimeUnit.MILLISECONDS)),
          List.of(() -> {
            repeats.incrementAndGet();
            return new CompletableFuture<>();
          })));
    }

    RepeatedRequests.await(requests, TIMEOUT);

    assertEquals(0, repeats.get());
    assertEquals("late", requests.get(0).answer().get());
  }

  /** A stream between two leaders: no replica serves direct gets for a moment, then one does. */
  @Test
  void noResponders_isNoAnswerYet_theRepeatAsksAgain() throws Exception {
    RepeatedRequests.Request<String> request = new RepeatedRequests.Request<>(
        () -> CompletableFuture.failedFuture(new CancellationException("no responders")),
        List.of(() -> CompletableFuture.completedFuture("from the new leader")));

    RepeatedRequests.await(List.of(request), TIMEOUT);

    assertEquals("from the new leader", request.answer().get());
  }

  @Test
  void notSent_failsAtOnce() {
    RepeatedRequests.Request<String> request = new RepeatedRequests.Request<>(
        () -> CompletableFuture.failedFuture(new IllegalStateException("disconnected")), List.of());

    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> request.answer().get(1, TimeUnit.SECONDS));
    assertInstanceOf(IllegalStateException.class, failed.getCause());
  }

  @Test
  void refusal_answersAtOnce_withoutWaitingForTheOtherAttempts() {
    RepeatedRequests.Request<String> request = new RepeatedRequests.Request<>(
        () -> CompletableFuture.failedFuture(new CacheException("stream not found")), List.of());

    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> request.answer().get(1, TimeUnit.SECONDS));
    assertInstanceOf(CacheException.class, failed.getCause());
  }

  @Test
  void neverAnswered_timesOut() {
    RepeatedRequests.Request<String> request = new RepeatedRequests.Request<>(CompletableFuture::new,
        List.of(CompletableFuture::new));

    assertThrows(TimeoutException.class, () -> RepeatedRequests.await(List.of(request), Duration.ofMillis(400)));
    assertFalse(request.answer().isDone());
  }
}
