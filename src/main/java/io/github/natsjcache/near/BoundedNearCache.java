package io.github.natsjcache.near;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.natsjcache.entry.Versioned;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * This node's copy of recently used entries, fenced by KV revisions so that it never serves a value older than one
 * this node has already seen.
 *
 * <p>The rules, each applied atomically per key:
 * <ul>
 *   <li>Every cached slot carries the revision it was read or written at. A slot is a value, or the key's absence (a
 *       key read as never written or deleted, or removed here): a miss is served from memory as a hit is, and a
 *       conditional write on it (a {@code putIfAbsent}) goes in one round trip.
 *   <li>A change applied by the watch (or made by this node), and every value read or written here, records its
 *       revision as the key's newest known one, for a while, in a small table of its own, and drops a cached value
 *       older than it. The table keeps fences apart from the values, so a stream of writes to keys this node never
 *       reads does not evict what it does read, and a value evicted is still known to be the newest seen.
 *   <li>{@link #install} keeps a fetched value only if its revision is not older than the key's newest known
 *       revision, nor than the last {@link #clear}. So a read that raced with an invalidation cannot put back the
 *       value the invalidation removed.
 *   <li>The fences' table is bounded, so a fence can be lost (evicted among many changed keys, or aged out) while a
 *       read of its key is in flight. A lost fence marks one of a few thousand stripes of keys with the count of
 *       fences lost so far; a fetch that began before that mark ({@link #fetchStamp}) is not kept. Its key is merely
 *       read again next time: a lost fence costs one cached value, never freshness.
 *   <li>{@link #cached} serves a value only while the cache is serving (the watch that keeps it fresh is healthy,
 *       {@link #setServing}) and has applied every revision a strict writer asked it to, and only before the value's
 *       deadline.
 * </ul>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class BoundedNearCache<K, V> implements NearCache<K, V> {

  /** How long a change's revision is remembered for keys: far longer than any read takes. */
  private static final Duration FENCE_LIFETIME = Duration.ofSeconds(30);
  /** Stripes of keys a lost fence marks: enough that an unrelated key's fetch is seldom refused. */
  private static final int LOST_FENCE_STRIPES = 1 << 12;

  private final LongSupplier clock;
  private final Cache<K, Versioned<V>> values;
  /** The values as a map: a hit's lookup through it is one indirection shorter than through the cache. */
  private final Map<K, Versioned<V>> valueMap;
  private final Cache<K, Long> fences;
  private final AtomicLong clearedAt = new AtomicLong();
  private final AtomicLong firstRevision = new AtomicLong();
  private volatile long resetStamp;
  private final AtomicLong fencesLost = new AtomicLong();
  private final AtomicLongArray fenceLostAt = new AtomicLongArray(LOST_FENCE_STRIPES);
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder invalidations = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final Object appliedMonitor = new Object();
  /** The revisions held (strict writers', a backlogged listener's) with how often each is; under appliedMonitor. */
  private final NavigableMap<Long, Integer> holds = new TreeMap<>();
  /** What waits for a revision to be applied; under appliedMonitor. */
  private final NavigableMap<Long, List<CompletableFuture<Void>>> awaited = new TreeMap<>();
  private volatile boolean serving = true;
  private volatile boolean countingReads;
  private volatile long appliedUpTo;
  /** The newest revision held: nothing is served until the watch has applied it. */
  private volatile long suspendedUntil;

  /**
   * Creates a near-cache.
   *
   * @param maxEntries how many values it keeps at most
   * @param clock the current time in epoch milliseconds; read only for values that can expire
   */
  BoundedNearCache(long maxEntries, LongSupplier clock) {
    this.clock = clock;
    this.values = Caffeine.newBuilder().maximumSize(maxEntries)
        .<K, Versioned<V>>evictionListener((key, value, cause) -> {
          if (cause.wasEvicted()) {
            evictions.increment();
          }
        })
        .build();
    this.valueMap = values.asMap();
    // The fences' upkeep (expired fences) runs on the writing thread: handing it to the common pool would wake another
    // thread per put and per watch event, which costs a small machine more than the work. The values keep Caffeine's
    // default: run inline, their upkeep was measured to slow the reads it would then follow.
    this.fences = Caffeine.newBuilder().maximumSize(Math.max(maxEntries, 10_000)).executor(Runnable::run)
        .expireAfterWrite(FENCE_LIFETIME)
        .<K, Long>evictionListener((key, revision, cause) -> {
          if (key != null) {
            fenceLostAt.set(stripe(key), fencesLost.incrementAndGet()); // before the fence is gone: atomic with it
          }
        })
        .build();
  }

  @Override
  public boolean isEnabled() {
    return true;
  }

  @Override
  public @Nullable Versioned<V> cached(K key) {
    Versioned<V> slot = serving && appliedUpTo >= suspendedUntil ? valueMap.get(key) : null;
    if (slot == null || (slot.expiresAt() != Versioned.ETERNAL && slot.isExpiredAt(clock.getAsLong()))) {
      if (countingReads) {
        misses.increment();
      }
      return null;
    }
    if (countingReads) {
      hits.increment();
    }
    return slot;
  }

  @Override
  public long fetchStamp() {
    return fencesLost.get();
  }

  @Override
  public void install(K key, Versioned<V> fetched, long stamp) {
    boolean known = fetched.revision() > 0 && stamp >= resetStamp; // not a fetch from a bucket since created anew
    if (known) {
      // What this node read or wrote is known as long as a change is, even once its value is evicted: a later read
      // answered by a lagging replica is then found behind it.
      fences.asMap().merge(key, fetched.revision(), Math::max);
    }
    if (isStale(key, fetched, stamp)) {
      if (known) {
        dropOlderThan(key, fetched.revision()); // not kept, but what is cached is older still
      }
      return;
    }
    values.asMap().merge(key, fetched,
        (current, candidate) -> candidate.revision() < current.revision() ? current : candidate);
    if (isStale(key, fetched, stamp)) {
      values.asMap().remove(key, fetched); // a change, a clear or a lost fence came in between
    }
  }

  /** Whether a fetch may be older than a change this node saw: a newer revision is known, or a fence was lost. */
  private boolean isStale(K key, Versioned<V> fetched, long stamp) {
    return isBehind(key, fetched) || fenceLostAt.get(stripe(key)) > stamp || stamp < resetStamp
        || (fetched.isPresent() && fetched.revision() < firstRevision.get());
  }

  private static int stripe(Object key) {
    return (key.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - Integer.numberOfTrailingZeros(LOST_FENCE_STRIPES));
  }

  @Override
  public void invalidate(K key, long revision) {
    if (fenceAt(key, revision)) {
      invalidations.increment();
    }
  }

  @Override
  public void fence(K key, long revision) {
    fenceAt(key, revision);
  }

  @Override
  public void removed(K key, long revision, long stamp) {
    install(key, new Versioned<>(null, revision, Versioned.ETERNAL), stamp); // fences it at that revision too
  }

  /**
   * Fences the key at the revision; whether a cached value was dropped. The echo of this node's own write usually
   * finds both done (its write fenced and cached the key at that revision): looked at quietly first, so that the
   * echo neither locks the maps nor counts as a use of the key.
   */
  private boolean fenceAt(K key, long revision) {
    Long fence = fences.policy().getIfPresentQuietly(key);
    if (fence == null || fence < revision) {
      fences.asMap().merge(key, revision, Math::max);
    }
    Versioned<V> slot = values.policy().getIfPresentQuietly(key);
    return slot != null && slot.revision() < revision && dropOlderThan(key, revision);
  }

  /** Drops the key's cached value if it is older than the revision; whether it did. */
  private boolean dropOlderThan(K key, long revision) {
    boolean[] dropped = {false};
    values.asMap().computeIfPresent(key, (ignored, current) -> {
      dropped[0] = current.revision() < revision;
      return dropped[0] ? null : current;
    });
    return dropped[0];
  }

  @Override
  public void forget(K key) {
    values.invalidate(key);
  }

  @Override
  public void clear(long revision) {
    clearedAt.accumulateAndGet(revision, Math::max);
    values.invalidateAll();
    invalidations.increment();
  }

  @Override
  public void dropBefore(long first) {
    if (first > firstRevision.getAndAccumulate(first, Math::max)) {
      values.asMap().values().removeIf(slot -> slot.isPresent() && slot.revision() < first);
    }
  }

  @Override
  public void reset() {
    resetStamp = fencesLost.incrementAndGet(); // a fetch under way read the old bucket
    values.invalidateAll();
    fences.invalidateAll();
    clearedAt.set(0);
    firstRevision.set(0);
    synchronized (appliedMonitor) {
      appliedUpTo = 0;
      holds.clear();
      awaited.clear(); // revisions of the bucket gone: their writers stop waiting after their bound
      suspendedUntil = 0;
    }
    invalidations.increment();
  }

  @Override
  public long newestKnown(K key) {
    Versioned<V> slot = values.getIfPresent(key);
    Long fence = fences.getIfPresent(key);
    return Math.max(slot == null ? 0 : slot.revision(), fence == null ? 0 : fence);
  }

  @Override
  public boolean isBehind(K key, Versioned<V> fetched) {
    // An absence read after a clear is the truth whatever its revision: only what this node saw of the key itself
    // can make it old. A value older than the clear is gone.
    return fetched.revision() < (fetched.isPresent() ? Math.max(newestKnown(key), clearedAt.get())
        : newestKnown(key));
  }


  @Override
  public void setServing(boolean serving) {
    if (!serving) {
      values.invalidateAll();
    }
    this.serving = serving;
  }

  @Override
  public void suspendUntilApplied(long revision) {
    synchronized (appliedMonitor) {
      hold(revision);
    }
  }

  @Override
  public CompletableFuture<Void> whenApplied(long revision) {
    CompletableFuture<Void> applied = new CompletableFuture<>();
    synchronized (appliedMonitor) {
      if (revision <= appliedUpTo) {
        return CompletableFuture.completedFuture(null);
      }
      awaited.computeIfAbsent(revision, waiting -> new ArrayList<>()).add(applied);
    }
    return applied;
  }

  @Override
  public void release(long revision) {
    synchronized (appliedMonitor) {
      awaited.remove(revision); // no watch applies it soon: whoever waited for it has given up, or will
      holds.computeIfPresent(revision, (held, times) -> times == 1 ? null : times - 1);
      suspendedUntil = holds.isEmpty() ? 0 : holds.lastKey();
    }
  }

  /** Serves nothing until the revision is applied; under appliedMonitor. */
  private void hold(long revision) {
    if (revision > appliedUpTo) {
      holds.merge(revision, 1, Integer::sum);
      suspendedUntil = Math.max(suspendedUntil, revision);
    }
  }

  @Override
  public void applied(long revision) {
    List<CompletableFuture<Void>> done = new ArrayList<>();
    synchronized (appliedMonitor) {
      if (revision <= appliedUpTo) {
        return;
      }
      appliedUpTo = revision;
      holds.headMap(revision, true).clear(); // kept no longer: nothing before the newest one held can be released
      Map<Long, List<CompletableFuture<Void>>> reached = awaited.headMap(revision, true);
      reached.values().forEach(done::addAll);
      reached.clear();
    }
    done.forEach(applied -> applied.complete(null)); // its answer is sent outside the lock
  }

  @Override
  public void countReads(boolean counting) {
    countingReads = counting;
  }

  @Override
  public long hits() {
    return hits.sum();
  }

  @Override
  public long misses() {
    return misses.sum();
  }

  @Override
  public long invalidations() {
    return invalidations.sum();
  }

  @Override
  public long evictions() {
    return evictions.sum();
  }
}
