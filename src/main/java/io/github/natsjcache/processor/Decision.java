package io.github.natsjcache.processor;

import org.jspecify.annotations.Nullable;

/**
 * What a conditional operation decided after reading a key: keep it, write a value, or remove it; and what the
 * operation returns.
 *
 * @param action what to do with the key
 * @param value the value to write, for {@link Action#PUT}
 * @param result what the operation returns to its caller
 * @param <V> the value type
 * @param <R> the result type
 */
public record Decision<V, R>(Action action, @Nullable V value, @Nullable R result) {

  /** What a decision does to the key. */
  public enum Action {
    /** Leave the key as it was read. */
    KEEP,
    /** Write {@link Decision#value()}. */
    PUT,
    /** Remove the key. */
    REMOVE
  }

  /** Leaves the key unchanged and returns {@code result}. */
  public static <V, R> Decision<V, R> keep(@Nullable R result) {
    return new Decision<>(Action.KEEP, null, result);
  }

  /** Writes {@code value} and returns {@code result}. */
  public static <V, R> Decision<V, R> put(V value, @Nullable R result) {
    return new Decision<>(Action.PUT, value, result);
  }

  /** Removes the key and returns {@code result}. */
  public static <V, R> Decision<V, R> remove(@Nullable R result) {
    return new Decision<>(Action.REMOVE, null, result);
  }
}
