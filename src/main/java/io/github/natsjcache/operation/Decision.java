package io.github.natsjcache.operation;

import org.jspecify.annotations.Nullable;

/**
 * What an operation decided after reading a key, and what it returns.
 *
 * @param action what to do with the key
 * @param value the value to store, for {@link Action#PUT} and {@link Action#LOAD}
 * @param result what the operation returns to its caller
 * @param <V> the value type
 * @param <R> the result type
 */
public record Decision<V, R>(Action action, @Nullable V value, @Nullable R result) {

  /** What a decision does to the key. */
  public enum Action {
    /** Leave the key as it was read. */
    KEEP,
    /** Leave the value, which was read: the expiry policy's access duration applies. */
    ACCESS,
    /** Store {@link Decision#value()} through the cache writer. */
    PUT,
    /** Store {@link Decision#value()}, which the cache loader provided: no cache writer call. */
    LOAD,
    /** Remove the key through the cache writer. */
    REMOVE
  }

  /**
   * Whether the decision writes to the bucket (a removal of an absent key does not).
   *
   * @param present whether the key holds a value in the state decided on
   */
  public boolean writes(boolean present) {
    return action == Action.PUT || action == Action.LOAD || (action == Action.REMOVE && present);
  }

  /** Leaves the key unchanged and returns {@code result}. */
  public static <V, R> Decision<V, R> keep(@Nullable R result) {
    return new Decision<>(Action.KEEP, null, result);
  }

  /** Leaves the value, which the operation read, and returns {@code result}. */
  public static <V, R> Decision<V, R> access(@Nullable R result) {
    return new Decision<>(Action.ACCESS, null, result);
  }

  /** Stores {@code value} (write-through) and returns {@code result}. */
  public static <V, R> Decision<V, R> put(V value, @Nullable R result) {
    return new Decision<>(Action.PUT, value, result);
  }

  /** Stores a loaded {@code value} and returns {@code result}. */
  public static <V, R> Decision<V, R> load(V value, @Nullable R result) {
    return new Decision<>(Action.LOAD, value, result);
  }

  /** Removes the key (write-through) and returns {@code result}. */
  public static <V, R> Decision<V, R> remove(@Nullable R result) {
    return new Decision<>(Action.REMOVE, null, result);
  }
}
