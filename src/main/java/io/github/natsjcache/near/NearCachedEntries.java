package io.github.natsjcache.near;

import io.github.natsjcache.codec.ValueCodec;
import io.github.natsjcache.copy.ValueCopier;
import io.github.natsjcache.entry.Entries;
import io.github.natsjcache.entry.MemoryReads;
import io.github.natsjcache.entry.PreparedWrite;
import io.github.natsjcache.entry.Versioned;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A cache's entries with a {@link NearCache} in front: reads this node can prove fresh are served from memory, every
 * other read goes to the bucket and is kept for the next one, a miss as well as a value.
 *
 * <ul>
 *   <li>Read-your-writes: a successful write installs its value at its new revision at once.
 *   <li>Never backwards: a fetched revision older than one this node already knows for the key (its own write, a
 *       read, or its watch) came from a lagging replica, since a direct get may be answered by any replica of the
 *       bucket. It is read again from the stream's leader, which stored every acknowledged write, and the leader's
 *       answer is returned: at least as new, unless the newer messages are gone (a {@code clear}, a delete marker
 *       past its lifetime, a bucket created anew), and then the key's absence or its new value is the truth, and
 *       the newer revision this node knew is of no use (such an answer is not kept, so the next read asks again).
 *       A leader's value older than what the node knows is asked for again: a leader just elected may not have
 *       applied it yet (nats-server 2.9 answers before it has).
 *   <li>A conditional write that lost to another writer drops the key's slot, so the retry reads the bucket.
 *   <li>Store-by-value holds: what is kept and what is returned are separate copies (immutable types excepted).
 * </ul>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class NearCachedEntries<K, V> implements Entries<K, V> {

  private final Entries<K, V> bucket;
  private final NearCache<K, V> near;
  private final ValueCopier<V> copier;

  /**
   * Puts a near-cache in front of a cache's entries.
   *
   * @param bucket the entries in the bucket
   * @param near the near-cache, kept fresh by the bucket's watch
   * @param codec the value codec, which copies mutable values
   * @param valueType the configured value type: values of an immutable type are never copied
   */
  public NearCachedEntries(Entries<K, V> bucket, NearCache<K, V> near, ValueCodec<V> codec, Class<V> valueType) {
    this.bucket = bucket;
    this.near = near;
    this.copier = new ValueCopier<>(codec, valueType);
  }

  @Override
  public Versioned<V> read(K key) {
    Versioned<V> hit = cached(key);
    return hit != null ? hit : readFresh(key);
  }

  @Override
  public @Nullable Versioned<V> cached(K key) {
    Versioned<V> hit = near.cached(key);
    return hit == null ? null : copy(hit);
  }

  /** The near-cache itself when no value needs a copy: a hit then passes through nothing of this layer. */
  @Override
  public MemoryReads<K, V> memoryReads() {
    return copier.copiesNothing() ? near : this;
  }

  @Override
  public Versioned<V> readFresh(K key) {
    long stamp = near.fetchStamp();
    return keep(key, bucket.readFresh(key), stamp);
  }

  /** A fetch, or the leader's answer if the fetch is behind what this node knows; kept for the next read. */
  private Versioned<V> keep(K key, Versioned<V> fetched, long stamp) {
    Versioned<V> fresh = near.isBehind(key, fetched) ? bucket.readFromLeader(key, () -> near.newestKnown(key))
        : fetched;
    near.install(key, copy(fresh), stamp);
    return fresh;
  }

  @Override
  public Map<K, Versioned<V>> readAll(Collection<? extends K> keys) {
    Map<K, Versioned<V>> read = new LinkedHashMap<>();
    List<K> missed = new ArrayList<>();
    for (K key : keys) {
      Versioned<V> hit = near.cached(key);
      if (hit != null) {
        read.put(key, copy(hit));
      } else {
        missed.add(key);
      }
    }
    long stamp = near.fetchStamp();
    bucket.readAll(missed).forEach((key, fetched) -> read.put(key, keep(key, fetched, stamp)));
    return read;
  }

  @Override
  public PreparedWrite<K, V> prepare(K key, V value, long expiresAt) {
    return bucket.prepare(key, value, expiresAt);
  }

  @Override
  public long write(PreparedWrite<K, V> write) {
    long stamp = near.fetchStamp();
    long revision = bucket.write(write);
    near.install(write.key(), new Versioned<>(copier.copy(write.value()), revision, write.expiresAt()), stamp);
    return revision;
  }

  @Override
  public OptionalLong writeIf(PreparedWrite<K, V> write, Versioned<V> expected) {
    long stamp = near.fetchStamp();
    OptionalLong revision = bucket.writeIf(write, expected);
    if (revision.isPresent()) {
      near.install(write.key(), new Versioned<>(copier.copy(write.value()), revision.getAsLong(), write.expiresAt()),
          stamp);
    } else {
      near.forget(write.key());
    }
    return revision;
  }

  @Override
  public Map<K, Long> writeAll(Map<K, Versioned<V>> values) {
    long stamp = near.fetchStamp();
    Map<K, Long> revisions = bucket.writeAll(values);
    revisions.forEach((key, revision) -> {
      Versioned<V> written = values.get(key);
      if (written != null && written.value() != null) {
        near.install(key, new Versioned<>(copier.copy(Objects.requireNonNull(written.value())), revision,
            written.expiresAt()), stamp);
      }
    });
    return revisions;
  }

  @Override
  public OptionalLong removeIf(K key, Versioned<V> expected, boolean expiry) {
    long stamp = near.fetchStamp();
    OptionalLong revision = bucket.removeIf(key, expected, expiry);
    if (revision.isPresent()) {
      near.removed(key, revision.getAsLong(), stamp);
    } else {
      near.forget(key);
    }
    return revision;
  }

  @Override
  public Map<K, Long> removeAll(Collection<? extends K> keys) {
    long stamp = near.fetchStamp();
    Map<K, Long> revisions = bucket.removeAll(keys);
    revisions.forEach((key, revision) -> near.removed(key, revision, stamp));
    return revisions;
  }

  @Override
  public List<K> keys() {
    return bucket.keys();
  }

  @Override
  public void compact() {
    bucket.compact();
  }

  @Override
  public List<K> expiredKeys(long now) {
    return bucket.expiredKeys(now);
  }

  @Override
  public long clear() {
    long revision = bucket.clear();
    near.clear(revision);
    return revision;
  }

  private Versioned<V> copy(Versioned<V> versioned) {
    V value = versioned.value();
    if (value == null || copier.isImmutable(value)) {
      return versioned;
    }
    return new Versioned<>(copier.copy(value), versioned.revision(), versioned.expiresAt());
  }
}
