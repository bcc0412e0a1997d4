package io.github.natsjcache.entry;

import org.jspecify.annotations.Nullable;

/**
 * A value ready to be written to a key, made by {@link Entries#prepare}: already in the form the store writes and
 * known to fit, so that a value the store cannot take is refused before anything else happens (before the cache
 * writer is called), and is not encoded a second time when it is written.
 *
 * @param key the key
 * @param value the value
 * @param expiresAt the value's deadline, in epoch milliseconds; {@link Versioned#ETERNAL} when never
 * @param form the value as the layer that prepared it will write it, opaque to every other layer; {@code null} when
 *     the value is kept as it is
 * @param access whether the write only moves the deadline of the value read, for an access: no change of the value,
 *     so other nodes' listeners hear nothing of it
 * @param <K> the key type
 * @param <V> the value type
 */
public record PreparedWrite<K, V>(K key, V value, long expiresAt, @Nullable Object form, boolean access) {

  /** A write of the value as it is, with nothing prepared: for entries that keep values in memory. */
  public static <K, V> PreparedWrite<K, V> asIs(K key, V value, long expiresAt) {
    return new PreparedWrite<>(key, value, expiresAt, null, false);
  }

  /** The same write, marked as an access's: it rewrites the value read only to move its deadline. */
  public PreparedWrite<K, V> asAccess() {
    return new PreparedWrite<>(key, value, expiresAt, form, true);
  }
}
