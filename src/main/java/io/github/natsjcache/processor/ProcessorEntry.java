package io.github.natsjcache.processor;

import java.util.Objects;
import javax.cache.processor.MutableEntry;
import org.jspecify.annotations.Nullable;

/**
 * The {@link MutableEntry} an {@code EntryProcessor} sees: the value read at one revision, and the changes the
 * processor makes to it, which become one {@link Decision} when it returns.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ProcessorEntry<K, V> implements MutableEntry<K, V> {

  private final K key;
  private final @Nullable V original;
  private @Nullable V value;
  private boolean modified;

  ProcessorEntry(K key, @Nullable V original) {
    this.key = key;
    this.original = original;
    this.value = original;
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
  public boolean exists() {
    return value != null;
  }

  @Override
  public void setValue(V newValue) {
    value = Objects.requireNonNull(newValue, "an entry's value must not be null");
    modified = true;
  }

  @Override
  public void remove() {
    value = null;
    modified = true;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("A processor entry is not a " + clazz.getName());
  }

  /** What the processor's changes amount to: a write, a removal, or nothing (also when it created and removed). */
  <T> Decision<V, T> decision(@Nullable T result) {
    V current = value;
    if (!modified) {
      return Decision.keep(result);
    }
    if (current != null) {
      return Decision.put(current, result);
    }
    return original == null ? Decision.keep(result) : Decision.remove(result);
  }
}
