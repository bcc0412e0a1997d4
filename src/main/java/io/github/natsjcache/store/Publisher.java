package io.github.natsjcache.store;

import io.github.natsjcache.bucket.OutcomeUnknownException;
import io.nats.client.JetStream;
import io.nats.client.NUID;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Publishes a bucket's writes so that each takes effect at most once, however often it is sent, and tells whether it
 * did.
 *
 * <ul>
 *   <li>Every write carries an id of its own ({@link WireFormat#MSG_ID_HEADER}: a NUID, a random prefix of this
 *       publisher and a counter). JetStream stores an id once within the stream's duplicate window (two minutes for
 *       KV buckets) and answers a copy with the revision of the first, marked as a duplicate.
 *   <li>When no answer comes within a quarter of the operation timeout, the write may or may not be stored. The
 *       publisher then asks: it sends a probe, a message with the write's id that the server never stores (it expects
 *       a last message id no stream has). The server answers a probe whose id it holds as a duplicate, with the
 *       write's revision, and refuses any other. One connection's messages to a stream are handled in order, so the
 *       answer comes after the write itself was handled, or lost.
 *   <li>A write found not stored is sent again, with the same id and expectations. A copy still on its way cannot
 *       land as well: the server drops a second copy of an id, and a conditional write's expectation fails once the
 *       key has moved on.
 *   <li>When the operation timeout passes without an answer, the write may or may not have been applied:
 *       {@link OutcomeUnknownException}, naming the cache and the key. Any other failure means it was not applied.
 *   <li>When the node's CacheManager closes while a sent write awaits its answer or a probe's, the outcome is unknown
 *       too, and no probe can tell it any more: an {@link IllegalStateException} says that the manager was closed
 *       during the write and that it may have been stored.
 * </ul>
 *
 * <p>Why a probe, and not the write sent again at once: a standalone nats-server 2.11+ checks a conditional write's
 * expected revision before its id, so a copy of a stored conditional write is refused as a lost race, which cannot be
 * told from a real one (2.9 checks the id first). The probe expects no revision.
 */
final class Publisher {

  /** A write ready to go: its id, the key's subject, its body, and every header, the id among them. */
  @SuppressWarnings("ArrayRecordComponent") // bytes passed through once, never compared
  record Write(String key, String id, String subject, byte[] body, Headers headers, boolean conditional) {}

  /** How many answers the operation timeout is shared among: the write's, then probes' and copies'. */
  private static final int ROUNDS = 4;
  /** JetStream's error for a probe of an id it does not hold: the stream's last message has another id. */
  private static final int WRONG_LAST_MSG_ID = 10070;
  /**
   * The pause before the next probe, when the last one had an answer that settled nothing: 5 ms, doubled after each
   * such answer up to 320 ms, so that a cluster too busy to settle (a member catching up, a leader election) is not
   * asked ever faster by every write waiting on it (at 5 ms, two nodes' writes stalled by a restarting member kept a
   * surviving one from becoming healthy: ClusterCoherenceTest on 2.15.2).
   */
  private static final long PROBE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long MAX_PROBE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(320);

  private final JetStream jetStream;
  private final String stream;
  private final String subjectPrefix;
  private final Duration timeout;
  private final String where;
  private final NUID ids = new NUID();
  private final boolean probes;
  /** Whether the node's connection is being closed: then what a write awaits is cut short, not unanswered. */
  private final BooleanSupplier closing;

  /**
   * Creates the publisher of a bucket.
   *
   * @param probes whether an unanswered write is resolved by probes: only on a stream of one replica. On a replicated
   *     stream of nats-server 2.15.2, probes sent while a member was down and came back kept a surviving member from
   *     becoming healthy again (ClusterCoherenceTest: never healthy within 30 s, every run; healthy at once without
   *     them). There an unanswered write waits for its own answer until the timeout, then its outcome is unknown.
   * @param closing whether the node's connection is being closed
   */
  Publisher(JetStream jetStream, String bucket, Duration timeout, String where, boolean probes,
      BooleanSupplier closing) {
    this.probes = probes;
    this.closing = closing;
    this.jetStream = jetStream;
    this.stream = WireFormat.stream(bucket);
    this.subjectPrefix = WireFormat.subjectPrefix(bucket);
    this.timeout = timeout;
    this.where = where;
  }

  /**
   * A write of {@code body} to a key, with the provider's headers, a new id and the expectations.
   *
   * @param headers the provider's headers, which become the write's own: its id and expectations are added to them
   *     (not to a copy: a put makes enough of jnats' header maps as it is)
   * @param expectedRevision the revision the key must be at (0: no message yet), or negative for none
   */
  Write prepare(String key, byte[] body, Headers headers, long expectedRevision) {
    String id = ids.next();
    headers.put(WireFormat.MSG_ID_HEADER, id);
    headers.put(WireFormat.EXPECTED_STREAM_HEADER, stream);
    if (expectedRevision >= 0) {
      headers.put(WireFormat.EXPECTED_REVISION_HEADER, Long.toString(expectedRevision));
    }
    return new Write(key, id, subjectPrefix + key, body, headers, expectedRevision >= 0);
  }

  /**
   * Publishes a write and waits for its outcome.
   *
   * @return the write's revision, or empty when it was conditional and another write came first
   * @throws OutcomeUnknownException when the outcome could not be told within the operation timeout
   */
  OptionalLong publish(Write write, String operation) {
    long deadline = System.nanoTime() + timeout.toNanos();
    return outcome(write, send(write), deadline, operation);
  }

  /** Sends a write without waiting: for writes pipelined, whose outcomes {@link #outcome} then awaits. */
  CompletableFuture<PublishAck> send(Write write) {
    return send(write.subject(), write.headers(), write.body());
  }

  /**
   * Waits for a write's answer; when none comes within its share of the time left, finds out by probes whether the
   * write was stored, and sends it again when it was not.
   *
   * @param sent the answer to the write as sent
   * @param deadline when the operation times out ({@link System#nanoTime()})
   * @return the write's revision, or empty when it was conditional and another write came first
   * @throws OutcomeUnknownException when the deadline passes first
   */
  OptionalLong outcome(Write write, CompletableFuture<PublishAck> sent, long deadline, String operation) {
    CompletableFuture<PublishAck> pending = sent;
    boolean probing = false;
    long probePause = PROBE_PAUSE_NANOS;
    long round = probes ? timeout.toNanos() / ROUNDS : timeout.toNanos(); // without probes, one round: the write's
    while (true) {
      PublishAck ack = null;
      try {
        ack = pending.get(Math.max(0, Math.min(round, deadline - System.nanoTime())), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        pending.cancel(false); // the answer is no longer awaited: jnats may let go of it at once
        Thread.currentThread().interrupt();
        throw new OutcomeUnknownException("Interrupted during " + operation + " on " + where(write) + ": the write "
            + "may or may not have been applied (message id " + write.id() + ")");
      } catch (TimeoutException | CancellationException | ExecutionException e) {
        pending.cancel(false);
        boolean noAnswer = StoreFailures.isNoAnswer(e); // else refused, or not sent
        if (!noAnswer && !probing) {
          return refused(write, e, operation); // the write itself was refused, or not sent: not stored
        }
        if (!noAnswer && StoreFailures.apiErrorCode(e) == WRONG_LAST_MSG_ID) {
          pending = send(write); // not stored, and no copy of it can land later: send it again
          probing = false;
          continue;
        }
        if (closing.getAsBoolean()) { // the write was sent, and its manager's close cut short what told its outcome
          throw StoreFailures.closedDuring(operation, where(write), e);
        }
        if (!noAnswer) {
          LockSupport.parkNanos(probePause); // still being stored (clustered), or the probe was not sent
          probePause = Math.min(2 * probePause, MAX_PROBE_PAUSE_NANOS);
        }
      }
      if (ack != null) {
        return OptionalLong.of(ack.getSeqno()); // the write's acknowledgement, or a probe's: a duplicate of it
      }
      if (!probes || System.nanoTime() - deadline >= 0) {
        throw new OutcomeUnknownException("No answer from NATS within " + timeout.toMillis() + " ms during "
            + operation + " on " + where(write) + ": the write may or may not have been applied (message id "
            + write.id() + ")");
      }
      pending = probe(write);
      probing = true;
    }
  }

  /** Asks whether the stream holds a write's id: a duplicate if it does, refused with 10070 if not. */
  private CompletableFuture<PublishAck> probe(Write write) {
    Headers probe = new Headers();
    probe.put(WireFormat.MSG_ID_HEADER, write.id());
    probe.put(WireFormat.EXPECTED_STREAM_HEADER, stream);
    probe.put(WireFormat.EXPECTED_LAST_MSG_ID_HEADER, WireFormat.NO_SUCH_MSG_ID);
    return send(write.subject(), probe, new byte[0]);
  }

  private CompletableFuture<PublishAck> send(String subject, Headers headers, byte[] body) {
    return StoreFailures.sentOrFailed(() -> jetStream.publishAsync(subject, headers, body));
  }

  /** The outcome of a write the server answered with a refusal, or that was not sent. */
  private OptionalLong refused(Write write, Exception failure, String operation) {
    if (write.conditional() && StoreFailures.isRevisionConflict(failure)) {
      return OptionalLong.empty();
    }
    throw StoreFailures.translate(failure, operation, where(write));
  }

  private String where(Write write) {
    return where + ", key " + write.key();
  }
}
