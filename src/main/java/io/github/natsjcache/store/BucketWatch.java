package io.github.natsjcache.store;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamState;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Follows every change of one bucket: an ordered consumer on all of its keys' subjects, kept healthy by us.
 *
 * <p>Continuity, the part jnats does not give (after a server restart its KV watcher was measured silent for
 * 20–30 s):
 * <ul>
 *   <li>The watch remembers the last stream sequence it applied.
 *   <li>On a disconnection it reports itself unhealthy at once. On reconnection, or when jnats reports a missed
 *       heartbeat, it drops its consumer and subscribes again from the next sequence, so nothing is skipped and no
 *       consumer is leaked.
 *   <li>If that sequence is gone (the stream was purged or recreated), it reports a gap, then resumes from the
 *       stream's first message. A stream created anew (its creation time changed) is reported as such: its
 *       revisions began again.
 *   <li>It reports itself healthy again only when it has applied every message that existed when it resubscribed.
 *   <li>Every {@link #CHECK_INTERVAL} it compares itself with the stream ({@link #check}): a watch behind the stream
 *       that applied nothing for a whole interval has stopped delivering without an error (its consumer lived on a
 *       server that died, say) and resubscribes, so a silent watch is noticed within two intervals; two checks in a
 *       row the server does not answer make the watch unhealthy until one is answered (a frozen server); the stream's
 *       first sequence tells of purges; a resubscription that failed (a leader election, a deleted bucket) is tried
 *       again, every interval at first, then backing off to every {@value #MAX_CHECKS_BETWEEN_RETRIES} intervals.
 * </ul>
 * <p>While it follows values (a listener is registered), it also keeps each key's last value, as bytes: every change
 * it delivers carries the value it replaced ({@link Change#before}), taken from the bucket's own order of changes,
 * whoever wrote them. It learns them by starting from every key's last message (those it had applied already only
 * update what it knows); that costs, per key, its value's bytes and about 170 bytes beside (166 B measured:
 * benchmarks/README.md, "What a listener costs").
 *
 * <p>A bucket keeps each key's last message only (history 1), so a change overwritten before the watch delivered it
 * (a watch lagging behind two writes of one key, a consumer recreated after others wrote, a {@code clear()} over
 * changes not yet delivered) is gone: the watch never sees it, and the change after it comes with the value the watch
 * knew before. The watch counts such changes ({@link #missedChanges}): the stream sequences it went past unseen, less
 * this node's own latest writes, which its listeners heard as they were made.
 *
 * <p>The handler runs on the connection's dispatcher thread for this watch, one message at a time, in stream order.
 */
public final class BucketWatch implements AutoCloseable {

  /** How often a watch is compared with its stream. */
  public static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
  private static final int MAX_CHECKS_BETWEEN_RETRIES = 8;
  private static final Duration IDLE_HEARTBEAT = Duration.ofSeconds(1);
  private static final int UNANSWERED_CHECKS_TO_STOP = 2;
  private static final int STREAM_NOT_FOUND = 10059;
  private static final System.Logger LOG = System.getLogger(BucketWatch.class.getName());
  private static final Duration DELETE_TIMEOUT = Duration.ofSeconds(5);

  private final Connection connection;
  private final JetStream jetStream;
  private final JetStreamManagement management;
  private final String stream;
  private final String subjectPrefix;
  private volatile boolean headersOnly;
  /** Each key's value as of the last message applied, while values are followed; written by the watch's thread. */
  private final Map<String, Change.Before> lastValues = new ConcurrentHashMap<>();
  /** Whether the next subscription starts from every key's last message, to learn the values it did not keep. */
  private volatile boolean learningLastValues;
  private final WatchHandler handler;
  private final Consumer<BucketWatch> onClose;
  private final AtomicLong lastApplied = new AtomicLong();
  /**
   * The stream's last sequence as last learned, never asked for its own sake: from the checks (every
   * {@link #CHECK_INTERVAL}), the resubscriptions, and each delivered message (its sequence plus the messages still
   * pending after it: a lower bound).
   */
  private final AtomicLong streamLast = new AtomicLong();
  private final Dispatcher dispatcher;
  /** Written under this watch's lock; read without it by jnats' heartbeat alarms. */
  private volatile @Nullable JetStreamSubscription subscription;
  /** Consumers dropped while disconnected, to delete once connected: the server keeps them for a while otherwise. */
  private final List<String> consumersToDelete = new ArrayList<>();
  /** Counts subscriptions, so that a message of one given up is known as such. */
  private final AtomicInteger generation = new AtomicInteger();
  private volatile long caughtUpAt;
  /** Whether the handler is at work on a change: a watch waiting for a slow listener is busy, not stalled. */
  private volatile boolean applying;
  /** Set by a subscription that has yet to catch up: only then may a delivered message make the watch healthy. */
  private volatile boolean recovering;
  /** Messages delivered, learned ones included: the progress a stalled watch does not make. */
  private final AtomicLong delivered = new AtomicLong();
  private final Object healthLock = new Object();
  private volatile boolean healthy;
  private volatile boolean closed;
  // Guarded by this: what the last check and resubscription found.
  private @Nullable ZonedDateTime streamCreated;
  private boolean behindAtLastCheck;
  /** Written under this watch's lock; read without it by JMX, which must never wait for a check. */
  private volatile int failedResubscriptions;
  private int checksUntilRetry;
  private int unansweredChecks;
  private long deliveredAtLastCheck;
  private final AtomicLong resubscriptions = new AtomicLong();
  /** Messages of other writers gone before the watch delivered them. */
  private final AtomicLong missedChanges = new AtomicLong();
  /** The sequence up to which gaps were counted: a gap found twice (a resubscription racing a delivery) counts once. */
  private final AtomicLong countedUpTo = new AtomicLong();
  private final AtomicBoolean warnedOfMissedChanges = new AtomicBoolean();
  private final OwnRevisions ownRevisions;

  BucketWatch(Connection connection, JetStream jetStream, JetStreamManagement management, String bucket,
      boolean headersOnly, OwnRevisions ownRevisions, WatchHandler handler, Consumer<BucketWatch> onClose) {
    this.ownRevisions = ownRevisions;
    this.connection = connection;
    this.jetStream = jetStream;
    this.management = management;
    this.stream = WireFormat.stream(bucket);
    this.subjectPrefix = WireFormat.subjectPrefix(bucket);
    this.headersOnly = headersOnly;
    this.handler = handler;
    this.onClose = onClose;
    this.dispatcher = connection.createDispatcher();
  }

  /** Starts following from the stream's next message. */
  synchronized void start() throws IOException, JetStreamApiException {
    StreamInfo info = management.getStreamInfo(stream);
    streamCreated = info.getCreateTime();
    StreamState state = info.getStreamState();
    lastApplied.set(state.getLastSequence());
    streamLast.set(state.getLastSequence());
    learningLastValues = !headersOnly;
    subscribe(state.getLastSequence() + 1, state.getLastSequence());
  }

  /**
   * How many messages the bucket holds beyond the last one applied, as far as the watch knows: the stream's last
   * sequence as its last check (at most {@link #CHECK_INTERVAL} ago), its deliveries and this node's own writes told
   * it. Asks the server nothing, so that a monitor polling it never waits: while the server does not answer, the lag
   * last known (and the watch unhealthy). Never more than the real lag; another writer's messages count from the
   * check or delivery after them.
   */
  public long lag() {
    return Math.max(0, Math.max(streamLast.get(), ownRevisions.newest()) - lastApplied.get());
  }

  /** Whether the watch is subscribed and caught up. */
  public boolean isHealthy() {
    return healthy;
  }

  /** How many times the watch subscribed again: after reconnections, missed heartbeats, stalls and failures. */
  public long resubscriptions() {
    return resubscriptions.get();
  }

  /**
   * How many of other writers' changes the watch never saw: overwritten or purged before it delivered them (the
   * bucket keeps each key's last message only), so this node's listeners did not hear them.
   */
  public long missedChanges() {
    return missedChanges.get();
  }

  /** How many resubscriptions in a row have failed: while not 0, the watch follows nothing and retries. */
  public int failedResubscriptions() {
    return failedResubscriptions;
  }

  /** The connection dropped: nothing can be proven fresh until the watch has resubscribed and caught up. */
  void disconnected() {
    recovering = false; // messages still queued must not make it healthy again: only a resubscription may
    setHealthy(false);
  }

  /** Subscribes again from the next sequence to apply: after a reconnection or a missed heartbeat. */
  synchronized void resubscribe() {
    if (closed) {
      return;
    }
    setHealthy(false);
    unsubscribe();
    resubscriptions.incrementAndGet();
    try {
      StreamInfo info = management.getStreamInfo(stream);
      StreamState state = info.getStreamState();
      long next = lastApplied.get() + 1;
      if (!info.getCreateTime().equals(streamCreated)) {
        LOG.log(System.Logger.Level.INFO, "The stream " + stream + " was created anew (at " + info.getCreateTime()
            + ", the one followed at " + streamCreated + "): following it from its first message");
        streamCreated = info.getCreateTime();
        next = state.getFirstSequence();
        lastApplied.set(next - 1);
        countedUpTo.set(next - 1); // its sequences began again
        streamLast.set(state.getLastSequence());
        ownRevisions.forget();
        lastValues.clear();
        handler.onRecreated();
      } else if (next < state.getFirstSequence() || next > state.getLastSequence() + 1) {
        LOG.log(System.Logger.Level.INFO, "The watch of " + stream + " resumes at its first message, "
            + state.getFirstSequence() + ": sequence " + next + " is gone (last " + state.getLastSequence() + ")");
        countMissed(next - 1, state.getFirstSequence());
        next = state.getFirstSequence();
        lastApplied.set(next - 1);
        handler.onGap(next);
      }
      streamLast.accumulateAndGet(state.getLastSequence(), Math::max);
      subscribe(next, state.getLastSequence());
      failedResubscriptions = 0;
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      // Still disconnected, the stream without a leader, or gone: the checks try again, less and less often.
      failedResubscriptions++;
      checksUntilRetry = Math.min(1 << Math.min(failedResubscriptions - 1, 3), MAX_CHECKS_BETWEEN_RETRIES);
      LOG.log(failedResubscriptions == 3 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
          "Resubscribing to " + stream + " failed " + failedResubscriptions + " time(s); near-cache off, listeners "
              + "silent until it works; will retry", e);
    }
  }

  /**
   * Compares the watch with its stream, every {@link #CHECK_INTERVAL}: retries a failed resubscription when its turn
   * comes, resubscribes a watch that is behind and applied nothing since the last check (and the one before), and
   * reports the stream's first sequence. Does nothing while disconnected: the reconnection resubscribes.
   */
  synchronized void check() {
    if (closed || connection.getStatus() != Connection.Status.CONNECTED) {
      return;
    }
    if (subscription == null) {
      if (--checksUntilRetry <= 0) {
        resubscribe();
      }
      return;
    }
    StreamInfo info;
    try {
      info = management.getStreamInfo(stream);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
        resubscribe(); // the bucket is gone: stop serving until it is followed again
      } else {
        unanswered(); // a leader election, say: the consumer may still deliver
      }
      return;
    } catch (IOException e) {
      unanswered();
      return;
    }
    if (!info.getCreateTime().equals(streamCreated)) {
      resubscribe();
      return;
    }
    StreamState state = info.getStreamState();
    streamLast.accumulateAndGet(state.getLastSequence(), Math::max);
    long applied = lastApplied.get();
    forgetValuesBefore(state.getFirstSequence(), applied >= state.getLastSequence());
    handler.onFirstRevision(state.getFirstSequence());
    boolean behind = state.getLastSequence() > applied;
    if (unansweredChecks >= UNANSWERED_CHECKS_TO_STOP) {
      unansweredChecks = 0;
      if (behind) {
        resubscribe(); // its consumer may not have survived whatever held the server
      } else {
        setHealthy(true);
      }
      return;
    }
    unansweredChecks = 0;
    long deliveredNow = delivered.get();
    boolean stalled = behind && behindAtLastCheck && deliveredNow == deliveredAtLastCheck && !applying;
    behindAtLastCheck = behind;
    deliveredAtLastCheck = deliveredNow;
    if (stalled) {
      LOG.log(System.Logger.Level.INFO, "The watch of " + stream + " stopped at sequence " + applied + " of "
          + state.getLastSequence() + "; resubscribing");
      behindAtLastCheck = false;
      resubscribe();
    }
  }

  /**
   * Forgets the last values older than the stream's first message, once the watch has applied every message the
   * stream held when asked: such a key's last message is gone with nothing after it (an operator's purge, the
   * server's expiry), so its next value creates it. A value older than the first message while changes are still
   * unapplied may only have been replaced by one of them, and stays until they are.
   */
  private void forgetValuesBefore(long firstSequence, boolean caughtUp) {
    if (caughtUp) {
      lastValues.values().removeIf(before -> before.revision() < firstSequence); // each removal only if unchanged
    }
  }

  /**
   * A check the server did not answer in time: once, a slow moment; twice in a row, the server is frozen or swamped,
   * and what it would deliver cannot be known (other servers of a cluster may take writes meanwhile), so nothing is
   * served from memory until a check is answered.
   */
  private void unanswered() {
    if (++unansweredChecks == UNANSWERED_CHECKS_TO_STOP) {
      recovering = false;
      setHealthy(false);
    }
  }

  /**
   * From now on, changes come with their values and the values they replaced (a listener wants them): resubscribes
   * from every key's last message if they did not.
   */
  public synchronized void requireValues() {
    if (headersOnly) {
      headersOnly = false;
      learningLastValues = true;
      resubscribe();
    }
  }

  /** Whether a subscription is this watch's, for jnats' heartbeat alarms. */
  boolean owns(JetStreamSubscription candidate) {
    return candidate == subscription;
  }

  private void subscribe(long startSequence, long lastExisting) throws IOException, JetStreamApiException {
    if (lastExisting == 0) {
      // An empty stream has no last values to learn; and a consumer asked for each subject's last message would
      // deliver only the last of several writes made before its first delivery (measured once: CREATED v2, no v1).
      learningLastValues = false;
    }
    ConsumerConfiguration.Builder builder = ConsumerConfiguration.builder()
        .headersOnly(headersOnly)
        .idleHeartbeat(IDLE_HEARTBEAT);
    ConsumerConfiguration configuration = learningLastValues
        ? builder.deliverPolicy(DeliverPolicy.LastPerSubject).build()
        : builder.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(startSequence).build();
    caughtUpAt = lastExisting;
    int current = generation.incrementAndGet(); // before subscribing: the new subscription's first message may come at once
    JetStreamSubscription subscribed = jetStream.subscribe(subjectPrefix + ">", dispatcher,
        message -> applyIfCurrent(message, current),
        /* autoAck= */ false,
        PushSubscribeOptions.builder().stream(stream).ordered(true).configuration(configuration).build());
    subscription = subscribed;
    if (lastApplied.get() >= lastExisting || nothingInFlight(subscribed)) {
      recovering = false;
      setHealthy(true);
    } else {
      recovering = true;
    }
  }

  /**
   * Whether the server has nothing left to deliver and everything it delivered is applied: then the watch is caught up
   * although the stream's last sequence was not reached (its tail messages are gone). Otherwise the last message in
   * flight says so when it is applied ({@link #apply}: its pending count is 0).
   */
  private boolean nothingInFlight(JetStreamSubscription subscribed) throws IOException, JetStreamApiException {
    ConsumerInfo info = subscribed.getConsumerInfo();
    return info.getNumPending() == 0 && info.getDelivered().getStreamSequence() <= lastApplied.get();
  }

  /**
   * Applies a message of the current subscription; one of a subscription given up is dropped: its dispatcher may still
   * hold messages (of the headers only, say) that the one after it delivers again as it must.
   */
  private void applyIfCurrent(Message message, int subscriptionGeneration) {
    if (subscriptionGeneration == generation.get()) {
      apply(message);
    }
  }

  private void apply(Message message) {
    delivered.incrementAndGet();
    long sequence = message.metaData().streamSequence();
    streamLast.accumulateAndGet(sequence + message.metaData().pendingCount(), Math::max);
    if (learningLastValues && (sequence >= caughtUpAt || message.metaData().pendingCount() == 0)) {
      learningLastValues = false; // every key's last message has come
    }
    String key = message.getSubject().substring(subjectPrefix.length());
    Map<String, String> headers = WireFormat.firstValues(message.getHeaders());
    boolean removed = WireFormat.isRemoval(headers);
    byte[] value = removed || headersOnly ? null : message.getData();
    Change.Before before = headersOnly ? null : remember(key, sequence, value, headers);
    long previous = lastApplied.get();
    if (sequence <= previous) {
      return; // applied before: a key's last message, learned for its value
    }
    if (sequence > previous + 1) {
      countMissed(previous, sequence); // every sequence the stream ever had comes in order, unless it is gone
    }
    applying = true;
    try {
      handler.onChange(new Change(key, sequence, removed, headers, ownRevisions.wrote(headers, sequence), value,
          message.metaData().timestamp().toInstant().toEpochMilli(), before));
    } finally {
      applying = false;
    }
    lastApplied.set(sequence);
    if (recovering && (sequence >= caughtUpAt || message.metaData().pendingCount() == 0)) {
      recovering = false;
      setHealthy(true);
    }
  }

  /**
   * Counts the sequences strictly between two the watch saw or resumes from, those it never saw, less this node's own
   * writes (its listeners heard them as they were made).
   */
  private void countMissed(long seen, long next) {
    long from = Math.max(seen, countedUpTo.getAndAccumulate(next - 1, Math::max)) + 1;
    long missed = next - from - ownRevisions.countWithin(from, next);
    if (missed <= 0) {
      return;
    }
    missedChanges.addAndGet(missed);
    // Without values (no listener) a missed change costs nothing: the change after it invalidates the key anyway.
    if (!headersOnly && warnedOfMissedChanges.compareAndSet(false, true)) {
      LOG.log(System.Logger.Level.WARNING, missed + " change(s) of " + stream + " by other writers were overwritten "
          + "or purged before this node's watch saw them; its listeners did not hear them (counted as the watch's "
          + "missed changes)");
    }
  }

  /**
   * Records a key's new value (or its absence) and returns the one it replaced. The marker of {@code clear()} rolls
   * every key up: none has a value after it.
   */
  private Change.@Nullable Before remember(String key, long sequence, byte @Nullable [] value,
      Map<String, String> headers) {
    if (key.equals(WireFormat.CLEAR_KEY)) {
      lastValues.clear();
      return null;
    }
    Change.Before before = lastValues.get(key);
    if (before != null && before.revision() >= sequence) {
      return before; // an older message again: what is known is newer
    }
    if (value == null) {
      lastValues.remove(key);
    } else {
      String codec = headers.get(WireFormat.CODEC_HEADER);
      // Interned: a handful of codec names, instead of a copy of one per key.
      lastValues.put(key, new Change.Before(sequence, value, codec == null ? null : codec.intern()));
    }
    return before;
  }

  /** Reports a change of health once: the watch's thread and a resubscribing thread may both get here. */
  private void setHealthy(boolean nowHealthy) {
    synchronized (healthLock) {
      if (healthy != nowHealthy) {
        healthy = nowHealthy;
        handler.onHealth(nowHealthy);
      }
    }
  }

  /**
   * Drops the subscription, and asks the server to delete its consumer without waiting for the answer: an ephemeral
   * consumer would otherwise outlive its subscriber by seconds, and a server that does not answer must not hold up a
   * resubscription or a close. Dropped while disconnected too, or jnats would revive it at the reconnection beside the
   * new one (review L1); its consumer is then deleted once connected again.
   */
  private void unsubscribe() {
    generation.incrementAndGet(); // what it still delivers is dropped
    JetStreamSubscription current = subscription;
    subscription = null;
    if (current != null) {
      String consumer = current.getConsumerName();
      try {
        dispatcher.unsubscribe(current);
      } catch (RuntimeException e) {
        // Already gone with its connection's old incarnation.
      }
      if (consumer != null) {
        consumersToDelete.add(consumer);
      }
    }
    deleteDroppedConsumers();
  }

  @SuppressWarnings("FutureReturnValueIgnored") // the deletion's answer changes nothing: a consumer gone is gone
  private void deleteDroppedConsumers() {
    if (connection.getStatus() != Connection.Status.CONNECTED) {
      return; // the next resubscription or the close, once connected
    }
    for (String consumer : consumersToDelete) {
      try {
        connection.requestWithTimeout(WireFormat.consumerDelete(stream, consumer), null, DELETE_TIMEOUT);
      } catch (RuntimeException e) {
        // Not sent: the server reaps what is left.
      }
    }
    consumersToDelete.clear();
  }

  /** Stops following. */
  @Override
  public synchronized void close() {
    closed = true;
    onClose.accept(this);
    unsubscribe();
    try {
      connection.closeDispatcher(dispatcher);
    } catch (IllegalStateException e) {
      // The connection closed first, and its dispatchers with it.
    }
  }
}
