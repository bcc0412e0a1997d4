package io.github.natsjcache;

import io.github.natsjcache.management.CacheStatistics;
import io.github.natsjcache.operation.Applied;
import io.github.natsjcache.operation.ConditionalWriter;
import io.github.natsjcache.operation.Decision;
import io.github.natsjcache.operation.OutcomeReporter;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import javax.cache.Cache;
import org.jspecify.annotations.Nullable;

/**
 * Walks a snapshot of a cache's keys, reading each value as it goes; entries removed or expired meanwhile are skipped.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class EntryIterator<K, V> implements Iterator<Cache.Entry<K, V>> {

  private final NatsCache<K, V> cache;
  private final Iterator<K> keys;
  private final ConditionalWriter<K, V> writer;
  private final OutcomeReporter<K, V> reporter;
  private final CacheStatistics statistics;
  private @Nullable NatsCacheEntry<K, V> next;
  private @Nullable K lastReturned;

  EntryIterator(NatsCache<K, V> cache, List<K> keys, CacheParts<K, V> parts) {
    this.cache = cache;
    this.keys = keys.iterator();
    this.writer = parts.writer();
    this.reporter = parts.reporter();
    this.statistics = parts.statistics();
  }

  @Override
  public boolean hasNext() {
    cache.checkOpen();
    while (next == null && keys.hasNext()) {
      K key = keys.next();
      long start = statistics.startTimer();
      Applied<V, V> applied = writer.read(key, current -> current.isPresent()
          ? Decision.access(current.value()) : Decision.keep(null));
      V value = applied.decision().result();
      V expired = applied.expired();
      if (expired != null) {
        reporter.expired(cache, key, expired);
      }
      if (value != null) {
        reporter.lookedUp(1, 0, start);
        next = new NatsCacheEntry<>(key, value);
      }
    }
    return next != null;
  }

  @Override
  public Cache.Entry<K, V> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    NatsCacheEntry<K, V> entry = Objects.requireNonNull(next);
    next = null;
    lastReturned = entry.getKey();
    return entry;
  }

  @Override
  public void remove() {
    cache.checkOpen();
    K key = lastReturned;
    if (key == null) {
      throw new IllegalStateException("next() has not returned an entry to remove");
    }
    lastReturned = null;
    cache.remove(key);
  }
}
