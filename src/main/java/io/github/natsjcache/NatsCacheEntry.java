package io.github.natsjcache;

import javax.cache.Cache;

/**
 * A key and its value, as the cache's iterator returns them.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class NatsCacheEntry<K, V> implements Cache.Entry<K, V> {

  private final K key;
  private final V value;

  NatsCacheEntry(K key, V value) {
    this.key = key;
    this.value = value;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("A cache entry is not a " + clazz.getName());
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
