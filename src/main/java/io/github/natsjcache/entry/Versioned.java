package io.github.natsjcache.entry;

import org.jspecify.annotations.Nullable;

/**
 * A key's value at one KV revision, with its expiry deadline: what every operation reads before it decides, so that
 * freshness and the condition of the next write are one record.
 *
 * @param value the value, or {@code null} when the key is absent at that revision
 * @param revision the revision to expect in a conditional write; 0 when the key never had a message
 * @param expiresAt when the value expires, in epoch milliseconds; {@link #ETERNAL} when never
 * @param <V> the value type
 */
public record Versioned<V>(@Nullable V value, long revision, long expiresAt) {

  /** The deadline of a value that never expires. */
  public static final long ETERNAL = Long.MAX_VALUE;

  /** Whether the key holds a value, expired or not. */
  public boolean isPresent() {
    return value != null;
  }

  /** Whether the key holds a value that has expired by {@code now}. */
  public boolean isExpiredAt(long now) {
    return value != null && expiresAt <= now;
  }

  /** The same revision seen as absent: what an expired value is to every operation. */
  public Versioned<V> asAbsent() {
    return new Versioned<>(null, revision, ETERNAL);
  }
}
