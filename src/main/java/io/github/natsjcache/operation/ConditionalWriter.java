package io.github.natsjcache.operation;

import io.github.natsjcache.entry.Entries;
import io.github.natsjcache.entry.Versioned;
import io.github.natsjcache.expiry.Expiry;
import io.github.natsjcache.integration.WriteThrough;
import io.github.natsjcache.operation.Decision.Action;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * Read-decide-write per key, linearizable across every node without locks: the one place where a key changes.
 *
 * <p>How it works:
 * <ul>
 *   <li>Read the key's value with its KV revision and expiry deadline. A value past its deadline counts as absent.
 *   <li>Let the operation decide on that state: keep, access, put, load or remove.
 *   <li>Call the cache writer for a put or a remove, before the bucket changes, so that a failing writer leaves the
 *       cache as it was.
 *   <li>Write conditioned on the revision read (JetStream's expected last subject sequence); revision 0 means "no
 *       message yet", and a deleted key is conditioned on its delete marker. A put's deadline comes from the expiry
 *       policy: creation when the key was absent, update when present.
 *   <li>If JetStream refuses the write because another writer came first, start over from a fresh read. Every
 *       refused attempt means another write succeeded (or, on a clustered stream, is being stored), so the system as
 *       a whole always makes progress. The first retries go at once; a loop that keeps losing pauses briefly before
 *       each further one ({@link RetryBackoff}), so that it does not spin against a write still in flight.
 * </ul>
 *
 * <p>Keeping, and removing an absent key, write nothing: they are linearized at their read. An access whose
 * policy moves the deadline rewrites the value with the new deadline, conditioned on the same revision; losing that
 * race to a newer write is fine, as the newer write set its own deadline. A value found expired is removed from the
 * bucket (conditioned on its revision) by the operation that found it, and reported as {@link Applied#expired()} only
 * by the node whose removal won, so it expires once.
 *
 * <p>The deciding function, and the writer, may run more than once under contention: the last run is the one that
 * took effect.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ConditionalWriter<K, V> {

  private final Entries<K, V> store;
  private final Expiry expiry;
  private final @Nullable WriteThrough<K, V> writer;
  private final Duration giveUpAfter;
  private final String cacheName;

  /**
   * Creates the writer.
   *
   * @param store the cache's entries
   * @param expiry the cache's expiry policy
   * @param writer the cache writer, or {@code null} without write-through
   * @param giveUpAfter how long an operation may keep losing races before it fails (the operation timeout)
   * @param cacheName the cache's name, for messages
   */
  public ConditionalWriter(Entries<K, V> store, Expiry expiry, @Nullable WriteThrough<K, V> writer,
      Duration giveUpAfter, String cacheName) {
    this.store = store;
    this.expiry = expiry;
    this.writer = writer;
    this.giveUpAfter = giveUpAfter;
    this.cacheName = cacheName;
  }

  /**
   * Applies a decision atomically: the key is written only if it is still in the state the decision was made on.
   *
   * @param key the key
   * @param decide the operation, from the current live state to what to do
   * @param <R> the operation's result type
   * @return the decision that took effect, with the state it was made on
   */
  public <R> Applied<V, R> update(K key, Function<Versioned<V>, Decision<V, R>> decide) {
    Versioned<V> cached = store.cached(key);
    if (cached != null) {
      // A near-cache hit lets a writing decision go in one round trip: its conditional write proves the revision.
      // A decision that writes nothing would prove nothing, so it is dropped unapplied and made again on a fresh read.
      Decision<V, R> decision = decide.apply(cached);
      if (decision.writes(cached.isPresent())) {
        Applied<V, R> applied = execute(key, cached, false, cached, decision, now());
        if (applied != null) {
          return applied;
        }
      }
    }
    return update(key, store.readFresh(key), decide);
  }

  /**
   * Like {@link #update(Object, Function)}, for plain reads: a decision that writes nothing may stand on a near-cache
   * hit, since a read only has to be fresh as far as this node knows, not linearizable.
   *
   * @param key the key
   * @param decide the read, from the current live state to what to do
   * @param <R> the read's result type
   * @return the decision that took effect
   */
  public <R> Applied<V, R> read(K key, Function<Versioned<V>, Decision<V, R>> decide) {
    return update(key, store.read(key), decide);
  }

  /**
   * Like {@link #update(Object, Function)}, starting from a state read already (by a pipelined bulk read).
   *
   * @param key the key
   * @param read the key's state as read
   * @param decide the operation
   * @param <R> the operation's result type
   * @return the decision that took effect
   */
  public <R> Applied<V, R> update(K key, Versioned<V> read, Function<Versioned<V>, Decision<V, R>> decide) {
    Versioned<V> state = read;
    long deadline = 0;
    for (int conflicts = 1; ; conflicts++) {
      Applied<V, R> applied = tryApply(key, state, decide);
      if (applied != null) {
        return applied;
      }
      if (conflicts == 1) {
        deadline = System.nanoTime() + giveUpAfter.toNanos(); // the clock is read only once a race is lost
      } else if (System.nanoTime() - deadline > 0) {
        throw new CacheException("Gave up on key " + key + " of cache '" + cacheName + "' after " + conflicts
            + " conditional writes in " + giveUpAfter.toMillis() + " ms: another writer changed it before each one");
      }
      RetryBackoff.pauseBeforeRetry(conflicts);
      state = store.readFresh(key);
    }
  }

  /**
   * Writes a value without reading first: for a put whose caller needs neither the old value nor whether it existed
   * (no listeners, no statistics) under a policy that never expires anything. One round trip instead of two.
   */
  public void blindPut(K key, V value) {
    if (writer != null) {
      writer.write(key, value);
    }
    store.write(key, value, Versioned.ETERNAL);
  }

  /** The current time for deadlines; the clock is read only when entries can expire. */
  public long now() {
    return expiry.isEternal() ? 0 : System.currentTimeMillis();
  }

  /** One attempt; {@code null} when another write came first. */
  private <R> @Nullable Applied<V, R> tryApply(K key, Versioned<V> read,
      Function<Versioned<V>, Decision<V, R>> decide) {
    long now = now();
    boolean expired = !expiry.isEternal() && read.isExpiredAt(now);
    Versioned<V> current = expired ? read.asAbsent() : read;
    return execute(key, read, expired, current, decide.apply(current), now);
  }

  /** Carries out a decision made on {@code current}; {@code null} when another write came first. */
  private <R> @Nullable Applied<V, R> execute(K key, Versioned<V> read, boolean expired, Versioned<V> current,
      Decision<V, R> decision, long now) {
    V value = decision.value();
    return switch (decision.action()) {
      case KEEP -> kept(key, read, expired, current, decision);
      case ACCESS -> {
        touch(key, current, now);
        yield kept(key, read, expired, current, decision);
      }
      case PUT, LOAD -> {
        if (decision.action() == Action.PUT && writer != null) {
          writer.write(key, Objects.requireNonNull(value));
        }
        yield store(key, read, expired, current, decision, now);
      }
      case REMOVE -> {
        if (writer != null) {
          writer.delete(key);
        }
        if (!current.isPresent()) {
          yield kept(key, read, expired, current, decision);
        }
        yield store.removeIf(key, read, /* expiry= */ false).isPresent()
            ? new Applied<>(current, null, decision, false) : null;
      }
    };
  }

  private <R> @Nullable Applied<V, R> store(K key, Versioned<V> read, boolean expired, Versioned<V> current,
      Decision<V, R> decision, long now) {
    V value = Objects.requireNonNull(decision.value(), "a put or load decision carries a value");
    long deadline = current.isPresent()
        ? expiry.onUpdate(now, current.expiresAt()) : expiry.onCreation(now);
    if (!current.isPresent() && deadline <= now && !expiry.isEternal()) {
      // Created already expired: nothing to store, and an expired predecessor goes as usual.
      return kept(key, read, expired, current, decision);
    }
    OptionalLong written = store.writeIf(key, value, deadline, expired ? current : read);
    return written.isPresent() ? new Applied<>(current, expired ? read.value() : null, decision, true) : null;
  }

  /** The outcome of a decision that writes nothing, after removing the expired value it found, if any. */
  private <R> Applied<V, R> kept(K key, Versioned<V> read, boolean expired, Versioned<V> current,
      Decision<V, R> decision) {
    boolean reclaimed = expired && store.removeIf(key, read, /* expiry= */ true).isPresent();
    return new Applied<>(current, reclaimed ? read.value() : null, decision, false);
  }

  /** Moves the deadline of a value that was read, if the policy says so. */
  private void touch(K key, Versioned<V> current, long now) {
    V value = current.value();
    if (value == null || expiry.isEternal()) {
      return;
    }
    long deadline = expiry.onAccess(now, current.expiresAt());
    if (deadline != current.expiresAt()) {
      store.writeIf(key, value, deadline, current);
    }
  }
}
