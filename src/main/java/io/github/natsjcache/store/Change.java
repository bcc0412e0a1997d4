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
 * @param own whether this node wrote the change ({@link OwnRevisions}): its listeners heard it as it was made
 * @param value the new value's bytes, or {@code null} for a removal or a headers-only watch
 * @param publishedAt when the server stored the message, in epoch milliseconds
 * @param before the key's value just before this change, as the watch followed it; {@code null} when the key had none
 *     (or the watch follows headers only)
 */
@SuppressWarnings("ArrayRecordComponent") // bytes passed through once, never compared
public record Change(String key, long revision, boolean removed, Map<String, String> headers,
    boolean own, byte @Nullable [] value, long publishedAt, @Nullable Before before) {

  /**
   * A key's value as the watch last saw it: what its next change replaces.
   *
   * @param revision the revision that wrote it
   * @param value its bytes, as stored
   * @param codec the codec it was written with ({@link WireFormat#CODEC_HEADER}), or {@code null} if unnamed
   */
  @SuppressWarnings("ArrayRecordComponent") // bytes held as received, never compared
  public record Before(long revision, byte[] value, @Nullable String codec) {}

  /** Copies the headers, so the record stays immutable. */
  public Change {
    headers = Map.copyOf(headers);
  }

  /** Whether this is the marker of a {@code clear()}: every older message of the bucket is gone. */
  public boolean isClear() {
    return key.equals(WireFormat.CLEAR_KEY);
  }

  /** Whether the change only moved the deadline of the value it rewrote, for an access: no event. */
  public boolean isAccess() {
    return !removed && headers.containsKey(WireFormat.ACCESS_HEADER);
  }

  /** Whether the change is a removal that reclaimed an expired value (a node's, or the server's for its age). */
  public boolean isExpiry() {
    return removed && (headers.containsKey(WireFormat.EXPIRED_HEADER) || WireFormat.isAgedOut(headers));
  }
}
