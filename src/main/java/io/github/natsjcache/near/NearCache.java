package io.github.natsjcache.near;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.natsjcache.store.Versioned;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * This node's copy of recently used entries, fenced by KV revisions so that it never serves a value older than one
 * this node has already seen.
 *
 * <p>The rules, each applied atomically per key:
 * <ul>
 *   <li>Every slot carries the revision its value was read or written at. A slot without a value is a fence: the key
 *       changed (or went) at that revision, and nothing older may be installed.
 *   <li>{@link #install} keeps a fetched value only if its revision is not older than the slot's, nor than the last
 *       {@link #clear}. So a read that raced with an invalidation cannot put back the value the invalidation removed:
 *       the fence it left is newer.
 *   <li>{@link #invalidate} replaces an older slot by a fence at the new revision; a slot that is already as new (this
 *       node's own write, applied at once) stays.
 *   <li>{@link #get} serves only a slot with a value, only while the cache {@link #isServing()} (the watcher that
 *       keeps it fresh is healthy) and has applied every revision a strict writer asked it to, and only before the
 *       value's expiry deadline.
 * </ul>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class NearCache<K, V> {

  private final Cache<K, Versioned<V>> slots;
  private final AtomicLong clearedAt = new AtomicLong();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder invalidations = new LongAdder();
  private volatile boolean serving = true;
  private final Object appliedMonitor = new Object();
  private volatile long appliedUpTo;
  private volatile long suspendedUntil;

  /**
   * Creates a near-cache.
   *
   * @param maxEntries how many keys it keeps at most (fences included)
   */
  public NearCache(long maxEntries) {
    this.slots = Caffeine.newBuilder().maximumSize(maxEntries).recordStats().build();
  }

  /** The live value of a key with its revision, or {@code null} to read from the bucket. */
  public @Nullable Versioned<V> get(K key, long now) {
    Versioned<V> slot = serving && appliedUpTo >= suspendedUntil ? slots.getIfPresent(key) : null;
    if (slot == null || !slot.isPresent() || slot.isExpiredAt(now)) {
      misses.increment();
      return null;
    }
    hits.increment();
    return slot;
  }

  /** The value this node holds for a key, whatever its freshness: the old value of a change being applied. */
  public @Nullable V peek(K key) {
    Versioned<V> slot = slots.getIfPresent(key);
    return slot == null ? null : slot.value();
  }

  /** Keeps a value read from (or written to) the bucket, unless this node knows a newer revision of the key. */
  public void install(K key, Versioned<V> fetched) {
    if (fetched.revision() < clearedAt.get()) {
      return;
    }
    slots.asMap().merge(key, fetched, (current, candidate) ->
        candidate.revision() >= current.revision() ? candidate : current);
    if (fetched.revision() < clearedAt.get()) {
      slots.asMap().remove(key, fetched); // a clear came in between
    }
  }

  /** Records that the key changed (or was removed) at {@code revision}: older values are no longer served. */
  public void invalidate(K key, long revision) {
    Versioned<V> fence = new Versioned<>(null, revision, Versioned.ETERNAL);
    Versioned<V> result = slots.asMap().merge(key, fence, (current, candidate) ->
        current.revision() >= candidate.revision() ? current : candidate);
    if (fence.equals(result)) {
      invalidations.increment();
    }
  }

  /** Drops a key's slot at once, whatever its revision: after a conflicting write showed the slot was stale. */
  public void forget(K key) {
    slots.invalidate(key);
  }

  /** Forgets everything, and refuses whatever was read before {@code revision} (the bucket was cleared then). */
  public void clear(long revision) {
    clearedAt.accumulateAndGet(revision, Math::max);
    slots.invalidateAll();
    invalidations.increment();
  }

  /** The newest revision this node knows for a key, or 0; a fetch older than this must be read again. */
  public long newestKnown(K key) {
    Versioned<V> slot = slots.getIfPresent(key);
    return Math.max(slot == null ? 0 : slot.revision(), clearedAt.get());
  }

  /** Whether reads may be served: false while the watcher cannot prove the slots fresh. */
  public boolean isServing() {
    return serving;
  }

  /** Starts or stops serving; stopping forgets everything, since nothing can be proven fresh any more. */
  public void setServing(boolean serving) {
    if (!serving) {
      slots.invalidateAll();
    }
    this.serving = serving;
  }

  /** Records that the watch has applied every change up to {@code revision}. */
  public void applied(long revision) {
    synchronized (appliedMonitor) {
      if (revision > appliedUpTo) {
        appliedUpTo = revision;
        appliedMonitor.notifyAll();
      }
    }
  }

  /**
   * Waits until the watch has applied {@code revision}: what a strict write on another node waits for. A node that
   * cannot within {@code bound} stops serving from memory until it has, since the writer will not wait for it.
   *
   * @return whether the revision was applied in time
   */
  public boolean awaitApplied(long revision, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    synchronized (appliedMonitor) {
      try {
        while (appliedUpTo < revision) {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            suspendedUntil = Math.max(suspendedUntil, revision);
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(appliedMonitor, remaining);
        }
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        suspendedUntil = Math.max(suspendedUntil, revision);
        return false;
      }
    }
  }

  /** Reads served from memory. */
  public long hits() {
    return hits.sum();
  }

  /** Reads that went to the bucket. */
  public long misses() {
    return misses.sum();
  }

  /** Values dropped because the bucket changed. */
  public long invalidations() {
    return invalidations.sum();
  }

  /** Slots dropped to respect the size bound. */
  public long evictions() {
    return slots.stats().evictionCount();
  }
}
