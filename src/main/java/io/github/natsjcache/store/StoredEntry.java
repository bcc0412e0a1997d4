package io.github.natsjcache.store;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The last message of one key in a bucket, as the bucket holds it.
 *
 * @param revision the KV revision (stream sequence) of the message; 0 when the key never had one
 * @param value the value bytes, or {@code null} when the key is absent (never written, deleted or purged)
 * @param headers the message's headers, first value of each
 */
@SuppressWarnings("ArrayRecordComponent") // bytes passed through once, never compared
record StoredEntry(long revision, byte @Nullable [] value, Map<String, String> headers) {

  /** The state of a key that has no message at all: revision 0. */
  public static final StoredEntry NEVER_WRITTEN = new StoredEntry(0, null, Map.of());

  /** Copies the headers, so the record stays immutable. */
  public StoredEntry {
    headers = Map.copyOf(headers);
  }

  /** Whether the key holds a value (not absent, deleted or purged). */
  public boolean isPresent() {
    return value != null;
  }
}
