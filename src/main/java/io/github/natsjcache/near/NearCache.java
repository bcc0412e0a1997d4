package io.github.natsjcache.near;

import io.github.natsjcache.entry.MemoryReads;
import io.github.natsjcache.entry.Versioned;
import io.github.natsjcache.store.StrictBarrier;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * This node's copy of recently used entries of one cache, fenced by KV revisions so that it never serves a value
 * older than one this node has already seen ({@link #bounded}), or none at all when the cache is configured without
 * one ({@link #disabled}): the watch, the statistics and strict mode speak to either alike.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface NearCache<K, V> extends MemoryReads<K, V>, StrictBarrier.AppliedWaiter {

  /**
   * A near-cache holding at most {@code maxEntries} values.
   *
   * @param maxEntries how many values it keeps at most
   * @param clock the current time in epoch milliseconds; read only for values that can expire
   * @param <K> the key type
   * @param <V> the value type
   * @return the near-cache
   */
  static <K, V> NearCache<K, V> bounded(long maxEntries, LongSupplier clock) {
    return new BoundedNearCache<>(maxEntries, clock);
  }

  /**
   * The near-cache of a cache configured without one: it holds nothing, so every read goes to the bucket.
   *
   * @param <K> the key type
   * @param <V> the value type
   * @return the near-cache
   */
  @SuppressWarnings("unchecked") // it holds nothing, so one instance serves every type
  static <K, V> NearCache<K, V> disabled() {
    return (NearCache<K, V>) NoNearCache.INSTANCE;
  }

  /** Whether this near-cache keeps values at all. */
  boolean isEnabled();

  /** The key's live state (a value or its absence) with its revision, or {@code null} to read from the bucket. */
  @Override
  @Nullable Versioned<V> cached(K key);

  /**
   * Where this node stands before a read or write goes to the bucket: what {@link #install} is given with its answer,
   * so that an invalidation this node can no longer remember in between still keeps the answer out.
   */
  long fetchStamp();

  /**
   * Keeps a key's state read from (or written to) the bucket, value or absence, unless this node knows a newer
   * revision of the key, or may have forgotten one since {@code stamp}.
   */
  void install(K key, Versioned<V> fetched, long stamp);

  /** Records that another node or client changed (or removed) the key at {@code revision}: older values go. */
  void invalidate(K key, long revision);

  /** Records that this node changed (or removed) the key at {@code revision}: older values go, nothing is counted. */
  void fence(K key, long revision);

  /**
   * Records that this node removed the key at {@code revision}: its absence is what it knows from now on, unless an
   * invalidation since {@code stamp} says otherwise.
   */
  void removed(K key, long revision, long stamp);

  /** Drops a key's value at once, whatever its revision: after a conflicting write showed it was stale. */
  void forget(K key);

  /** Forgets everything, and refuses whatever was read before {@code revision} (the bucket was cleared then). */
  void clear(long revision);

  /**
   * The bucket holds no message older than {@code first}: a value read at an older revision was purged (or expired by
   * the server), so it goes, and a fetch of one is not kept.
   */
  void dropBefore(long first);

  /** The bucket was created anew and its revisions began again: everything this node knew of the old one goes. */
  void reset();

  /**
   * The newest revision this node knows of a key itself (its value, a read or write of it, a change of it), or 0. A
   * clear or a gap in the watch does not count: a key not written since still holds the value it had.
   */
  long newestKnown(K key);

  /**
   * Whether a fetched state is older than what this node knows of its key: then it must be read again (from the
   * stream's leader) and is not kept. An absence is judged by the key's own revisions only, since a clear made
   * every key absent.
   */
  boolean isBehind(K key, Versioned<V> fetched);

  /** Starts or stops serving; stopping forgets every value, since none can be proven fresh any more. */
  void setServing(boolean serving);

  /** Serves nothing from memory until the watch has applied {@code revision}: the changes after it wait. */
  @Override
  void suspendUntilApplied(long revision);

  /** Records that the watch has applied every change up to {@code revision}. */
  void applied(long revision);

  @Override
  CompletableFuture<Void> whenApplied(long revision);

  @Override
  void release(long revision);

  /**
   * Starts or stops counting {@link #hits} and {@link #misses}, with the cache's statistics: a count on every hit costs
   * it about a tenth of its time, which JSR-107 lets a cache spend only while statistics are enabled.
   */
  void countReads(boolean counting);

  /** Reads served from memory while reads were counted. */
  long hits();

  /** Reads that went to the bucket while reads were counted. */
  long misses();

  /** Values dropped because the bucket changed. */
  long invalidations();

  /** Values dropped to respect the size bound. */
  long evictions();
}
