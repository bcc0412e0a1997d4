package io.github.natsjcache.store;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.MessageGetRequest;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.StreamState;
import io.nats.client.impl.Headers;
import io.nats.client.support.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * One KV bucket as versioned reads and (conditional) writes of bytes with headers.
 *
 * <p>The jnats KV API can neither write nor read custom headers, so reads are JetStream direct gets of the last
 * message of {@code $KV.<bucket>.<key>} and writes are JetStream publishes to that subject, conditioned with
 * JetStream's expected last subject sequence where asked. The bucket stays a standard KV bucket: deletes are the usual
 * KV delete markers, and every other KV client reads what we write. {@link WireFormat} names every header.
 *
 * <p>Every call returns only after the server answered (a write: after JetStream acknowledged it), or fails with a
 * {@link CacheException} after the operation timeout. Keys must be valid KV keys; the codec layer guarantees it.
 */
public final class Bucket {

  /** Room left in a message of an atomic batch for the batch's headers, which it adds to ours. */
  private static final int BATCH_HEADER_ALLOWANCE = 128;
  private static final long NO_EXPECTATION = -1;
  private static final long MAX_LEADER_PAUSE_MILLIS = 64;

  private final Connection connection;
  private final String name;
  private final String cacheName;
  private final String stream;
  private final String subjectPrefix;
  private final String directGetPrefix;
  private final Duration timeout;
  private final String origin;
  /** Batch reads, where the server offers them; {@code null} elsewhere. */
  private final @Nullable BatchGet batchGet;
  /** Atomic batches of writes, where the server offers them and the stream allows them; {@code null} elsewhere. */
  private final @Nullable AtomicBatch atomicBatch;
  private final LastMessages lastMessages;
  private final boolean serverExpiry;
  private final DeleteMarkers markers;
  private final JetStreamManagement management;
  private final Publisher publisher;
  /** Where this node's writes are told to its watch of the bucket. */
  private final OwnRevisions ownRevisions;

  Bucket(Connection connection, JetStream jetStream, JetStreamManagement management,
      String name, String cacheName, Duration timeout, String origin, ServerFeatures features,
      Duration markerLifetime, OwnRevisions ownRevisions, BooleanSupplier closing) {
    this.connection = connection;
    this.ownRevisions = ownRevisions;
    this.name = name;
    this.cacheName = cacheName;
    this.stream = WireFormat.stream(name);
    this.subjectPrefix = WireFormat.subjectPrefix(name);
    this.directGetPrefix = WireFormat.directGetPrefix(name);
    this.timeout = timeout;
    this.origin = origin;
    this.batchGet = features.batchDirectGet() ? new BatchGet(connection, name, timeout, where(null)) : null;
    this.atomicBatch = features.atomicBatchPublish()
        ? new AtomicBatch(connection, name, timeout, where(null), closing) : null;
    this.management = management;
    this.lastMessages = new LastMessages(jetStream, management, name, timeout, where(null));
    this.serverExpiry = features.serverExpiry();
    this.markers = new DeleteMarkers(markerLifetime, features.messageTtl(), lastMessages, connection, name, timeout,
        where(null));
    this.publisher = new Publisher(jetStream, name, timeout, where(null), features.outcomeProbes(), closing);
  }

  /**
   * Reads the last message of a key: its value (or absence) and revision. A direct get unanswered for a while is
   * repeated, to another replica or the leader ({@link RepeatedRequests}).
   */
  public StoredEntry get(String key) {
    RepeatedRequests.Request<StoredEntry> request = directGet(key);
    awaitAnswers(List.of(request), key);
    return answerOf(request, key);
  }

  /**
   * Reads the last message of a key from the stream's leader, which holds every acknowledged write: a JetStream
   * message get, where {@link #get} is a direct get that any replica may answer, a lagging one too. It costs the
   * leader a request of its API, so it is the fallback for a read found behind, not the way to read.
   *
   * <p>A leader just elected may answer before it has applied every write it holds (nats-server before 2.10 does not
   * wait for that), so an answer older than {@code atLeast} (the newest revision of the key the caller knows was
   * stored), a value or a delete marker, is asked for again, after 1, 2, 4 … 64 ms, within the timeout. A key
   * without any message is the answer: its delete marker aged out, or the bucket was cleared or created anew.
   *
   * @param atLeast the newest revision of the key the caller knows of, asked again before each attempt (it drops
   *     when the bucket turns out to be created anew)
   * @throws CacheException if the leader does not catch up within the timeout
   */
  public StoredEntry getFromLeader(String key, LongSupplier atLeast) {
    long deadline = System.nanoTime() + timeout.toNanos();
    StoredEntry answer = getFromLeaderOnce(key, deadline);
    for (long pauseMillis = 1; answer.revision() > 0 && answer.revision() < atLeast.getAsLong();
        pauseMillis = Math.min(2 * pauseMillis, MAX_LEADER_PAUSE_MILLIS)) {
      long pause = TimeUnit.MILLISECONDS.toNanos(pauseMillis);
      if (deadline - System.nanoTime() < 2 * pause) { // no time left for the pause and an answer after it
        throw new CacheException("The stream's leader answered get on " + where(key) + " with revision "
            + answer.revision() + " for " + timeout + ", older than revision " + atLeast.getAsLong()
            + " this node saw stored: it has not applied what it holds (a leader just elected?)");
      }
      LockSupport.parkNanos(pause);
      answer = getFromLeaderOnce(key, deadline);
    }
    return answer;
  }

  private StoredEntry getFromLeaderOnce(String key, long deadline) {
    return await(leaderGet(key), "get", key, Math.max(0, deadline - System.nanoTime()));
  }

  /**
   * Reads many keys; the result holds every requested key. On a server that offers it, in one batch direct get per
   * {@value BatchGet#MAX_KEYS} keys; elsewhere (and for keys a batch could not answer), with every single get in
   * flight at once.
   */
  public Map<String, StoredEntry> getAll(Collection<String> keys) {
    if (batchGet == null || keys.size() < 2) {
      return getEach(keys);
    }
    Map<String, StoredEntry> entries = new HashMap<>();
    List<String> unread = new ArrayList<>();
    try {
      List<String> chunk = new ArrayList<>();
      int requestBytes = 0;
      for (String key : keys) {
        if (chunk.size() == BatchGet.MAX_KEYS || !batchGet.fits(requestBytes, key)) {
          readBatch(chunk, entries, unread);
          chunk = new ArrayList<>();
          requestBytes = 0;
        }
        chunk.add(key);
        requestBytes += batchGet.bytesOf(key);
      }
      readBatch(chunk, entries, unread);
    } catch (InterruptedException e) {
      throw StoreFailures.translate(e, "get", where(null));
    }
    entries.putAll(getEach(unread));
    return entries;
  }

  private void readBatch(List<String> chunk, Map<String, StoredEntry> entries, List<String> unread)
      throws InterruptedException {
    if (!chunk.isEmpty()) {
      BatchGet.Result read = Objects.requireNonNull(batchGet).read(chunk);
      entries.putAll(read.entries());
      unread.addAll(read.unread());
    }
  }

  /** Reads keys with all their direct gets in flight at once, each sent again while unanswered. */
  private Map<String, StoredEntry> getEach(Collection<String> keys) {
    Map<String, RepeatedRequests.Request<StoredEntry>> pending = new LinkedHashMap<>();
    for (String key : keys) {
      pending.put(key, directGet(key));
    }
    awaitAnswers(pending.values(), null);
    Map<String, StoredEntry> entries = new HashMap<>();
    pending.forEach((key, request) -> entries.put(key, answerOf(request, key)));
    return entries;
  }

  /** A direct get of the key; repeated as a direct get and a leader's message get while unanswered. */
  private RepeatedRequests.Request<StoredEntry> directGet(String key) {
    Supplier<CompletableFuture<StoredEntry>> direct = () -> answered(StoreFailures.sentOrFailed(
        () -> connection.requestWithTimeout(directGetPrefix + key, null, timeout)), reply -> toEntry(reply, key));
    return new RepeatedRequests.Request<>(direct, List.of(direct, () -> leaderGet(key)));
  }

  private CompletableFuture<StoredEntry> leaderGet(String key) {
    return answered(StoreFailures.sentOrFailed(() -> connection.requestWithTimeout(WireFormat.messageGet(stream),
        MessageGetRequest.lastForSubject(subjectPrefix + key).serialize(), timeout)), reply -> leaderEntry(reply, key));
  }

  /** A request's answer as an entry; cancelling it gives up the request itself, so that jnats drops its reply. */
  @SuppressWarnings("FutureReturnValueIgnored") // only relays a cancellation
  private static CompletableFuture<StoredEntry> answered(CompletableFuture<Message> request,
      Function<Message, StoredEntry> entry) {
    CompletableFuture<StoredEntry> answer = request.thenApply(entry);
    answer.whenComplete((ignored, failure) -> {
      if (answer.isCancelled()) {
        request.cancel(false);
      }
    });
    return answer;
  }

  /** Waits for every request's answer; on a timeout, gives up all those still waiting. */
  private void awaitAnswers(Collection<? extends RepeatedRequests.Request<?>> requests, @Nullable String key) {
    try {
      RepeatedRequests.await(requests, timeout);
    } catch (TimeoutException | InterruptedException e) {
      requests.forEach(RepeatedRequests.Request::cancel);
      throw StoreFailures.translate(e, "get", where(key));
    }
  }

  private StoredEntry answerOf(RepeatedRequests.Request<StoredEntry> request, String key) {
    request.cancel(); // the repeats still waiting, if any
    try {
      return request.answer().get();
    } catch (ExecutionException | InterruptedException | CancellationException e) {
      throw StoreFailures.translate(e, "get", where(key));
    }
  }

  /**
   * Refuses a value whose message would not fit the server's max_payload with every header a write of it carries
   * (counting the longest expected revision), before anything is sent: so that a value too large fails before the
   * cache writer is called.
   *
   * @throws CacheException when it does not fit
   */
  public void checkFits(String key, Payload payload) {
    checked(publisher.prepare(key, payload.value(), withOrigin(payload.headers()), Long.MAX_VALUE));
  }

  /** Writes a value unconditionally and returns its revision. */
  public long put(String key, Payload payload) {
    return publishNow(key, payload.value(), payload.headers(), NO_EXPECTATION, "put").orElseThrow();
  }

  /**
   * Writes a value only if the key's last revision is still {@code expectedRevision} (0: the key has no message).
   *
   * @return the new revision, or empty when another write came first
   */
  public OptionalLong putIfRevision(String key, Payload payload, long expectedRevision) {
    return publishNow(key, payload.value(), payload.headers(), expectedRevision, "put");
  }

  /**
   * Writes many values; returns their revisions. Every message is checked against the server's max_payload before
   * the first one is sent. Where the bucket allows it (nats-server 2.12+), every {@value AtomicBatch#MAX_MESSAGES}
   * values are one atomic batch: all stored or none; elsewhere every publish is in flight at once, and a failure can
   * leave some values stored.
   */
  public Map<String, Long> putAll(Map<String, Payload> payloads) {
    List<AtomicBatch.Outgoing> messages = new ArrayList<>();
    payloads.forEach((key, payload) -> messages.add(new AtomicBatch.Outgoing(key, payload.value(),
        withOrigin(payload.headers()))));
    return publishAll(messages, "put");
  }

  /**
   * Deletes a key only if its last revision is still {@code expectedRevision}.
   *
   * @param headers the provider's headers to put on the delete marker, besides KV's own
   * @return the delete marker's revision, or empty when another write came first
   */
  public OptionalLong deleteIfRevision(String key, long expectedRevision, Map<String, String> headers) {
    return publishNow(key, new byte[0], markers.marker(headers), expectedRevision, "remove");
  }

  /**
   * Deletes many keys, in atomic batches where the bucket allows them, as {@link #putAll} writes.
   *
   * @return the revision of each key's delete marker
   */
  public Map<String, Long> deleteAll(Collection<String> keys) {
    List<AtomicBatch.Outgoing> messages = new ArrayList<>();
    for (String key : keys) {
      messages.add(new AtomicBatch.Outgoing(key, new byte[0], withOrigin(markers.marker(Map.of()))));
    }
    return publishAll(messages, "remove");
  }

  /**
   * Publishes the messages of a bulk write, once every one is known to fit: in atomic batches where the bucket allows
   * them, else all in flight at once, each with the outcome of a single write.
   */
  private Map<String, Long> publishAll(List<AtomicBatch.Outgoing> messages, String operation) {
    Map<String, Long> revisions = new HashMap<>();
    if (atomicBatch != null && messages.size() > 1) {
      messages.forEach(message -> checkFits(message.key(), message.body().length
          + message.headers().serializedLength() + BATCH_HEADER_ALLOWANCE));
      for (int from = 0; from < messages.size(); from += AtomicBatch.MAX_MESSAGES) {
        List<AtomicBatch.Outgoing> batch = messages.subList(from, Math.min(messages.size(),
            from + AtomicBatch.MAX_MESSAGES));
        long write = ownRevisions.begin();
        try {
          List<Long> stored = atomicBatch.publish(batch, operation);
          for (int i = 0; i < batch.size(); i++) {
            revisions.put(batch.get(i).key(), stored.get(i));
            ownRevisions.record(stored.get(i));
          }
        } finally {
          ownRevisions.end(write);
        }
      }
      return revisions;
    }
    List<Publisher.Write> writes = new ArrayList<>();
    messages.forEach(message -> writes.add(checked(publisher.prepare(message.key(), message.body(),
        message.headers(), NO_EXPECTATION))));
    long deadline = System.nanoTime() + timeout.toNanos();
    long begun = ownRevisions.begin();
    try {
      List<CompletableFuture<PublishAck>> pending = new ArrayList<>();
      writes.forEach(write -> pending.add(publisher.send(write)));
      RuntimeException failed = null;
      for (int i = 0; i < writes.size(); i++) {
        Publisher.Write write = writes.get(i);
        try {
          long revision = publisher.outcome(write, pending.get(i), deadline, operation).orElseThrow();
          revisions.put(write.key(), revision);
          ownRevisions.record(revision);
        } catch (RuntimeException e) {
          // The others are awaited still: each one stored is this node's write, which its watch must know as such.
          failed = failed == null ? e : failed;
        }
      }
      if (failed != null) {
        throw failed;
      }
    } finally {
      ownRevisions.end(begun);
    }
    return revisions;
  }

  /**
   * The keys holding a value, each once: every key that held one throughout the listing is in it. The server lists
   * the stream's subjects (a snapshot, in one answer up to 100,000 keys; beyond, in pages, where a key created
   * meanwhile can push one present throughout onto a page already read); one pass over the last messages then drops
   * the keys whose last message is a removal. That pass alone would not do: like jnats' key listing it can deliver a
   * key changed meanwhile twice and, on nats-server 2.9, skip it. The same pass reads the full form of every hashed
   * key ({@link WireFormat#KEY_HEADER}), so that listing them costs no read each.
   *
   * @return each key, with the full form its last message carries ({@code null} if none, or if the pass skipped it)
   */
  public List<ListedKey> keys() {
    try {
      StreamState state = management.getStreamInfo(stream, StreamInfoOptions.filterSubjects(subjectPrefix + ">"))
          .getStreamState();
      Set<String> listed = new LinkedHashSet<>();
      state.getSubjects().forEach(subject -> listed.add(subject.getName().substring(subjectPrefix.length())));
      listed.remove(WireFormat.CLEAR_KEY);
      if (listed.isEmpty()) {
        return List.of();
      }
      Map<String, Map<String, String>> lastHeaders = new HashMap<>();
      lastMessages.forEach((key, message) -> lastHeaders.put(key, WireFormat.firstValues(message.getHeaders())));
      List<ListedKey> live = new ArrayList<>();
      for (String key : listed) {
        Map<String, String> headers = lastHeaders.getOrDefault(key, Map.of());
        if (!WireFormat.isRemoval(headers)) {
          live.add(new ListedKey(key, headers.get(WireFormat.KEY_HEADER)));
        }
      }
      return live;
    } catch (IOException | JetStreamApiException | IllegalStateException e) {
      throw StoreFailures.translate(e, "listing keys", where(null));
    }
  }


  /**
   * A key of the bucket, as {@link #keys} lists it.
   *
   * @param key the KV key
   * @param fullForm a hashed key's full encoding ({@link WireFormat#KEY_HEADER}) as its last message carries it, or
   *     {@code null}: none, or the listing did not see its last message (read it then)
   */
  public record ListedKey(String key, @Nullable String fullForm) {}

  /**
   * The headers of every key's last message, without the values: one pass of an ordered, headers-only consumer
   * over the bucket's subjects.
   *
   * @return each live key's headers and revision, without a value; delete markers are left out
   */
  public Map<String, StoredEntry> lastHeaders() {
    Map<String, StoredEntry> live = new LinkedHashMap<>();
    lastMessages.forEach((key, message) -> {
      Map<String, String> headers = WireFormat.firstValues(message.getHeaders());
      if (WireFormat.isRemoval(headers)) {
        live.remove(key); // a key changed during the pass comes again, with its newer message
      } else {
        live.put(key, new StoredEntry(message.metaData().streamSequence(), null, headers));
      }
    });
    return live;
  }

  /** Whether the server drops values at their deadline, leaving a marker every watch sees. */
  public boolean expiresValues() {
    return serverExpiry;
  }

  /** Lets delete markers older than their lifetime go, where the server does not drop them itself. */
  public void compact() {
    markers.compact();
  }

  /**
   * Removes every entry at once, and tells every watch: one purge marker on the reserved key
   * {@value WireFormat#CLEAR_KEY} that rolls up the whole stream ({@link WireFormat#ROLLUP_ALL}), which makes JetStream
   * drop every other message atomically. A plain stream purge would send no message at all, and other nodes could
   * not know.
   *
   * @return the revision of the marker: every value older than this is gone
   */
  public long purge() {
    Map<String, String> marker = Map.of(WireFormat.OPERATION_HEADER, WireFormat.PURGE,
        WireFormat.ROLLUP_HEADER, WireFormat.ROLLUP_ALL);
    return publishNow(WireFormat.CLEAR_KEY, new byte[0], marker, NO_EXPECTATION, "clear").orElseThrow();
  }

  private StoredEntry toEntry(Message reply, String key) {
    if (reply.isStatusMessage()) {
      Status status = reply.getStatus();
      if (status.getCode() == Status.NOT_FOUND_CODE) {
        return StoredEntry.NEVER_WRITTEN;
      }
      throw new CacheException("NATS refused get on " + where(key) + ": " + status.getMessage()
          + " (status " + status.getCode() + ")");
    }
    return WireFormat.entryOf(WireFormat.entryHeaders(reply.getHeaders()), reply.getData());
  }

  /** A message get's answer as the same entry a direct get gives: JSON, with its sequence in the body. */
  private StoredEntry leaderEntry(Message reply, String key) {
    if (reply.isStatusMessage()) {
      throw new CacheException("NATS refused get on " + where(key) + ": " + reply.getStatus().getMessage()
          + " (status " + reply.getStatus().getCode() + ")");
    }
    MessageInfo message = new MessageInfo(reply, stream, /* parseDirect= */ false);
    if (message.hasError()) {
      if (message.getApiErrorCode() == StoreFailures.NO_MESSAGE_FOUND) {
        return StoredEntry.NEVER_WRITTEN;
      }
      throw new CacheException("NATS refused get on " + where(key) + ": " + message.getError());
    }
    return WireFormat.entryOf(message.getSeq(), WireFormat.firstValues(message.getHeaders()), message.getData());
  }

  /** The provider's headers of a message, with this node's id as its origin. */
  private Headers withOrigin(Map<String, String> headers) {
    Headers natsHeaders = new Headers();
    headers.forEach(natsHeaders::put);
    natsHeaders.put(WireFormat.ORIGIN_HEADER, origin);
    return natsHeaders;
  }

  /** The write, once it is known to fit the server's max_payload with every header it carries. */
  private Publisher.Write checked(Publisher.Write write) {
    checkFits(write.key(), write.body().length + write.headers().serializedLength());
    return write;
  }

  private void checkFits(String key, long size) {
    if (size > connection.getMaxPayload()) {
      throw new CacheException("The value for " + where(key) + " takes " + size
          + " bytes with its headers, more than the server's max_payload of " + connection.getMaxPayload()
          + " bytes; nothing was stored");
    }
  }

  /**
   * Publishes one write and waits for its outcome ({@link Publisher}).
   *
   * @return the message's revision, or empty when an expected revision was given and another write came first
   */
  private OptionalLong publishNow(String key, byte[] body, Map<String, String> headers, long expectedRevision,
      String operation) {
    Publisher.Write write = checked(publisher.prepare(key, body, withOrigin(headers), expectedRevision));
    long begun = ownRevisions.begin();
    try {
      OptionalLong revision = publisher.publish(write, operation);
      revision.ifPresent(ownRevisions::record);
      return revision;
    } finally {
      ownRevisions.end(begun);
    }
  }

  private <T> T await(CompletableFuture<T> future, String operation, String key, long nanos) {
    try {
      return future.get(nanos, TimeUnit.NANOSECONDS);
    } catch (ExecutionException | InterruptedException | TimeoutException | CancellationException e) {
      future.cancel(false);
      throw StoreFailures.translate(e, operation, where(key));
    }
  }

  private String where(@Nullable String key) {
    String bucket = "cache '" + cacheName + "' (bucket " + name + ")";
    return key == null ? bucket : bucket + ", key " + key;
  }
}
