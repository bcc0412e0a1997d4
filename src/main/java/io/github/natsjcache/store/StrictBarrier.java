package io.github.natsjcache.store;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Strict mode of one cache: a write returns only after every live node has applied it, so a read on any node right
 * after the write returns is fresh.
 *
 * <p>The protocol, over core NATS beside the bucket:
 * <ul>
 *   <li>Every node of the cache announces itself on {@code _jcache.<bucket>.presence} every
 *       {@value #HEARTBEAT_MILLIS} ms; a node not heard from for three heartbeats is not live.
 *   <li>After a write is acknowledged at revision {@code r}, the writer asks on {@code _jcache.<bucket>.applied} and
 *       waits, at most {@code bound}, for an answer from every live node.
 *   <li>A node answers once its watch has applied {@code r}, each request on its own, none waiting behind another.
 *       One that has not within half the bound stops serving from memory until it has: the writer, which waits the
 *       bound from its own send, may go on without it. The writer forgets a node that did not answer until its
 *       next heartbeat.
 * </ul>
 */
public final class StrictBarrier implements AutoCloseable {

  /** How often a node announces itself. */
  static final long HEARTBEAT_MILLIS = 500;
  private static final long LIVE_NANOS = TimeUnit.MILLISECONDS.toNanos(3 * HEARTBEAT_MILLIS);
  /** After this many announcements a node should have heard its own: if not, the subjects are closed to it. */
  private static final int SELF_CHECK_ANNOUNCEMENTS = 4;

  /** This node's watch, as the barrier sees it: it stops serving from memory until a revision is applied. */
  public interface AppliedWaiter {
    /**
     * When the watch has applied a revision.
     *
     * @param revision the revision a writer needs applied
     * @return completes once it is applied (at once when it is already); cancel it to stop waiting
     */
    CompletableFuture<Void> whenApplied(long revision);

    /**
     * Serves nothing from memory until the watch has applied {@code revision}: a writer may go on without this node.
     *
     * @param revision the revision a writer needs applied
     */
    void suspendUntilApplied(long revision);

    /**
     * Serves again what a suspension until {@code revision} stopped: it is no stored write's revision, so no watch
     * will apply it soon (a request anyone may publish).
     *
     * @param revision the revision suspended for
     */
    void release(long revision);
  }

  private final Connection connection;
  private final JetStreamManagement management;
  private final String stream;
  private final String nodeId;
  private final String presenceSubject;
  private final String appliedSubject;
  private final Duration bound;
  private final Map<String, Long> peersLastSeen = new ConcurrentHashMap<>();
  /** The revisions this node is asking about: it hears its own requests, and need not hold for its own writes. */
  private final Set<Long> asking = ConcurrentHashMap.newKeySet();
  /** Touched by the heartbeat only, whose runs never overlap. */
  private int announcements;
  private final Dispatcher presence;
  private final Dispatcher answers;
  private final ScheduledExecutorService scheduler;
  private final ScheduledFuture<?> heartbeat;

  StrictBarrier(Connection connection, JetStreamManagement management, String bucket, String nodeId, Duration bound,
      AppliedWaiter waiter, ScheduledExecutorService scheduler) {
    this.connection = connection;
    this.management = management;
    this.stream = WireFormat.stream(bucket);
    this.nodeId = nodeId;
    this.presenceSubject = WireFormat.presenceSubject(bucket);
    this.appliedSubject = WireFormat.appliedSubject(bucket);
    this.bound = bound;
    this.presence = connection.createDispatcher(this::heard);
    this.presence.subscribe(presenceSubject);
    this.scheduler = scheduler;
    this.answers = connection.createDispatcher(request -> answer(request, waiter));
    this.answers.subscribe(appliedSubject);
    this.heartbeat = scheduler.scheduleAtFixedRate(this::announce, 0, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Returns once every live node has applied {@code revision}, or the bound has passed; the nodes that did not answer
   * are forgotten until they announce themselves again.
   */
  public void awaitPeers(long revision) {
    Set<String> waitingFor = livePeers();
    if (waitingFor.isEmpty()) {
      return;
    }
    String inbox = connection.createInbox();
    Subscription replies = connection.subscribe(inbox);
    asking.add(revision);
    try {
      connection.publish(appliedSubject, inbox, Long.toString(revision).getBytes(StandardCharsets.US_ASCII));
      long deadline = System.nanoTime() + bound.toNanos();
      while (!waitingFor.isEmpty()) {
        long remaining = deadline - System.nanoTime();
        Message reply = remaining > 0 ? replies.nextMessage(Duration.ofNanos(remaining)) : null;
        if (reply == null) {
          break;
        }
        waitingFor.remove(new String(reply.getData(), StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      asking.remove(revision);
      replies.unsubscribe();
    }
    waitingFor.forEach(peersLastSeen::remove);
  }

  private Set<String> livePeers() {
    long now = System.nanoTime();
    Set<String> live = new HashSet<>();
    peersLastSeen.forEach((peer, seen) -> {
      if (!peer.equals(nodeId) && now - seen < LIVE_NANOS) {
        live.add(peer);
      }
    });
    return live;
  }

  private void heard(Message announcement) {
    peersLastSeen.put(new String(announcement.getData(), StandardCharsets.UTF_8), System.nanoTime());
  }

  @SuppressWarnings("FutureReturnValueIgnored") // the reply and the giving up deal with their own failures
  private void answer(Message request, AppliedWaiter waiter) {
    String replyTo = request.getReplyTo();
    if (replyTo == null) {
      return;
    }
    long revision = revisionOf(request);
    if (revision < 0 || asking.contains(revision)) {
      return; // no writer's, or this node's own: its write is in its near-cache already
    }
    CompletableFuture<Void> applied = waiter.whenApplied(revision);
    applied.thenRun(() -> reply(replyTo));
    if (!applied.isDone()) {
      // The writer stops waiting a bound after its send: this node stops serving well before (half the bound after
      // hearing the request, which took far less to arrive), so no read finds the value the write replaced.
      scheduler.schedule(() -> {
        if (!applied.isDone()) {
          waiter.suspendUntilApplied(revision);
        }
      }, bound.toNanos() / 2, TimeUnit.NANOSECONDS);
      scheduler.schedule(() -> giveUp(applied, revision, waiter), bound.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void reply(String replyTo) {
    try {
      connection.publish(replyTo, nodeId.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalStateException e) {
      // Closed or disconnected: the writer stops waiting for this node, which stays suspended until it catches up.
    }
  }

  /**
   * The writer has stopped waiting: this node stays suspended until its watch catches up, unless the revision is no
   * stored write's. Asking the stream is a request to the server, made off the scheduler, whose other tasks (the
   * suspensions above, the heartbeats) must run on time.
   */
  @SuppressWarnings("FutureReturnValueIgnored") // isStored deals with its failures
  private void giveUp(CompletableFuture<Void> applied, long revision, AppliedWaiter waiter) {
    if (applied.cancel(false)) {
      CompletableFuture.runAsync(() -> {
        if (!isStored(revision)) {
          waiter.release(revision);
        }
      });
    }
  }

  /** The revision a request asks about; -1 when it names none (it is no writer's: anyone may publish here). */
  private static long revisionOf(Message request) {
    try {
      return Long.parseLong(new String(request.getData(), StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Whether the stream holds {@code revision}: a writer asks only after its write was stored. A request for a
   * revision beyond the stream's last is no writer's, and suspending until it is applied would stop this node's
   * near-cache until the stream gets there (for good, for the largest number). Asked only when the wait failed;
   * when the stream cannot be asked, the node stays suspended, the safe side.
   */
  private boolean isStored(long revision) {
    try {
      return management.getStreamInfo(stream).getStreamState().getLastSequence() >= revision;
    } catch (IOException | JetStreamApiException | IllegalStateException e) {
      return true;
    }
  }

  private void announce() {
    try {
      connection.publish(presenceSubject, nodeId.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalStateException e) {
      // Disconnected: the next heartbeat announces again (an exception here would end the heartbeats for good).
      return;
    }
    if (++announcements == SELF_CHECK_ANNOUNCEMENTS && !peersLastSeen.containsKey(nodeId)) {
      warnNotHeard();
    }
  }

  /**
   * The server refuses a publish or subscription without permission only asynchronously, and nothing fails: other
   * nodes would silently stop waiting for this one. A node that does not hear itself says so, once.
   */
  private void warnNotHeard() {
    System.getLogger(StrictBarrier.class.getName()).log(System.Logger.Level.WARNING, "Strict mode on "
        + presenceSubject + ": this node has not heard its own announcements, so other nodes' strict writes will not "
        + "wait for it; it needs permission to publish and subscribe to " + presenceSubject + " and "
        + appliedSubject);
  }

  /** Stops announcing and answering: other nodes stop waiting for this one after three heartbeats. */
  @Override
  public void close() {
    heartbeat.cancel(false);
    if (connection.getStatus() != Connection.Status.CLOSED) {
      connection.closeDispatcher(presence);
      connection.closeDispatcher(answers);
    }
  }
}
