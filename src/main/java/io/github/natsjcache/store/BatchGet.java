package io.github.natsjcache.store;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.support.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.cache.CacheException;

/**
 * Reads the last message of many keys in one request: a batch direct get ({@code multi_last}, nats-server 2.11+),
 * answered by one message per key that has any, then an end-of-batch status.
 *
 * <ul>
 *   <li>At most {@value #MAX_KEYS} keys a request (the server answers at most 1,024), and no more than fit the
 *       server's max_payload; the caller splits larger sets ({@link #fits}).
 *   <li>A key the answer leaves out has no message at all (revision 0, as a single direct get's 404 says), but only
 *       when the answer is known complete: an end-of-batch status that counts nothing unsent, well within the byte
 *       limit asked for, or a 404 before any message (none of the keys has one).
 *   <li>Otherwise (a 404 after some messages, when a message vanished while the server gathered them; a batch near
 *       its byte limit, where 2.11 may miscount; any other status, as from a server of a version without batches in
 *       a mixed cluster) the keys not answered for are returned unread, for the caller to read one by one.
 * </ul>
 */
final class BatchGet {

  /** The most keys one request asks for. */
  static final int MAX_KEYS = 1_000;
  /** The most bytes one answer may carry; an answer that comes near it may be cut short. */
  private static final int MAX_BYTES = 4 * 1024 * 1024;
  /** Room in a request for its JSON around the subjects. */
  private static final int REQUEST_OVERHEAD = 64;

  private final Connection connection;
  private final String bucket;
  private final String subjectPrefix;
  private final Duration timeout;
  private final String where;

  BatchGet(Connection connection, String bucket, Duration timeout, String where) {
    this.connection = connection;
    this.bucket = bucket;
    this.subjectPrefix = WireFormat.subjectPrefix(bucket);
    this.timeout = timeout;
    this.where = where;
  }

  /** What one batch read found, and the keys it could not answer for. */
  record Result(Map<String, StoredEntry> entries, List<String> unread) {}

  /** Whether one more subject of {@code key} still fits a request of {@code requestBytes} so far. */
  boolean fits(int requestBytes, String key) {
    return requestBytes + subjectPrefix.length() + key.length() + 3 + REQUEST_OVERHEAD <= connection.getMaxPayload();
  }

  /** The bytes a key's subject adds to a request. */
  int bytesOf(String key) {
    return subjectPrefix.length() + key.length() + 3;
  }

  /**
   * Reads up to {@value #MAX_KEYS} keys, as many as {@link #fits} a request.
   *
   * @throws CacheException if the server does not answer within the operation timeout
   */
  Result read(List<String> keys) throws InterruptedException {
    Subscription replies = connection.subscribe(connection.createInbox());
    try {
      List<String> subjects = keys.stream().map(key -> subjectPrefix + key).toList();
      connection.publish(WireFormat.directGet(bucket), replies.getSubject(),
          WireFormat.multiLastRequest(subjects, MAX_BYTES));
      Map<String, StoredEntry> found = new HashMap<>();
      long bytes = 0;
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long remaining = deadline - System.nanoTime();
        Message reply = remaining > 0 ? replies.nextMessage(Duration.ofNanos(remaining)) : null;
        if (reply == null) {
          throw new CacheException("Timed out during get of " + keys.size() + " keys on " + where);
        }
        if (reply.isStatusMessage()) {
          return finished(keys, found, complete(reply, found.isEmpty(), bytes));
        }
        Headers natsHeaders = reply.getHeaders();
        Map<String, String> headers = WireFormat.entryHeaders(natsHeaders);
        String subject = headers.getOrDefault(WireFormat.SUBJECT_HEADER, "");
        found.put(subject.substring(Math.min(subject.length(), subjectPrefix.length())),
            WireFormat.entryOf(headers, reply.getData()));
        bytes += subject.length() + reply.getData().length + (natsHeaders == null ? 0 : natsHeaders.serializedLength());
      }
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw StoreFailures.translate(e, "get of " + keys.size() + " keys", where);
    } finally {
      replies.unsubscribe();
    }
  }

  /** Whether the status that ended an answer says it was complete: see the class comment. */
  private static boolean complete(Message end, boolean nothingBefore, long bytes) {
    Status status = end.getStatus();
    if (status.getCode() == Status.NOT_FOUND_CODE) {
      return nothingBefore;
    }
    if (status.getCode() != WireFormat.END_OF_BATCH || bytes >= MAX_BYTES / 2) {
      return false;
    }
    String pending = WireFormat.firstValues(end.getHeaders()).get(WireFormat.NUM_PENDING_HEADER);
    return pending != null && Long.parseLong(pending.trim()) == 0;
  }

  private static Result finished(List<String> keys, Map<String, StoredEntry> found, boolean complete) {
    Map<String, StoredEntry> entries = new HashMap<>();
    List<String> unread = new ArrayList<>();
    for (String key : keys) {
      StoredEntry entry = found.get(key);
      if (entry != null) {
        entries.put(key, entry);
      } else if (complete) {
        entries.put(key, StoredEntry.NEVER_WRITTEN);
      } else {
        unread.add(key);
      }
    }
    return new Result(entries, unread);
  }
}
