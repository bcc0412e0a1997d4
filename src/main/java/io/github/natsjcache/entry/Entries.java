package io.github.natsjcache.entry;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A cache's entries as typed, versioned reads and writes: what the operations above the store see, whether they
 * reach the bucket directly ({@code store.EntryStore}) or through a layer that keeps something of this node's own.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Entries<K, V> extends MemoryReads<K, V>, AutoCloseable {

  /** Reads a key's value, revision and deadline: from this node's near-cache when it can prove it fresh. */
  Versioned<V> read(K key);

  /** Reads a key from the bucket itself, never from memory: what a linearizable decision needs. */
  default Versioned<V> readFresh(K key) {
    return read(key);
  }

  /**
   * Reads a key from the bucket's leader, which holds every acknowledged write: slower than {@link #readFresh}, whose
   * answer any replica may give (a lagging one too), but never older than a revision any node saw stored. A layer
   * that cannot ask the leader reads fresh.
   *
   * @param atLeast the newest revision of the key the caller knows was stored: a value older than it is not the
   *     leader's last word (see {@code Bucket.getFromLeader})
   */
  default Versioned<V> readFromLeader(K key, LongSupplier atLeast) {
    return readFresh(key);
  }

  @Override
  default @Nullable Versioned<V> cached(K key) {
    return null;
  }

  /** Where a plain read looks first: these entries, or the layer below when this one passes hits through unchanged. */
  default MemoryReads<K, V> memoryReads() {
    return this;
  }

  /** Reads many keys with the requests pipelined; the result has every requested key, present or not. */
  Map<K, Versioned<V>> readAll(Collection<? extends K> keys);

  /**
   * Makes a value ready to be written: encodes it and checks that the store can take it, without sending anything.
   *
   * @param expiresAt the value's deadline
   * @throws javax.cache.CacheException when the store cannot take the value (it cannot be encoded, or it is larger
   *     than the server accepts)
   */
  default PreparedWrite<K, V> prepare(K key, V value, long expiresAt) {
    return PreparedWrite.asIs(key, value, expiresAt);
  }

  /** Writes a prepared value unconditionally; returns its revision. */
  long write(PreparedWrite<K, V> write);

  /**
   * Writes a prepared value if the key is still at the revision of {@code expected}; a write over an absent state is
   * marked as a creation, for the listeners of other nodes.
   *
   * @return the new revision, or empty when another write came first
   */
  OptionalLong writeIf(PreparedWrite<K, V> write, Versioned<V> expected);

  /**
   * Writes many values with the publishes pipelined; nothing is sent unless every value can be.
   *
   * @param values the values, with the deadline of each
   * @return the revision of each written key
   */
  Map<K, Long> writeAll(Map<K, Versioned<V>> values);

  /**
   * Removes a key if it is still at the revision of {@code expected}.
   *
   * @param expiry whether the removal reclaims an expired value (other nodes' listeners hear an expiry)
   * @return the revision of the removal, or empty when another write came first
   */
  OptionalLong removeIf(K key, Versioned<V> expected, boolean expiry);

  /**
   * Removes many keys with the deletes pipelined.
   *
   * @return the revision of each key's removal
   */
  Map<K, Long> removeAll(Collection<? extends K> keys);

  /** The keys holding a value now. */
  List<K> keys();

  /**
   * The keys whose stored deadline has passed by {@code now}, found from the entries' headers alone: what a sweep
   * reclaims when no read comes to find them.
   */
  List<K> expiredKeys(long now);

  /**
   * Lets the bucket shed what it no longer needs (delete markers past their lifetime), where the server does not do
   * it itself; a sweep calls it now and then.
   */
  void compact();

  /**
   * Removes every entry at once.
   *
   * @return the revision at which the bucket was cleared: every older value is gone
   */
  long clear();

  /** Lets go of what this layer holds on this node (the bucket and its entries stay). */
  @Override
  default void close() {}
}
