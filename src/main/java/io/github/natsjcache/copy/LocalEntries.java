package io.github.natsjcache.copy;

import io.github.natsjcache.entry.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Entries kept on this node only, with revisions of their own: what a store-by-reference cache does with a key that
 * has no bucket form (a key that is not serializable), since such a key cannot be shared.
 *
 * <p>Conditional writes compare revisions atomically per key, so the operations above work on these entries as on
 * the bucket's.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class LocalEntries<K, V> {

  private final Map<K, Versioned<V>> entries = new ConcurrentHashMap<>();
  private final AtomicLong revisions = new AtomicLong();

  Versioned<V> read(K key) {
    Versioned<V> entry = entries.get(key);
    return entry == null ? new Versioned<>(null, 0, Versioned.ETERNAL) : entry;
  }

  long write(K key, V value, long expiresAt) {
    long revision = revisions.incrementAndGet();
    entries.put(key, new Versioned<>(value, revision, expiresAt));
    return revision;
  }

  OptionalLong writeIf(K key, V value, long expiresAt, long expectedRevision) {
    long revision = revisions.incrementAndGet();
    Versioned<V> written = new Versioned<>(value, revision, expiresAt);
    Versioned<V> result = entries.compute(key, (ignored, current) ->
        revisionOf(current) == expectedRevision ? written : current);
    return result != null && result.revision() == revision ? OptionalLong.of(revision) : OptionalLong.empty();
  }

  OptionalLong removeIf(K key, long expectedRevision) {
    boolean[] removed = {false};
    entries.computeIfPresent(key, (ignored, current) -> {
      removed[0] = current.revision() == expectedRevision;
      return removed[0] ? null : current;
    });
    return removed[0] ? OptionalLong.of(revisions.incrementAndGet()) : OptionalLong.empty();
  }

  private static long revisionOf(@Nullable Versioned<?> entry) {
    return entry == null ? 0 : entry.revision();
  }

  void remove(K key) {
    entries.remove(key);
  }

  List<K> keys() {
    return new ArrayList<>(entries.keySet());
  }

  List<K> expiredKeys(long now) {
    List<K> expired = new ArrayList<>();
    entries.forEach((key, entry) -> {
      if (entry.isExpiredAt(now)) {
        expired.add(key);
      }
    });
    return expired;
  }

  void clear() {
    entries.clear();
  }
}
