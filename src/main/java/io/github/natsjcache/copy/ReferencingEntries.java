package io.github.natsjcache.copy;

import io.github.natsjcache.codec.KeyEncoding;
import io.github.natsjcache.codec.UnencodableKeyException;
import io.github.natsjcache.entry.Entries;
import io.github.natsjcache.entry.PreparedWrite;
import io.github.natsjcache.entry.Versioned;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Store-by-reference for one node: a read returns the very instance this node stored, as long as the bucket still
 * holds the revision that instance was written at.
 *
 * <p>Every read still asks the bucket for the key's current revision, so a write from any other node (or client)
 * shows at once: its revision differs, and the decoded copy of its value is returned. Only this node's own writes
 * come back as the same object. The table keeps the most recently used {@code capacity} instances; past that, a read
 * returns a decoded copy, as a store-by-value cache would.
 *
 * <p>A key with no bucket form (one that is not serializable, which store-by-reference allows) is kept on this node
 * only, in {@link LocalEntries}: other nodes cannot see it.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ReferencingEntries<K, V> implements Entries<K, V> {

  private final Entries<K, V> bucket;
  private final KeyEncoding keys;
  private final Map<K, Versioned<V>> instances;
  private final LocalEntries<K, V> local = new LocalEntries<>();

  /**
   * Wraps a cache's entries.
   *
   * @param bucket the entries in the bucket
   * @param keys the key encoding, which tells the keys that have no bucket form
   * @param capacity how many instances this node keeps
   */
  public ReferencingEntries(Entries<K, V> bucket, KeyEncoding keys, int capacity) {
    this.bucket = bucket;
    this.keys = keys;
    this.instances = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, /* accessOrder= */ true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Versioned<V>> eldest) {
        return size() > capacity;
      }
    });
  }

  @Override
  public Versioned<V> read(K key) {
    try {
      return ownInstance(key, bucket.read(key));
    } catch (UnencodableKeyException e) {
      return local.read(key);
    }
  }

  @Override
  public Map<K, Versioned<V>> readAll(Collection<? extends K> keys) {
    Map<K, Versioned<V>> read = new LinkedHashMap<>();
    List<K> shared = new ArrayList<>();
    for (K key : keys) {
      if (isShared(key)) {
        shared.add(key);
      } else {
        read.put(key, local.read(key));
      }
    }
    bucket.readAll(shared).forEach((key, versioned) -> read.put(key, ownInstance(key, versioned)));
    return read;
  }

  /** A key with no bucket form has its value kept as it is, in {@link LocalEntries}. */
  @Override
  public PreparedWrite<K, V> prepare(K key, V value, long expiresAt) {
    try {
      return bucket.prepare(key, value, expiresAt);
    } catch (UnencodableKeyException e) {
      return PreparedWrite.asIs(key, value, expiresAt);
    }
  }

  @Override
  public long write(PreparedWrite<K, V> write) {
    try {
      long revision = bucket.write(write);
      instances.put(write.key(), new Versioned<>(write.value(), revision, write.expiresAt()));
      return revision;
    } catch (UnencodableKeyException e) {
      return local.write(write.key(), write.value(), write.expiresAt());
    }
  }

  @Override
  public OptionalLong writeIf(PreparedWrite<K, V> write, Versioned<V> expected) {
    try {
      OptionalLong revision = bucket.writeIf(write, expected);
      revision.ifPresent(written -> instances.put(write.key(), new Versioned<>(write.value(), written,
          write.expiresAt())));
      return revision;
    } catch (UnencodableKeyException e) {
      return local.writeIf(write.key(), write.value(), write.expiresAt(), expected.revision());
    }
  }

  @Override
  public Map<K, Long> writeAll(Map<K, Versioned<V>> values) {
    Map<K, Versioned<V>> shared = new LinkedHashMap<>();
    Map<K, Long> revisions = new HashMap<>();
    values.forEach((key, versioned) -> {
      if (isShared(key)) {
        shared.put(key, versioned);
      } else {
        revisions.put(key, local.write(key, Objects.requireNonNull(versioned.value()), versioned.expiresAt()));
      }
    });
    revisions.putAll(bucket.writeAll(shared));
    revisions.forEach((key, revision) -> {
      Versioned<V> written = values.get(key);
      if (written != null) {
        instances.put(key, new Versioned<>(written.value(), revision, written.expiresAt()));
      }
    });
    return revisions;
  }

  @Override
  public OptionalLong removeIf(K key, Versioned<V> expected, boolean expiry) {
    instances.remove(key);
    try {
      return bucket.removeIf(key, expected, expiry);
    } catch (UnencodableKeyException e) {
      return local.removeIf(key, expected.revision());
    }
  }

  @Override
  public Map<K, Long> removeAll(Collection<? extends K> keys) {
    List<K> shared = new ArrayList<>();
    for (K key : keys) {
      instances.remove(key);
      if (isShared(key)) {
        shared.add(key);
      } else {
        local.remove(key);
      }
    }
    return bucket.removeAll(shared);
  }

  @Override
  public List<K> keys() {
    List<K> keys = new ArrayList<>(bucket.keys());
    keys.addAll(local.keys());
    return keys;
  }

  @Override
  public void compact() {
    bucket.compact();
  }

  @Override
  public List<K> expiredKeys(long now) {
    List<K> expired = new ArrayList<>(bucket.expiredKeys(now));
    expired.addAll(local.expiredKeys(now));
    return expired;
  }

  @Override
  public long clear() {
    instances.clear();
    local.clear();
    return bucket.clear();
  }

  /** Whether a key has a bucket form; the others live in {@link LocalEntries}. */
  private boolean isShared(K key) {
    try {
      keys.encode(key);
      return true;
    } catch (UnencodableKeyException e) {
      return false;
    }
  }

  /** The instance this node wrote, if the bucket still holds its revision; else what the bucket returned. */
  private Versioned<V> ownInstance(K key, Versioned<V> fromBucket) {
    Versioned<V> own = instances.get(key);
    if (own == null || !fromBucket.isPresent() || own.revision() != fromBucket.revision()) {
      return fromBucket;
    }
    return new Versioned<>(own.value(), fromBucket.revision(), fromBucket.expiresAt());
  }
}
