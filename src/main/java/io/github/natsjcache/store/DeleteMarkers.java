package io.github.natsjcache.store;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.PurgeResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * Delete markers that age out: every removal leaves one, and a cache with key churn (logins, tokens) would otherwise
 * grow its bucket without bound, until {@code maxBytes} refuses every write.
 *
 * <ul>
 *   <li>On a bucket whose stream allows per-message TTL (created on nats-server 2.11+), every marker carries the
 *       lifetime ({@link WireFormat#TTL_HEADER}) and the server drops it then.
 *   <li>Elsewhere {@link #compact()} purges each key's marker once it is older than the lifetime, bounded by the
 *       marker's own revision: a value written to the key since is kept.
 *   <li>A marker gone reads as a key never written, which is what it meant. A node whose watch was away while one
 *       aged out dropped its near-cache's values when the watch went unhealthy, so it serves nothing stale; only its
 *       listeners miss that removal. A healthy watch applies a marker within milliseconds of its writing.
 * </ul>
 */
final class DeleteMarkers {

  /** How many purges are under way at a time. */
  private static final int IN_FLIGHT = 256;

  private final Duration lifetime;
  private final boolean serverTtl;
  private final LastMessages lastMessages;
  private final Connection connection;
  private final Duration timeout;
  private final String stream;
  private final String subjectPrefix;
  private final String where;
  private final AtomicLong lastCompaction = new AtomicLong(System.nanoTime());

  DeleteMarkers(Duration lifetime, boolean serverTtl, LastMessages lastMessages, Connection connection,
      String bucket, Duration timeout, String where) {
    this.lifetime = lifetime;
    this.serverTtl = serverTtl;
    this.lastMessages = lastMessages;
    this.connection = connection;
    this.timeout = timeout;
    this.stream = WireFormat.stream(bucket);
    this.subjectPrefix = WireFormat.subjectPrefix(bucket);
    this.where = where;
  }

  /** The headers of a delete marker: KV's own, the provider's, and its lifetime where the server keeps it. */
  Map<String, String> marker(Map<String, String> headers) {
    Map<String, String> marker = new HashMap<>(headers);
    marker.put(WireFormat.OPERATION_HEADER, WireFormat.DELETE);
    if (serverTtl) {
      marker.put(WireFormat.TTL_HEADER, WireFormat.ttl(lifetime));
    }
    return marker;
  }

  /**
   * Purges the markers older than their lifetime, where the server does not (at most every quarter lifetime: the scan
   * reads every key's last message).
   */
  void compact() {
    long now = System.nanoTime();
    long last = lastCompaction.get();
    if (serverTtl || now - last < lifetime.toNanos() / 4 || !claimCompaction(last, now)) {
      return;
    }
    long oldest = System.currentTimeMillis() - lifetime.toMillis();
    Map<String, Long> expired = new HashMap<>();
    lastMessages.forEach((key, message) -> {
      if (WireFormat.isRemoval(WireFormat.firstValues(message.getHeaders()))
          && message.metaData().timestamp().toInstant().toEpochMilli() < oldest) {
        expired.put(key, message.metaData().streamSequence());
      }
    });
    purgeUpTo(expired);
  }

  /** Whether this thread runs the compaction due now (every node's sweep may ask at once). */
  private boolean claimCompaction(long last, long now) {
    return lastCompaction.compareAndSet(last, now);
  }

  /**
   * Purges each key's messages up to its marker's revision, {@value #IN_FLIGHT} requests in flight at a time: a sweep
   * may find many markers, one round trip each would not keep up with a busy cache, and all at once would overflow
   * the server's API queue (which then drops every request queued, other clients' too). A purge that fails is left
   * for the next sweep; the first failure is reported after the others were tried.
   */
  private void purgeUpTo(Map<String, Long> markers) {
    Deque<CompletableFuture<Message>> inFlight = new ArrayDeque<>();
    CacheException failure = null;
    for (Map.Entry<String, Long> marker : markers.entrySet()) {
      if (inFlight.size() == IN_FLIGHT) {
        failure = awaitPurge(inFlight.removeFirst(), failure);
      }
      try {
        inFlight.addLast(connection.requestWithTimeout(WireFormat.purge(stream),
            WireFormat.purgeRequest(subjectPrefix + marker.getKey(), marker.getValue() + 1), timeout));
      } catch (IllegalStateException e) {
        failure = failure != null ? failure : StoreFailures.translate(e, "purging old delete markers", where);
        break; // disconnected: the next sweep goes on
      }
    }
    while (!inFlight.isEmpty()) {
      failure = awaitPurge(inFlight.removeFirst(), failure);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private @Nullable CacheException awaitPurge(CompletableFuture<Message> purge, @Nullable CacheException failure) {
    try {
      new PurgeResponse(purge.get(timeout.toNanos(), TimeUnit.NANOSECONDS)).throwOnHasError();
      return failure;
    } catch (ExecutionException | InterruptedException | TimeoutException | JetStreamApiException e) {
      return failure != null ? failure : StoreFailures.translate(e, "purging old delete markers", where);
    }
  }
}
