package io.github.natsjcache.store;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One message of a bucket's stream, as a watch delivers it.
 *
 * @param key the KV key (not yet decoded)
 * @param revision the message's stream sequence: the key's new revision
 * @param removed whether the message deletes or purges the key
 * @param headers the message's headers, first value of each
 * @param value the new value's bytes, or {@code null} for a removal or a headers-only watch
 * @param publishedAt when the server stored the message, in epoch milliseconds
 */
@SuppressWarnings("ArrayRecordComponent") // bytes passed through once, never compared
public record Change(String key, long revision, boolean removed, Map<String, String> headers,
    byte @Nullable [] value, long publishedAt) {

  /** Copies the headers, so the record stays immutable. */
  public Change {
    headers = Map.copyOf(headers);
  }

  /** Whether this is the marker of a {@code clear()}: every older message of the bucket is gone. */
  public boolean isClear() {
    return key.equals(WireFormat.CLEAR_KEY);
  }

  /** Whether the node with this id wrote the change. */
  public boolean isFrom(String nodeId) {
    return nodeId.equals(headers.get(WireFormat.ORIGIN_HEADER));
  }

  /** Whether the change is a removal that reclaimed an expired value (a node's, or the server's for its age). */
  public boolean isExpiry() {
    return removed && (headers.containsKey(WireFormat.EXPIRED_HEADER) || WireFormat.isAgedOut(headers));
  }

  /**
   * Whether the write created its key, as its writer knew; {@code null} when it did not say (another client's write,
   * or a put that did not read first).
   */
  public @Nullable Boolean createdMark() {
    String marked = headers.get(WireFormat.CREATED_HEADER);
    return marked == null ? null : Boolean.parseBoolean(marked);
  }
}
