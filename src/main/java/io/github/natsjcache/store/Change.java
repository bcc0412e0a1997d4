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
}
