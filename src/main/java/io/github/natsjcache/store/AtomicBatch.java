package io.github.natsjcache.store;

import io.github.natsjcache.bucket.OutcomeUnknownException;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.NUID;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.cache.CacheException;

/**
 * Publishes up to {@value #MAX_MESSAGES} messages all or nothing: an atomic batch (nats-server 2.12+, on a stream
 * that allows it).
 *
 * <ul>
 *   <li>Every message carries the batch's id and its place in it; the last one also the commit, and only that one is
 *       a request. The server stores all of them, in order and under consecutive revisions (so every watch sees the
 *       batch as one run), or none.
 *   <li>A refusal (of any message: too large for the stream, say) fails the whole batch: nothing was stored. The
 *       server takes 50 batches at a time per stream; one refused as busy is sent again after a pause.
 *   <li>No answer within the timeout leaves the outcome unknown, and says so ({@link OutcomeUnknownException}). Its
 *       messages carry no id of their own, which a batch that may repeat none of them could use.
 *   <li>A commit whose answer the CacheManager's close cut short is unknown as well: an {@link IllegalStateException}
 *       says that the manager was closed during the batch.
 * </ul>
 */
final class AtomicBatch {

  /** The most messages one batch holds (the server's default limit). */
  static final int MAX_MESSAGES = 1_000;
  /** How often a batch the server was too busy for is sent. */
  private static final int ATTEMPTS = 5;
  /** JetStream's error for a batch that lost a message on the way (dropped for a limit, or the stream was busy). */
  private static final int INCOMPLETE = 10176;
  /** JetStream's error for one batch too many under way on the stream (50 by default). */
  private static final int TOO_MANY_IN_FLIGHT = 10210;

  /** One message of a batch. */
  @SuppressWarnings("ArrayRecordComponent") // bytes passed through once, never compared
  record Outgoing(String key, byte[] body, Headers headers) {}

  private final Connection connection;
  private final String subjectPrefix;
  private final Duration timeout;
  private final String where;
  /** Whether the node's connection is being closed: then a commit's answer is cut short, not missing. */
  private final BooleanSupplier closing;

  AtomicBatch(Connection connection, String bucket, Duration timeout, String where, BooleanSupplier closing) {
    this.connection = connection;
    this.closing = closing;
    this.subjectPrefix = WireFormat.subjectPrefix(bucket);
    this.timeout = timeout;
    this.where = where;
  }

  /**
   * Publishes the messages as one batch. A batch the server could not take at once (too many in flight on the stream,
   * or one of its messages dropped on the way: "incomplete") stored nothing, and is sent again a few times with a
   * growing pause.
   *
   * @return the revision of each message, in order
   * @throws CacheException if the server refused the batch (nothing was stored) or did not answer (unknown)
   */
  List<Long> publish(List<Outgoing> messages, String operation) {
    for (int attempt = 1; ; attempt++) {
      try {
        return publishOnce(messages, operation);
      } catch (JetStreamApiException e) {
        if (attempt >= ATTEMPTS || !isBusy(e)) {
          throw new CacheException("NATS refused " + operation + " of " + messages.size() + " keys on " + where
              + ", so none was stored: " + e.getErrorDescription() + " (error " + e.getApiErrorCode() + ")", e);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5L << attempt));
      }
    }
  }

  private List<Long> publishOnce(List<Outgoing> messages, String operation) throws JetStreamApiException {
    String batchId = NUID.nextGlobal();
    int size = messages.size();
    Message reply;
    try {
      for (int i = 0; i < size - 1; i++) {
        Outgoing message = messages.get(i);
        connection.publish(subjectPrefix + message.key(), WireFormat.inBatch(message.headers(), batchId, i + 1, false),
            message.body());
      }
      Outgoing last = messages.get(size - 1);
      Message commit = NatsMessage.builder().subject(subjectPrefix + last.key())
          .headers(WireFormat.inBatch(last.headers(), batchId, size, true)).data(last.body()).build();
      reply = connection.request(commit, timeout);
    } catch (InterruptedException | IllegalStateException | IllegalArgumentException e) {
      throw StoreFailures.translate(e, operation, where);
    }
    if (reply == null) {
      throw unanswered(operation, size);
    }
    PublishAck ack;
    try {
      ack = new PublishAck(reply);
    } catch (IOException e) {
      throw StoreFailures.translate(e, operation, where);
    }
    if (ack.getBatchSize() != size) {
      throw new OutcomeUnknownException("NATS acknowledged " + ack.getBatchSize() + " messages of a batch of " + size
          + " on " + where + ": the batch may or may not have been applied");
    }
    List<Long> revisions = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      revisions.add(ack.getSeqno() - (size - 1 - i));
    }
    return revisions;
  }

  /** A commit jnats gave no answer to: cut short by the CacheManager's close, or none came in time. */
  private RuntimeException unanswered(String operation, int size) {
    if (closing.getAsBoolean()) {
      return StoreFailures.closedDuring(operation + " of " + size + " keys", where, null); // jnats tells no more
    }
    return new OutcomeUnknownException("No answer during " + operation + " of " + size + " keys on " + where
        + " within " + timeout.toMillis() + " ms: the batch may or may not have been applied");
  }

  /** Whether the server refused the batch only for now: nothing of it was stored, and it may go through later. */
  private static boolean isBusy(JetStreamApiException refusal) {
    int code = refusal.getApiErrorCode();
    return code == INCOMPLETE || code == TOO_MANY_IN_FLIGHT;
  }
}
