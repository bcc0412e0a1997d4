package io.github.natsjcache.store;

import io.nats.client.AuthenticationException;
import io.nats.client.JetStreamApiException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * Translates what jnats throws into {@link CacheException}s, in one place.
 *
 * <p>Messages name the cache, the bucket and the key, never a credential; an interrupted thread keeps its interrupt
 * flag.
 */
final class StoreFailures {

  /** JetStream's API error code for a message get of a subject (or sequence) without a message. */
  static final int NO_MESSAGE_FOUND = 10037;
  /** JetStream's API error code for a failed {@code Nats-Expected-Last-Subject-Sequence} check. */
  static final int WRONG_LAST_SEQUENCE = 10071;
  /** The same, as servers since 2.11 may report it (a write that raced another on a clustered stream). */
  static final int WRONG_LAST_SEQUENCE_CONSTANT = 10164;
  /**
   * A clustered stream (2.11+) could not check the expected revision yet: nothing was written, so the write is retried
   * from a fresh read like any other that lost a race.
   */
  static final int EXPECTED_LAST_SEQUENCE_NOT_READY = 10163;

  private StoreFailures() {}

  /**
   * The future of a request or publish jnats sends, or a failed one if it refuses to send it: disconnected (the
   * connection keeps no reconnect buffer) or closed, or a message larger than the server takes.
   */
  static <T> CompletableFuture<T> sentOrFailed(Supplier<CompletableFuture<T>> send) {
    try {
      return send.get();
    } catch (IllegalStateException | IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Whether a request found nobody to answer it: jnats cancels a request the server says nobody listens to (no
   * replica answers direct gets of a stream between two leaders, nor of a stream that is gone).
   */
  static boolean isNoResponders(Throwable failure) {
    return unwrap(failure) instanceof CancellationException;
  }

  /** Whether a failure is a reply that refused the request, translated already (a stream gone, say). */
  static boolean isRefusal(Throwable failure) {
    return unwrap(failure) instanceof CacheException;
  }

  /**
   * The failure of a request that the CacheManager's close cut short, sent but unanswered: jnats cancels what awaits
   * an answer when its connection closes, which would otherwise read as NATS not answering. A write may have been
   * stored, and nobody can ask any more.
   */
  static IllegalStateException closedDuring(String operation, String where, @Nullable Throwable cause) {
    return new IllegalStateException("The CacheManager was closed during " + operation + " on " + where
        + ": its outcome is unknown (the write was sent, so it may have been stored)", cause);
  }

  static CacheException translate(Throwable failure, String operation, String where) {
    Throwable cause = unwrap(failure);
    if (cause instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new CacheException("Interrupted during " + operation + " on " + where, cause);
    }
    if (cause instanceof TimeoutException) {
      return new CacheException("No answer from NATS in time during " + operation + " on " + where, cause);
    }
    if (cause instanceof CancellationException) {
      // jnats cancels a request it gave up waiting for, and one the server says nobody listens to (a direct get of a
      // bucket whose stream is gone).
      return new CacheException("No answer from NATS during " + operation + " on " + where + " (it gave up waiting, "
          + "or no responders: is the bucket's stream gone?)", cause);
    }
    if (cause instanceof IllegalStateException) {
      // jnats refuses to send while disconnected (the connection keeps no reconnect buffer), or once closed.
      return new CacheException("Not connected to NATS: " + operation + " on " + where + " was not sent ("
          + cause.getMessage() + ")", cause);
    }
    if (cause instanceof JetStreamApiException api) {
      return new CacheException("NATS refused " + operation + " on " + where + ": "
          + api.getErrorDescription() + " (error " + api.getApiErrorCode() + ")", cause);
    }
    if (cause instanceof CacheException cacheException) {
      return cacheException;
    }
    if (cause instanceof AuthenticationException) {
      // jnats' message is the server's ("Authorization Violation"), which holds no credential.
      return new CacheException("NATS refused this node's credentials during " + operation + " on " + where + " ("
          + cause.getMessage() + "); check the user and password, token, nkey or creds options", cause);
    }
    return new CacheException("Failed " + operation + " on " + where + ": " + cause, cause);
  }

  /**
   * Whether a request failed for want of an answer: it timed out (here or in jnats, which cancels a request it gave
   * up on). Whatever it asked for may have been done.
   */
  static boolean isNoAnswer(Throwable failure) {
    Throwable cause = unwrap(failure);
    return cause instanceof TimeoutException || cause instanceof CancellationException;
  }

  /** JetStream's API error code of a refusal, or 0 for any other failure. */
  static int apiErrorCode(Throwable failure) {
    return unwrap(failure) instanceof JetStreamApiException api ? api.getApiErrorCode() : 0;
  }

  static boolean isRevisionConflict(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (!(cause instanceof JetStreamApiException api)) {
      return false;
    }
    int code = api.getApiErrorCode();
    return code == WRONG_LAST_SEQUENCE || code == WRONG_LAST_SEQUENCE_CONSTANT
        || code == EXPECTED_LAST_SEQUENCE_NOT_READY;
  }

  /**
   * The failure itself, without the wrappers that futures add: {@link ExecutionException},
   * {@link CompletionException}, and the plain {@code RuntimeException} in which jnats' asynchronous publish wraps a
   * {@link JetStreamApiException}.
   */
  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException
        || cause.getClass() == RuntimeException.class) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
