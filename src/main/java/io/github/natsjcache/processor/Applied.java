package io.github.natsjcache.processor;

import io.github.natsjcache.store.Versioned;

/**
 * A decision that took effect: the state it was made on and what it did, for events and statistics.
 *
 * @param previous the key's value and revision that the decision was made on, and that the write was conditioned on
 * @param decision what was decided and returned
 * @param <V> the value type
 * @param <R> the result type
 */
public record Applied<V, R>(Versioned<V> previous, Decision<V, R> decision) {

  /** Whether the bucket changed: a value written, or a present value removed. */
  public boolean changed() {
    return switch (decision.action()) {
      case KEEP -> false;
      case PUT -> true;
      case REMOVE -> previous.isPresent();
    };
  }
}
