package io.github.natsjcache.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A cache's entries as typed, versioned reads and writes: what the operations above the store see, whether they
 * reach the bucket directly ({@link EntryStore}) or through a layer that keeps something of this node's own.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Entries<K, V> {

  /** Reads a key's value, revision and deadline. */
  Versioned<V> read(K key);

  /** Reads many keys with the requests pipelined; the result has every requested key, present or not. */
  Map<K, Versioned<V>> readAll(Collection<? extends K> keys);

  /** Writes a value unconditionally; returns its revision. */
  long write(K key, V value, long expiresAt);

  /**
   * Writes a value if the key is still at {@code expectedRevision}.
   *
   * @return the new revision, or empty when another write came first
   */
  OptionalLong writeIf(K key, V value, long expiresAt, long expectedRevision);

  /**
   * Writes many values with the publishes pipelined; nothing is sent unless every value can be.
   *
   * @param values the values, with the deadline of each
   * @return the revision of each written key
   */
  Map<K, Long> writeAll(Map<K, Versioned<V>> values);

  /**
   * Removes a key if it is still at {@code expectedRevision}.
   *
   * @return the revision of the removal, or empty when another write came first
   */
  OptionalLong removeIf(K key, long expectedRevision);

  /** Removes many keys with the deletes pipelined. */
  void removeAll(Collection<? extends K> keys);

  /** The keys holding a value now. */
  List<K> keys();

  /**
   * The keys whose stored deadline has passed by {@code now}, found from the entries' headers alone: what a sweep
   * reclaims when no read comes to find them.
   */
  List<K> expiredKeys(long now);

  /** Removes every entry at once. */
  void clear();

  /** The bucket's name and figures. */
  BucketStatus status();
}
