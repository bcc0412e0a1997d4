package io.github.natsjcache.entry;

import org.jspecify.annotations.Nullable;

/**
 * What a node can answer from memory: a key's state it holds and can prove fresh. A plain {@code get} asks this first,
 * and asks the object that holds the entries itself wherever the layers above it would only pass a hit through: each
 * layer a hit passes is one more object to load before the value, on the path the near-cache exists to make short.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface MemoryReads<K, V> {

  /** The key's state (a value, or its absence) if this node holds it in memory and can prove it fresh, else null. */
  @Nullable Versioned<V> cached(K key);
}
