package io.github.natsjcache.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Requests that several responders could answer, sent again while unanswered. A direct get reaches one replica of
 * the stream, chosen by the server; a replica on a frozen server, or one cut off, answers nothing, while another
 * would answer at once. So a request unanswered after {@link #firstRepeatAfter} is repeated (a read: as a direct get,
 * which the server may route to another replica, and as a message get, which the stream's leader answers), then again
 * after twice as long, and so on, the earlier attempts left waiting: the first answer wins. Repeating is safe only
 * for requests that change nothing, such as reads.
 */
final class RepeatedRequests {

  /** When a healthy replica has long answered (a direct get takes well under a millisecond on a LAN). */
  private static final Duration FIRST_REPEAT = Duration.ofMillis(250);

  /**
   * How many requests still unanswered are repeated at once. More means a server busy with a large read rather than a
   * replica gone silent: repeating them would only add to its load, so they wait.
   */
  static final int MAX_REPEATED = 64;

  private RepeatedRequests() {}

  /** How long an attempt waits before the request is sent again: 250 ms, or a quarter of a shorter timeout. */
  static Duration firstRepeatAfter(Duration timeout) {
    Duration quarter = timeout.dividedBy(4);
    return quarter.compareTo(FIRST_REPEAT) < 0 ? quarter : FIRST_REPEAT;
  }

  /**
   * Waits for the answers of requests, repeating those unanswered (when no more than {@value #MAX_REPEATED} are), for
   * at most {@code timeout}.
   *
   * <p>Returns once every request has an answer or has failed: see each one's {@link Request#answer()}.
   *
   * @param requests the requests, each sent once already
   * @throws TimeoutException if some request has neither when the timeout is up
   */
  static void await(Collection<? extends Request<?>> requests, Duration timeout)
      throws TimeoutException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    long attempt = firstRepeatAfter(timeout).toNanos();
    List<Request<?>> waiting = new ArrayList<>(requests);
    while (true) {
      long roundEnd = Math.min(System.nanoTime() + attempt, end);
      waiting.removeIf(request -> request.answer().isDone());
      for (Request<?> request : waiting) {
        if (!awaitUntil(request, roundEnd)) {
          break;
        }
      }
      waiting.removeIf(request -> request.answer().isDone());
      if (waiting.isEmpty()) {
        return;
      }
      if (System.nanoTime() - end >= 0) {
        throw new TimeoutException("no answer within " + timeout);
      }
      if (waiting.size() <= MAX_REPEATED) {
        waiting.forEach(Request::repeat);
      }
      attempt *= 2; // a slow cluster gets fewer repeats
    }
  }

  private static boolean awaitUntil(Request<?> request, long deadline) throws InterruptedException {
    try {
      request.answer().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return true;
    } catch (ExecutionException e) {
      return true; // failed: an answer too
    } catch (TimeoutException e) {
      return false;
    }
  }

  /**
   * One request and its repeats: answered by the first reply, or refused by it (an answer that is a
   * {@link javax.cache.CacheException}); failed once every attempt sent has failed otherwise (not sent while
   * disconnected), but not for want of responders: the next repeat asks again.
   *
   * @param <T> the answer's type
   */
  static final class Request<T> {
    private final List<Supplier<CompletableFuture<T>>> repeat;
    private final CompletableFuture<T> answer = new CompletableFuture<>();
    private final List<CompletableFuture<T>> attempts = new ArrayList<>(3);
    private int failures;

    /**
     * Sends the request once.
     *
     * @param first sends the request
     * @param repeat sends it again, each of them, on every repeat
     */
    Request(Supplier<CompletableFuture<T>> first, List<Supplier<CompletableFuture<T>>> repeat) {
      this.repeat = repeat;
      send(first);
    }

    /** The first answer of any attempt. */
    CompletableFuture<T> answer() {
      return answer;
    }

    /** Sends the request again. */
    void repeat() {
      repeat.forEach(this::send);
    }

    @SuppressWarnings("FutureReturnValueIgnored") // the attempt's outcome goes to the answer, failures included
    private void send(Supplier<CompletableFuture<T>> sender) {
      CompletableFuture<T> attempt = sender.get();
      synchronized (this) {
        attempts.add(attempt);
      }
      attempt.whenComplete((reply, failure) -> {
        if (failure == null) {
          answer.complete(reply);
        } else if (StoreFailures.isRefusal(failure)) { // a refusal answers as well as a value
          answer.completeExceptionally(failure);
        } else if (allFailed() && !StoreFailures.isNoResponders(failure)) {
          answer.completeExceptionally(failure);
        }
        // Nobody answering is no answer yet: a stream between two leaders has no replica serving direct gets for a
        // moment (nats-server 2.15.2, measured: ClusterLeaderLossTest), and the next repeat asks again, the leader's
        // message get included, until the timeout. A stream that is gone says so to that message get.
      });
    }

    private synchronized boolean allFailed() {
      return ++failures == attempts.size();
    }

    /** Gives up the attempts still waiting, so that their answers are dropped. */
    synchronized void cancel() {
      attempts.forEach(attempt -> attempt.cancel(false));
    }
  }
}
