package io.github.natsjcache.operation;

import io.github.natsjcache.bucket.OutcomeUnknownException;
import io.github.natsjcache.entry.Entries;
import io.github.natsjcache.entry.PreparedWrite;
import io.github.natsjcache.entry.Versioned;
import io.github.natsjcache.expiry.Expiry;
import io.github.natsjcache.integration.WriteThrough;
import io.github.natsjcache.operation.Decision.Action;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
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
 * <p>The deciding function may run more than once under contention: the last run is the one that took effect.
 *
 * <p>The cache writer is called before the bucket changes, as the spec asks (a failing writer leaves the cache as it
 * was), so a write that then loses its race would have reached the writer without taking effect. The writer sees
 * the writes that take effect, each once, by three means:
 * <ul>
 *   <li>With a writer, decisions stand on a fresh read, never on a near-cache hit: a hit may be a millisecond stale,
 *       and a write decided on it would lose to the change the watch has not applied yet.
 *   <li>This node's operations on a key go one at a time ({@link KeyLocks}), so they never race each other.
 *   <li>What is left is a race with another node within one round trip, which no lock-free scheme can win for both
 *       writers. The attempt that lost is decided again on a fresh read, and the writer is brought to the outcome: a
 *       new value or removal is written through as any is (the writer then holds what the bucket holds, whatever
 *       the other node's writer did meanwhile); a decision that stores nothing first tells the writer the state
 *       that stands ({@code write} of the current value, {@code delete} when absent), undoing the write that did not
 *       take effect; a loaded value is written through too. Only then does the writer see a call that did not take
 *       effect, followed at once by its correction.
 *   <li>A write that fails for certain after the writer was called (not sent while disconnected, refused by the
 *       server) changed nothing: the writer is told the state the write was decided on, as after a lost race, before
 *       the failure is thrown. A value the bucket cannot take (it cannot be encoded, or it is larger than the
 *       server's max_payload) is refused before the writer is called: it is encoded and measured first, and those
 *       bytes are what is sent. A write whose outcome is unknown ({@link OutcomeUnknownException}) leaves the writer
 *       as it is, since the write may have taken effect: the caller learns the outcome by reading the key.
 * </ul>
 * Calls of different nodes' writers for one key reach the writer in the bucket's order only when they do not
 * overlap: two nodes writing a key at the same instant call their writers concurrently.
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
  /** Serializes this node's operations per key, with a writer; {@code null} without one. */
  private final @Nullable KeyLocks locks;

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
    this.locks = writer == null ? null : new KeyLocks();
  }

  /**
   * Applies a decision atomically: the key is written only if it is still in the state the decision was made on.
   * Without a writer, a decision that writes may stand on a near-cache hit, which its conditional write proves; with
   * one, it stands on a fresh read, taken while no other operation of this node is at work on the key.
   *
   * @param key the key
   * @param decide the operation, from the current live state to what to do
   * @param <R> the operation's result type
   * @return the decision that took effect, with the state it was made on
   */
  public <R> Applied<V, R> update(K key, Function<Versioned<V>, Decision<V, R>> decide) {
    if (writer != null) {
      return oneAtATime(key, () -> update(key, store.readFresh(key), decide));
    }
    Versioned<V> cached = store.cached(key);
    if (cached == null) {
      return update(key, store.readFresh(key), decide);
    }
    // A near-cache hit lets a writing decision go in one round trip: its conditional write proves the revision.
    Decision<V, R> decision = decide.apply(cached);
    if (decision.writes(cached.isPresent())) {
      Applied<V, R> applied = execute(key, cached, false, cached, decision, now(), /* writerAhead= */ false);
      return applied != null ? applied : update(key, store.readFresh(key), decide);
    }
    // A decision that writes nothing proves nothing: a fresh read must confirm it. It stands when that read finds the
    // state it was made on, so that an entry processor (and the loader it calls) runs again only on a changed state.
    return update(key, store.readFresh(key), state -> sameState(state, cached) ? decision : decide.apply(state));
  }

  /** Whether two reads of a key found the same state: the same revision, as present or absent, with one deadline. */
  private static boolean sameState(Versioned<?> a, Versioned<?> b) {
    return a.revision() == b.revision() && a.isPresent() == b.isPresent() && a.expiresAt() == b.expiresAt();
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
    boolean writerAhead = false; // an attempt that lost its race had called the writer
    for (int conflicts = 1; ; conflicts++) {
      long now = now();
      boolean expired = !expiry.isEternal() && state.isExpiredAt(now);
      Versioned<V> current = expired ? state.asAbsent() : state;
      Decision<V, R> decision = decide.apply(current);
      Applied<V, R> applied = execute(key, state, expired, current, decision, now, writerAhead);
      if (applied != null) {
        return applied;
      }
      // Only a put, a load or a removal of a present value can lose; all but a load (unless ahead) called the writer.
      writerAhead |= writer != null && decision.action() != Action.LOAD;
      if (conflicts == 1) {
        deadline = System.nanoTime() + giveUpAfter.toNanos(); // the clock is read only once a race is lost
      } else if (System.nanoTime() - deadline > 0) {
        CacheException gaveUp = new CacheException("Gave up on key " + key + " of cache '" + cacheName + "' after "
            + conflicts + " conditional writes in " + giveUpAfter.toMillis()
            + " ms: another writer changed it before each one");
        if (writerAhead) {
          correctWriter(key, () -> store.readFresh(key), gaveUp); // the write it holds did not take effect
        }
        throw gaveUp;
      }
      RetryBackoff.pauseBeforeRetry(conflicts);
      state = store.readFresh(key);
    }
  }

  /**
   * Writes a value without reading first: for a put whose caller needs neither the old value nor whether it existed
   * (no listeners, no statistics) under a policy that never expires anything. One round trip instead of two.
   *
   * <p>With a writer, the put reads first all the same: a write that fails after the writer was called must tell it
   * the state that stands, which only a read made before can know (while disconnected, no read can be made after).
   */
  public void blindPut(K key, V value) {
    if (writer != null) {
      update(key, current -> Decision.put(value, null));
    } else {
      store.write(store.prepare(key, value, Versioned.ETERNAL));
    }
  }

  /** The current time for deadlines; the clock is read only when entries can expire. */
  public long now() {
    return expiry.isEternal() ? 0 : System.currentTimeMillis();
  }

  /**
   * Carries out a decision made on {@code current}; {@code null} when another write came first.
   *
   * @param writerAhead whether an earlier attempt of this operation called the writer and then lost its race, so
   *     that the writer holds a write that did not take effect: this attempt brings the writer to its outcome
   */
  private <R> @Nullable Applied<V, R> execute(K key, Versioned<V> read, boolean expired, Versioned<V> current,
      Decision<V, R> decision, long now, boolean writerAhead) {
    return switch (decision.action()) {
      case KEEP -> kept(key, read, expired, current, decision, writerAhead);
      case ACCESS -> {
        touch(key, current, now);
        yield kept(key, read, expired, current, decision, writerAhead);
      }
      case PUT, LOAD -> store(key, read, expired, current, decision, now, writerAhead);
      case REMOVE -> {
        if (writer != null) {
          writer.delete(key);
        }
        if (!current.isPresent()) {
          yield kept(key, read, expired, current, decision, /* writerAhead= */ false); // the delete told it
        }
        yield afterWriter(key, current, () -> store.removeIf(key, read, /* expiry= */ false)).isPresent()
            ? new Applied<>(current, null, decision, false) : null;
      }
    };
  }

  /**
   * Stores a put's or a load's value; the writer sees a put, and a load when it is ahead. A value the bucket cannot
   * take (unencodable, or larger than the server's max_payload) is refused before the writer is called.
   */
  private <R> @Nullable Applied<V, R> store(K key, Versioned<V> read, boolean expired, Versioned<V> current,
      Decision<V, R> decision, long now, boolean writerAhead) {
    V value = Objects.requireNonNull(decision.value(), "a put or load decision carries a value");
    WriteThrough<K, V> through = decision.action() == Action.PUT || writerAhead ? writer : null;
    long deadline = current.isPresent()
        ? expiry.onUpdate(now, current.expiresAt()) : expiry.onCreation(now);
    if (!current.isPresent() && deadline <= now && !expiry.isEternal()) {
      // Created already expired: nothing to store, and an expired predecessor goes as usual.
      if (through != null) {
        through.write(key, value);
      }
      return kept(key, read, expired, current, decision, writerAhead);
    }
    PreparedWrite<K, V> write = store.prepare(key, value, deadline);
    OptionalLong written;
    if (through == null) {
      written = store.writeIf(write, expired ? current : read);
    } else {
      through.write(key, value);
      written = afterWriter(key, current, () -> store.writeIf(write, expired ? current : read));
    }
    return written.isPresent() ? new Applied<>(current, expired ? read.value() : null, decision, true) : null;
  }

  /**
   * Runs the write that follows a call of the writer. When it fails for certain (not sent, or refused), nothing
   * changed, so the writer is first told {@code standing}, the state the write was decided on, as after a lost race.
   * When its outcome is unknown ({@link OutcomeUnknownException}), the writer is left as it is: the write may have
   * taken effect, and the caller is told that it may have.
   */
  private OptionalLong afterWriter(K key, Versioned<V> standing, Supplier<OptionalLong> write) {
    try {
      return write.get();
    } catch (OutcomeUnknownException e) {
      throw e;
    } catch (CacheException e) {
      correctWriter(key, () -> standing, e);
      throw e;
    }
  }

  /**
   * The outcome of a decision that writes nothing, after removing the expired value it found, if any; a writer
   * that is ahead is first told the state that stands.
   */
  private <R> Applied<V, R> kept(K key, Versioned<V> read, boolean expired, Versioned<V> current,
      Decision<V, R> decision, boolean writerAhead) {
    if (writerAhead) {
      tellWriter(key, current);
    }
    boolean reclaimed = expired && store.removeIf(key, read, /* expiry= */ true).isPresent();
    return new Applied<>(current, reclaimed ? read.value() : null, decision, false);
  }

  /**
   * Tells the writer the state that stands before {@code failure} is thrown: a failure to read that state or to tell
   * it is added to {@code failure}, which stays the operation's error.
   */
  private void correctWriter(K key, Supplier<Versioned<V>> standing, CacheException failure) {
    try {
      tellWriter(key, standing.get());
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /** Tells the writer the state that stands, after it saw a write that did not take effect. */
  private void tellWriter(K key, Versioned<V> standing) {
    if (writer != null) {
      writer.restore(key, standing.value());
    }
  }


  /** Runs an operation on a key while no other thread of this node runs one on it (see {@link KeyLocks}). */
  private <T> T oneAtATime(K key, Supplier<T> operation) {
    ReentrantLock lock;
    try {
      lock = Objects.requireNonNull(locks).lock(key, giveUpAfter);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("Interrupted while waiting for another operation on key " + key + " of cache '"
          + cacheName + "'", e);
    }
    try {
      return operation.get();
    } finally {
      if (lock != null) {
        lock.unlock();
      }
    }
  }

  /** Moves the deadline of a value that was read, if the policy says so. */
  private void touch(K key, Versioned<V> current, long now) {
    V value = current.value();
    if (value == null || expiry.isEternal()) {
      return;
    }
    long deadline = expiry.onAccess(now, current.expiresAt());
    if (deadline != current.expiresAt()) {
      store.writeIf(store.prepare(key, value, deadline).asAccess(), current);
    }
  }
}
