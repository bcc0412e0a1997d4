package io.github.natsjcache.store;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
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
 *   <li>At most {@value #MAX_KEYS} keys a request (the server answers at most 1,024); more go in several.
 *   <li>A key the answer leaves out has no message at all: revision 0, as a single direct get's 404 says.
 *   <li>If the server stopped early (its byte limit; the end-of-batch status counts what it did not send), the keys
 *       it did not answer for are returned as unread, for the caller to read one by one.
 * </ul>
 */
final class BatchGet {

  /** The most keys one request asks for. */
  static final int MAX_KEYS = 1_000;

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

  /**
   * Reads up to {@value #MAX_KEYS} keys.
   *
   * @throws CacheException if the server refuses or does not answer within the operation timeout
   */
  Result read(List<String> keys) throws InterruptedException {
    Subscription replies = connection.subscribe(connection.createInbox());
    try {
      List<String> subjects = keys.stream().map(key -> subjectPrefix + key).toList();
      connection.publish(WireFormat.directGet(bucket), replies.getSubject(), WireFormat.multiLastRequest(subjects));
      Map<String, StoredEntry> found = new HashMap<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long remaining = deadline - System.nanoTime();
        Message reply = remaining > 0 ? replies.nextMessage(Duration.ofNanos(remaining)) : null;
        if (reply == null) {
          throw new CacheException("Timed out during get of " + keys.size() + " keys on " + where);
        }
        if (!reply.isStatusMessage()) {
          Map<String, String> headers = WireFormat.firstValues(reply.getHeaders());
          String subject = headers.getOrDefault(WireFormat.SUBJECT_HEADER, "");
          found.put(subject.substring(Math.min(subject.length(), subjectPrefix.length())),
              WireFormat.entryOf(headers, reply.getData()));
          continue;
        }
        return finished(keys, found, reply.getStatus(), reply);
      }
    } finally {
      replies.unsubscribe();
    }
  }

  private Result finished(List<String> keys, Map<String, StoredEntry> found, Status status, Message reply) {
    boolean complete;
    if (status.getCode() == Status.NOT_FOUND_CODE) {
      complete = true; // none of the keys has a message
    } else if (status.getCode() == WireFormat.END_OF_BATCH) {
      String pending = WireFormat.firstValues(reply.getHeaders()).get(WireFormat.NUM_PENDING_HEADER);
      complete = pending == null || Long.parseLong(pending.trim()) == 0;
    } else {
      throw new CacheException("NATS refused get of " + keys.size() + " keys on " + where + ": "
          + status.getMessage() + " (status " + status.getCode() + ")");
    }
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
