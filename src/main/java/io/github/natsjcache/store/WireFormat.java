package io.github.natsjcache.store;

import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Every name nats-jcache puts on the wire, in one place: the KV conventions it follows (so that every KV client reads
 * what it writes), the headers it adds, its markers, and the subjects of strict mode.
 *
 * <p>Key encodings ({@code =s-}, {@code =h-}, ...) are the codec's: see {@code KeyEncoding}.
 */
final class WireFormat {

  // The KV conventions of NATS.

  /** The stream behind a bucket. */
  static String stream(String bucket) {
    return "KV_" + bucket;
  }

  /** The prefix of every key's subject in a bucket: {@code $KV.<bucket>.}. */
  static String subjectPrefix(String bucket) {
    return "$KV." + bucket + ".";
  }

  /** The prefix of a direct get of a key's last message: {@code $JS.API.DIRECT.GET.KV_<bucket>.$KV.<bucket>.}. */
  static String directGetPrefix(String bucket) {
    return "$JS.API.DIRECT.GET." + stream(bucket) + "." + subjectPrefix(bucket);
  }

  /** JetStream's API request that deletes a consumer of a stream. */
  static String consumerDelete(String stream, String consumer) {
    return "$JS.API.CONSUMER.DELETE." + stream + "." + consumer;
  }

  /** A message's headers with its place in an atomic batch; the last one also commits the batch. */
  static Headers inBatch(Headers headers, String batchId, int sequence, boolean commit) {
    Headers batched = new Headers(headers);
    batched.put(BATCH_ID_HEADER, batchId);
    batched.put(BATCH_SEQUENCE_HEADER, Integer.toString(sequence));
    if (commit) {
      batched.put(BATCH_COMMIT_HEADER, "1");
    }
    return batched;
  }

  /** The atomic batch a message belongs to (2.12+). */
  static final String BATCH_ID_HEADER = "Nats-Batch-Id";
  /** A message's place in its batch, from 1. */
  static final String BATCH_SEQUENCE_HEADER = "Nats-Batch-Sequence";
  /** On the last message of a batch: store the batch. */
  static final String BATCH_COMMIT_HEADER = "Nats-Batch-Commit";

  /** The direct get of a stream that takes a JSON request: what a batch of keys is read with. */
  static String directGet(String bucket) {
    return "$JS.API.DIRECT.GET." + stream(bucket);
  }

  /**
   * A direct get of the last message of each of {@code subjects} (valid KV subjects: nothing to escape), answered
   * with at most about {@code maxBytes}.
   */
  static byte[] multiLastRequest(Collection<String> subjects, int maxBytes) {
    return ("{\"multi_last\":[\"" + String.join("\",\"", subjects) + "\"],\"max_bytes\":" + maxBytes + "}")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The status of the message that ends a batch direct get. */
  static final int END_OF_BATCH = 204;
  /** In that message: how many matching messages the server did not send (it stopped at its byte limit). */
  static final String NUM_PENDING_HEADER = "Nats-Num-Pending";
  /** In a direct get's answer: the subject of the message it carries. */
  static final String SUBJECT_HEADER = "Nats-Subject";

  /** A key's last message as a direct get returns it: a value, or the key's absence at a delete marker. */
  static StoredEntry entryOf(Map<String, String> headers, byte[] data) {
    long revision = Long.parseLong(Objects.requireNonNull(headers.get(SEQUENCE_HEADER), "a direct get's sequence"));
    return entryOf(revision, headers, data);
  }

  /** A key's message at {@code revision}, by the same rules, from a reply that carries its sequence elsewhere. */
  static StoredEntry entryOf(long revision, Map<String, String> headers, byte @Nullable [] data) {
    return new StoredEntry(revision, isRemoval(headers) ? null : data == null ? new byte[0] : data, headers);
  }

  /** JetStream's API request that reads a message from a stream's leader (no replica answers it). */
  static String messageGet(String stream) {
    return "$JS.API.STREAM.MSG.GET." + stream;
  }

  /** JetStream's API request that purges messages of a stream. */
  static String purge(String stream) {
    return "$JS.API.STREAM.PURGE." + stream;
  }

  /** A purge of one subject's messages below {@code upTo} (exclusive): what is newer stays. */
  static byte[] purgeRequest(String subject, long upTo) {
    return ("{\"filter\":\"" + subject + "\",\"seq\":" + upTo + "}").getBytes(StandardCharsets.US_ASCII);
  }

  /** KV's header on a delete or purge marker. */
  static final String OPERATION_HEADER = "KV-Operation";
  /** The {@link #OPERATION_HEADER} value of a delete marker. */
  static final String DELETE = "DEL";
  /** The {@link #OPERATION_HEADER} value of a purge marker. */
  static final String PURGE = "PURGE";

  // JetStream's own headers.

  /** A message's id: JetStream stores one id once within the stream's duplicate window, and says so to a copy. */
  static final String MSG_ID_HEADER = "Nats-Msg-Id";
  /** The stream a publish must land in, or be refused. */
  static final String EXPECTED_STREAM_HEADER = "Nats-Expected-Stream";
  /** The revision a conditional write expects its key at (0: no message yet). */
  static final String EXPECTED_REVISION_HEADER = "Nats-Expected-Last-Subject-Sequence";
  /** The id the stream's last message must have, or the publish is refused: what a probe of an id sets. */
  static final String EXPECTED_LAST_MSG_ID_HEADER = "Nats-Expected-Last-Msg-Id";
  /**
   * A message id never sent: a probe expects it as the stream's last, so the server refuses the probe, after it found
   * whether it holds the probe's own id.
   */
  static final String NO_SUCH_MSG_ID = "nats-jcache-probe";

  /** A message's lifetime, after which the server drops it (streams that allow per-message TTL, 2.11+). */
  static final String TTL_HEADER = "Nats-TTL";

  /** A lifetime as {@link #TTL_HEADER} takes it: whole seconds, at least one. */
  static String ttl(Duration lifetime) {
    return Math.max(1, lifetime.toSeconds()) + "s";
  }

  /** Asks JetStream to drop older messages when this one is stored; {@link #ROLLUP_ALL}: every subject's. */
  static final String ROLLUP_HEADER = "Nats-Rollup";
  /** The {@link #ROLLUP_HEADER} value that drops every other message of the stream. */
  static final String ROLLUP_ALL = "all";
  /** On a marker the server left where it dropped a message (streams with limit markers, 2.11+): why it did. */
  static final String MARKER_REASON_HEADER = "Nats-Marker-Reason";
  /** The {@link #MARKER_REASON_HEADER} of a message dropped for its age. */
  static final String MARKER_REASON_MAX_AGE = "MaxAge";
  /** The stream sequence of a message read by a direct get: its key's revision. */
  static final String SEQUENCE_HEADER = "Nats-Sequence";

  // nats-jcache's headers. An entry without them (another client's) is an eternal value in the cache's codec.

  /** The node that wrote a message, so that its own watch does not report it again. */
  static final String ORIGIN_HEADER = "JCache-Origin";
  /** The codec that encoded an entry's value. */
  static final String CODEC_HEADER = "JCache-Codec";
  /** The full encoding of a key whose KV key is a hash. */
  static final String KEY_HEADER = "JCache-Key";
  /** A value's expiry deadline in epoch milliseconds; absent for a value that never expires. */
  static final String EXPIRES_HEADER = "JCache-Expires";
  /** Marks a removal that reclaimed an expired value, for other nodes' listeners. */
  static final String EXPIRED_HEADER = "JCache-Expired";
  /** Marks a rewrite that only moved the deadline of the value read (an access), which listeners do not hear. */
  static final String ACCESS_HEADER = "JCache-Access";

  /**
   * The first value of each header of a message; none without headers. The headers a direct get adds (subject,
   * sequence) come after any the stored message carried, so theirs is the last value.
   */
  static Map<String, String> firstValues(@Nullable Headers headers) {
    Map<String, String> firstValues = new HashMap<>();
    if (headers != null) {
      headers.keySet().forEach(header -> firstValues.put(header, header.equals(SEQUENCE_HEADER)
          || header.equals(SUBJECT_HEADER) ? headers.getLast(header) : headers.getFirst(header)));
    }
    return firstValues;
  }

  /**
   * The same as {@link #firstValues}, built once as an immutable map, for an entry that keeps them (a record's
   * {@code Map.copyOf} takes it as it is): a bulk read builds one per key, and building a map and then its copy was
   * most of the reading thread's own work.
   */
  @SuppressWarnings({"unchecked", "rawtypes"}) // an array of entries for Map.ofEntries
  static Map<String, String> entryHeaders(@Nullable Headers headers) {
    if (headers == null) {
      return Map.of();
    }
    Map.Entry<String, String>[] entries = new Map.Entry[headers.size()];
    int i = 0;
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      String name = header.getKey();
      List<String> values = header.getValue();
      entries[i++] = Map.entry(name, name.equals(SEQUENCE_HEADER) || name.equals(SUBJECT_HEADER)
          ? values.get(values.size() - 1) : values.get(0));
    }
    return Map.ofEntries(entries);
  }

  /**
   * Whether a message (by its headers) deletes or purges its key rather than giving it a value: KV's markers, and the
   * markers a server (2.11+) leaves where a stream with limit markers dropped a message.
   */
  static boolean isRemoval(Map<String, String> headers) {
    return headers.containsKey(OPERATION_HEADER) || headers.containsKey(MARKER_REASON_HEADER);
  }

  /** Whether a removal (by its headers) is the server's, for a message that outlived the stream's max age. */
  static boolean isAgedOut(Map<String, String> headers) {
    return MARKER_REASON_MAX_AGE.equals(headers.get(MARKER_REASON_HEADER));
  }

  // Markers.

  /** The reserved key whose purge marker clears the whole bucket; no cache key encodes to it. */
  static final String CLEAR_KEY = "=clear";

  // Strict mode, over core NATS beside the bucket.

  /** Where the nodes of a strict cache announce themselves. */
  static String presenceSubject(String bucket) {
    return "_jcache." + bucket + ".presence";
  }

  /** Where a strict writer asks the other nodes whether they applied its write. */
  static String appliedSubject(String bucket) {
    return "_jcache." + bucket + ".applied";
  }

  private WireFormat() {}
}
