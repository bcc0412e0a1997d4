package io.github.natsjcache.processor;

import io.github.natsjcache.store.EntryStore;
import io.github.natsjcache.store.Versioned;
import java.util.OptionalLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Read-decide-write per key, linearizable across every node without locks.
 *
 * <p>How it works:
 * <ul>
 *   <li>Read the key's value together with its KV revision.
 *   <li>Let the operation decide on that state (keep, put a value, remove).
 *   <li>Write conditioned on the revision read ({@code Nats-Expected-Last-Subject-Sequence}); revision 0 means "no
 *       message yet", and a deleted key is conditioned on its delete marker's revision.
 *   <li>If JetStream refuses the write because another writer came first (wrong last sequence), start over from a
 *       fresh read. Every refused attempt means another write succeeded, so the system as a whole always makes
 *       progress.
 * </ul>
 *
 * <p>A decision to keep, or to remove an absent key, writes nothing: it is linearized at its read. The deciding
 * function may run more than once under contention, so it must not have effects outside its decision.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ConditionalWriter<K, V> {

  private final EntryStore<K, V> store;

  /**
   * Creates the writer.
   *
   * @param store the cache's entries
   */
  public ConditionalWriter(EntryStore<K, V> store) {
    this.store = store;
  }

  /**
   * Applies a decision atomically: the key is written only if it is still in the state the decision was made on.
   *
   * @param key the key
   * @param decide the operation, from the current state to what to do
   * @param <R> the operation's result type
   * @return the decision that took effect, with the state it was made on
   */
  public <R> Applied<V, R> update(K key, Function<Versioned<V>, Decision<V, R>> decide) {
    while (true) {
      Versioned<V> current = store.read(key);
      Decision<V, R> decision = decide.apply(current);
      if (tryApply(key, current, decision)) {
        return new Applied<>(current, decision);
      }
    }
  }

  private boolean tryApply(K key, Versioned<V> current, Decision<V, ?> decision) {
    V value = decision.value();
    OptionalLong written = switch (decision.action()) {
      case KEEP -> OptionalLong.of(current.revision());
      case PUT -> store.writeIf(key, requireValue(value), current.revision());
      case REMOVE -> current.isPresent()
          ? store.removeIf(key, current.revision()) : OptionalLong.of(current.revision());
    };
    return written.isPresent();
  }

  private static <V> V requireValue(@Nullable V value) {
    if (value == null) {
      throw new IllegalStateException("A PUT decision carries a value");
    }
    return value;
  }
}
