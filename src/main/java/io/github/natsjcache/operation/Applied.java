package io.github.natsjcache.operation;

import io.github.natsjcache.entry.Versioned;
import io.github.natsjcache.operation.Decision.Action;
import org.jspecify.annotations.Nullable;

/**
 * A decision that took effect, with what it found: the input of events and statistics.
 *
 * @param previous the live state the decision was made on (an expired value counts as absent)
 * @param expired the value found expired and now gone from the bucket, or {@code null}
 * @param decision what was decided and returned
 * @param stored whether the decision's value was written to the bucket (a value created with a zero duration is
 *     not: it would be expired at once)
 * @param <V> the value type
 * @param <R> the result type
 */
public record Applied<V, R>(Versioned<V> previous, @Nullable V expired, Decision<V, R> decision,
    boolean stored) {

  /** Whether a present value was removed. */
  public boolean removed() {
    return decision.action() == Action.REMOVE && previous.isPresent();
  }
}
