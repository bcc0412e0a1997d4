package io.github.natsjcache.processor;

import io.github.natsjcache.integration.ReadThrough;
import io.github.natsjcache.operation.Decision;
import java.util.Objects;
import javax.cache.processor.MutableEntry;
import org.jspecify.annotations.Nullable;

/**
 * The {@link MutableEntry} an {@code EntryProcessor} sees: the value read at one revision, and what the processor
 * does with it, which becomes one {@link Decision} when it returns.
 *
 * <p>As the spec has it: {@code getValue()} of an absent key loads it when the cache reads through; a value set on
 * an absent key and then removed amounts to nothing; reading a present value is an access (for expiry).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ProcessorEntry<K, V> implements MutableEntry<K, V> {

  /** What the processor did, as far as the cache cares. */
  private enum Operation { NONE, ACCESS, LOAD, SET, REMOVE }

  private final K key;
  private final @Nullable V original;
  private final @Nullable ReadThrough<K, V> loader;
  private @Nullable V value;
  private Operation operation = Operation.NONE;

  ProcessorEntry(K key, @Nullable V original, @Nullable ReadThrough<K, V> loader) {
    this.key = key;
    this.original = original;
    this.value = original;
    this.loader = loader;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public @Nullable V getValue() {
    if (value != null) {
      if (operation == Operation.NONE) {
        operation = Operation.ACCESS;
      }
    } else if (operation == Operation.NONE && loader != null) {
      value = loader.load(key);
      if (value != null) {
        operation = Operation.LOAD;
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return value != null;
  }

  @Override
  public void setValue(V newValue) {
    value = Objects.requireNonNull(newValue, "an entry's value must not be null");
    operation = Operation.SET;
  }

  @Override
  public void remove() {
    boolean createdHere = original == null && (operation == Operation.SET || operation == Operation.LOAD);
    value = null;
    operation = createdHere ? Operation.NONE : Operation.REMOVE;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("A processor entry is not a " + clazz.getName());
  }

  /** What the processor's work amounts to. */
  <T> Decision<V, T> decision(@Nullable T result) {
    V current = value;
    return switch (operation) {
      case NONE -> Decision.keep(result);
      case ACCESS -> Decision.access(result);
      case LOAD -> Decision.load(Objects.requireNonNull(current), result);
      case SET -> Decision.put(Objects.requireNonNull(current), result);
      case REMOVE -> Decision.remove(result);
    };
  }
}
