package io.github.natsjcache.store;

import org.jspecify.annotations.Nullable;

/**
 * A key's value at one KV revision: what every conditional operation reads before it writes.
 *
 * @param value the value, or {@code null} when the key is absent at that revision
 * @param revision the revision to expect in a conditional write; 0 when the key never had a message
 * @param <V> the value type
 */
public record Versioned<V>(@Nullable V value, long revision) {

  /** Whether the key holds a value. */
  public boolean isPresent() {
    return value != null;
  }
}
