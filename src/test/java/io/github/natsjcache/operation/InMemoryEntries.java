package io.github.natsjcache.operation;

import io.github.natsjcache.entry.Entries;
import io.github.natsjcache.entry.PreparedWrite;
import io.github.natsjcache.entry.Versioned;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A cache's entries in a map, to test what sits above the store without a server. Every write takes the next
 * revision of one counter, as a bucket's stream sequence does; a removal leaves an absent state at its own revision,
 * as a delete marker does; a conditional write succeeds only when the key is still at the expected revision (0: never
 * written), as JetStream's {@code Nats-Expected-Last-Subject-Sequence} does.
 *
 * <p>Conflicts are made deterministic by a rival: {@link #rivalWritesFirst} lets another writer change the key just
 * before each of the next conditional writes, which then fails as it would if that writer had come first.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class InMemoryEntries<K, V> implements Entries<K, V> {

  private final Map<K, Versioned<V>> entries = new ConcurrentHashMap<>();
  private final Map<K, Versioned<V>> nearCache = new ConcurrentHashMap<>();
  private final AtomicLong lastRevision = new AtomicLong();
  private final AtomicInteger freshReads = new AtomicInteger();
  private final AtomicInteger conditionalWrites = new AtomicInteger();
  private final AtomicInteger conflicts = new AtomicInteger();
  private final AtomicInteger rivalTurns = new AtomicInteger();
  private volatile Function<Versioned<V>, @Nullable V> rival = Versioned::value;
  private volatile @Nullable RuntimeException failure;

  /**
   * Before each of the next {@code times} conditional writes, another writer writes {@code rival} of the key's current
   * state unconditionally ({@code null}: removes the key), so that the conditional write finds a newer revision.
   */
  void rivalWritesFirst(int times, Function<Versioned<V>, @Nullable V> rival) {
    this.rival = rival;
    rivalTurns.set(times);
  }

  /**
   * The next single-key write (conditional or not, a removal too) fails with {@code failure} without changing
   * anything, as a write that was not sent or that the server refused does.
   */
  void nextWriteFails(RuntimeException failure) {
    this.failure = failure;
  }

  /** What {@link #cached} returns for {@code key} from now on: a near-cache's copy, maybe stale. */
  void nearCacheHolds(K key, Versioned<V> state) {
    nearCache.put(key, state);
  }

  /** How many times a key was read from the entries themselves rather than from the near-cache. */
  int freshReads() {
    return freshReads.get();
  }

  /** How many conditional writes (and removals) succeeded. */
  int conditionalWrites() {
    return conditionalWrites.get();
  }

  /** How many conditional writes (and removals) were refused because the key had moved on. */
  int conflicts() {
    return conflicts.get();
  }

  @Override
  public Versioned<V> read(K key) {
    return entries.getOrDefault(key, neverWritten());
  }

  @Override
  public Versioned<V> readFresh(K key) {
    freshReads.incrementAndGet();
    return read(key);
  }

  @Override
  public @Nullable Versioned<V> cached(K key) {
    return nearCache.get(key);
  }

  @Override
  public Map<K, Versioned<V>> readAll(Collection<? extends K> keys) {
    Map<K, Versioned<V>> result = new HashMap<>();
    keys.forEach(key -> result.put(key, read(key)));
    return result;
  }

  /** Writes a value unconditionally, as another client would: for setting a test up. */
  long write(K key, V value, long expiresAt) {
    return entries.compute(key, (k, current) -> next(value, expiresAt)).revision();
  }

  @Override
  public long write(PreparedWrite<K, V> write) {
    failIfAsked();
    return write(write.key(), write.value(), write.expiresAt());
  }

  @Override
  public OptionalLong writeIf(PreparedWrite<K, V> write, Versioned<V> expected) {
    return conditional(write.key(), write.value(), write.expiresAt(), expected);
  }

  @Override
  public Map<K, Long> writeAll(Map<K, Versioned<V>> values) {
    Map<K, Long> revisions = new HashMap<>();
    values.forEach((key, versioned) ->
        revisions.put(key, entries.compute(key, (k, current) -> next(versioned.value(), versioned.expiresAt()))
            .revision()));
    return revisions;
  }

  @Override
  public OptionalLong removeIf(K key, Versioned<V> expected, boolean expiry) {
    return conditional(key, null, Versioned.ETERNAL, expected);
  }

  @Override
  public Map<K, Long> removeAll(Collection<? extends K> keys) {
    Map<K, Long> revisions = new HashMap<>();
    keys.forEach(key ->
        revisions.put(key, entries.compute(key, (k, current) -> next(null, Versioned.ETERNAL)).revision()));
    return revisions;
  }

  @Override
  public List<K> keys() {
    return entries.entrySet().stream().filter(entry -> entry.getValue().isPresent()).map(Map.Entry::getKey).toList();
  }

  @Override
  public void compact() {}

  @Override
  public List<K> expiredKeys(long now) {
    return entries.entrySet().stream().filter(entry -> entry.getValue().isExpiredAt(now)).map(Map.Entry::getKey)
        .toList();
  }

  @Override
  public long clear() {
    long revision = lastRevision.incrementAndGet();
    entries.replaceAll((key, current) -> new Versioned<>(null, revision, Versioned.ETERNAL));
    return revision;
  }

  private OptionalLong conditional(K key, @Nullable V value, long expiresAt, Versioned<V> expected) {
    failIfAsked();
    if (rivalTurns.getAndUpdate(turns -> Math.max(0, turns - 1)) > 0) {
      entries.compute(key, (k, current) ->
          next(rival.apply(current == null ? neverWritten() : current), Versioned.ETERNAL));
    }
    long[] written = {0};
    entries.compute(key, (k, current) -> {
      long currentRevision = current == null ? 0 : current.revision();
      if (currentRevision != expected.revision()) {
        return current;
      }
      Versioned<V> next = next(value, expiresAt);
      written[0] = next.revision();
      return next;
    });
    if (written[0] == 0) {
      conflicts.incrementAndGet();
      return OptionalLong.empty();
    }
    conditionalWrites.incrementAndGet();
    return OptionalLong.of(written[0]);
  }

  private void failIfAsked() {
    RuntimeException failing = failure;
    if (failing != null) {
      failure = null;
      throw failing;
    }
  }

  private static <V> Versioned<V> neverWritten() {
    return new Versioned<>(null, 0, Versioned.ETERNAL);
  }

  private Versioned<V> next(@Nullable V value, long expiresAt) {
    return new Versioned<>(value, lastRevision.incrementAndGet(), expiresAt);
  }
}
