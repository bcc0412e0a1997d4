package io.github.natsjcache.operation;

import io.github.natsjcache.event.EventDispatcher;
import io.github.natsjcache.management.CacheStatistics;
import javax.cache.Cache;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * Turns what an operation did into the entry events and statistics JSR-107 defines for it, so that every operation
 * reports the same way.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class OutcomeReporter<K, V> {

  /** Whether an operation counts as a lookup: a hit or a miss, by whether it found a value. */
  public enum Lookup {
    /** It reads the value: {@code get}, {@code getAndPut}, {@code replace}, {@code invoke}... */
    COUNTED,
    /** It only writes: {@code put}, {@code remove(key)}... */
    NOT_COUNTED
  }

  private final EventDispatcher<K, V> events;
  private final CacheStatistics statistics;

  /**
   * Creates the reporter.
   *
   * @param events the cache's listeners
   * @param statistics the cache's statistics
   */
  public OutcomeReporter(EventDispatcher<K, V> events, CacheStatistics statistics) {
    this.events = events;
    this.statistics = statistics;
  }

  /**
   * Whether anything listens for outcomes: a listener or enabled statistics. When nothing does, a write need not
   * read the old value first just to report it.
   */
  public boolean isObserved() {
    return events.hasListeners() || statistics.isEnabled();
  }

  /** Reports one key's outcome. */
  public void report(Cache<K, V> source, K key, Applied<V, ?> applied, Lookup lookup, long start) {
    V expired = applied.expired();
    if (expired != null) {
      events.publish(source, EventType.EXPIRED, key, expired, expired);
    }
    V previous = applied.previous().value();
    if (lookup == Lookup.COUNTED) {
      if (previous != null) {
        statistics.recordHits(1, start);
      } else {
        statistics.recordMisses(1, start);
      }
    }
    V value = applied.decision().value();
    if (applied.stored() && value != null) {
      events.publish(source, previous == null ? EventType.CREATED : EventType.UPDATED, key, value, previous);
      if (applied.decision().action() == Decision.Action.PUT) {
        statistics.recordPuts(1, start);
      }
    } else if (applied.removed()) {
      events.publish(source, EventType.REMOVED, key, previous, previous);
      statistics.recordRemovals(1, start);
    }
  }

  /** Reports a value written by a bulk operation. */
  public void stored(Cache<K, V> source, K key, V value, @Nullable V previous, long start) {
    events.publish(source, previous == null ? EventType.CREATED : EventType.UPDATED, key, value, previous);
    statistics.recordPuts(1, start);
  }

  /** Reports a value removed by a bulk operation. */
  public void removed(Cache<K, V> source, K key, V previous, long start) {
    events.publish(source, EventType.REMOVED, key, previous, previous);
    statistics.recordRemovals(1, start);
  }

  /** Reports a value found expired (and removed by this node). */
  public void expired(Cache<K, V> source, K key, V value) {
    events.publish(source, EventType.EXPIRED, key, value, value);
  }

  /** Counts the hits and misses of a bulk lookup. */
  public void lookedUp(int hits, int misses, long start) {
    statistics.recordHits(hits, start);
    statistics.recordMisses(misses, start);
  }
}
