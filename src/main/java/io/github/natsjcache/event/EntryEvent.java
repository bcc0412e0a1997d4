package io.github.natsjcache.event;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * One change of one entry, as listeners receive it.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class EntryEvent<K, V> extends CacheEntryEvent<K, V> {

  private static final long serialVersionUID = 1L;

  private final transient Cache<K, V> cache;
  private final K key;
  private final transient @Nullable V value;
  private final transient @Nullable V oldValue;

  EntryEvent(Cache<K, V> source, EventType type, K key, @Nullable V value, @Nullable V oldValue) {
    super(source, type);
    this.cache = source;
    this.key = key;
    this.value = value;
    this.oldValue = oldValue;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public @Nullable V getValue() {
    return value;
  }

  @Override
  public @Nullable V getOldValue() {
    return oldValue;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValue != null;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("An entry event is not a " + clazz.getName());
  }

  /**
   * The same event for a listener that did not ask for old values. A removal's or expiry's value is its old value,
   * so it goes too.
   */
  EntryEvent<K, V> withoutOldValue() {
    if (oldValue == null) {
      return this;
    }
    boolean valueIsOld = getEventType() == EventType.REMOVED || getEventType() == EventType.EXPIRED;
    return new EntryEvent<>(cache, getEventType(), key, valueIsOld ? null : value, null);
  }
}
