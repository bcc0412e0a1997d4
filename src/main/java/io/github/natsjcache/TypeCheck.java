package io.github.natsjcache;

import java.util.Objects;
import javax.cache.configuration.Configuration;

/**
 * What JSR-107 asks of every key and value a cache is given: not {@code null} ({@link NullPointerException}), and of
 * the configured type ({@link ClassCastException}).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class TypeCheck<K, V> {

  private final String cacheName;
  private final Class<K> keyType;
  private final Class<V> valueType;

  TypeCheck(String cacheName, Configuration<K, V> configuration) {
    this.cacheName = cacheName;
    this.keyType = configuration.getKeyType();
    this.valueType = configuration.getValueType();
  }

  void key(K key) {
    Objects.requireNonNull(key, "a cache key must not be null");
    if (!keyType.isInstance(key)) {
      throw new ClassCastException("Cache '" + cacheName + "' takes keys of type " + keyType.getName() + ", not "
          + key.getClass().getName());
    }
  }

  void entry(K key, V value) {
    key(key);
    Objects.requireNonNull(value, "a cache value must not be null");
    if (!valueType.isInstance(value)) {
      throw new ClassCastException("Cache '" + cacheName + "' takes values of type " + valueType.getName()
          + ", not " + value.getClass().getName());
    }
  }
}
