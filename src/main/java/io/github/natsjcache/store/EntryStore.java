package io.github.natsjcache.store;

import io.github.natsjcache.codec.CodecException;
import io.github.natsjcache.codec.EncodedKey;
import io.github.natsjcache.codec.KeyEncoding;
import io.github.natsjcache.codec.ValueCodec;
import io.github.natsjcache.entry.Entries;
import io.github.natsjcache.entry.PreparedWrite;
import io.github.natsjcache.entry.Versioned;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A bucket seen through a cache's key encoding and value codec: typed, versioned reads and writes.
 *
 * <p>Each entry carries a header naming the codec that wrote it, and a hashed key carries its full encoding
 * ({@link WireFormat}). An entry without our headers (written by another NATS client) is decoded with
 * this cache's codec.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class EntryStore<K, V> implements Entries<K, V> {

  private static final System.Logger LOG = System.getLogger(EntryStore.class.getName());

  private final Bucket bucket;
  private final KeyEncoding keys;
  private final ValueCodec<V> codec;
  private final Class<K> keyType;
  private final Class<V> valueType;
  private final String cacheName;
  private final AtomicLong unreadableReads = new AtomicLong();

  /**
   * Creates the store.
   *
   * @param bucket the cache's bucket
   * @param keys the key encoding
   * @param codec the value codec
   * @param keyType the cache's key type, to skip foreign keys of other types when listing
   * @param valueType the cache's value type, which every value written must have
   * @param cacheName the cache name, for messages
   */
  public EntryStore(Bucket bucket, KeyEncoding keys, ValueCodec<V> codec, Class<K> keyType, Class<V> valueType,
      String cacheName) {
    this.bucket = bucket;
    this.valueType = valueType;
    this.keys = keys;
    this.codec = codec;
    this.keyType = keyType;
    this.cacheName = cacheName;
  }

  @Override
  public Versioned<V> read(K key) {
    EncodedKey encoded = keys.encode(key);
    return decode(encoded, bucket.get(encoded.kvKey()));
  }

  @Override
  public Versioned<V> readFromLeader(K key, LongSupplier atLeast) {
    EncodedKey encoded = keys.encode(key);
    return decode(encoded, bucket.getFromLeader(encoded.kvKey(), atLeast));
  }

  @Override
  public Map<K, Versioned<V>> readAll(Collection<? extends K> requested) {
    Map<K, EncodedKey> encoded = encodeAll(requested);
    Map<String, StoredEntry> entries = bucket.getAll(encoded.values().stream().map(EncodedKey::kvKey).toList());
    Map<K, Versioned<V>> result = new LinkedHashMap<>();
    encoded.forEach((key, kvKey) -> {
      StoredEntry entry = entries.get(kvKey.kvKey());
      result.put(key, decode(kvKey, entry == null ? StoredEntry.NEVER_WRITTEN : entry));
    });
    return result;
  }

  /** Encodes the key and the value, and checks that the message fits the server's max_payload. */
  @Override
  public PreparedWrite<K, V> prepare(K key, V value, long expiresAt) {
    EncodedKey encoded = keys.encode(key);
    Payload payload = payload(encoded, value, expiresAt);
    bucket.checkFits(encoded.kvKey(), payload);
    return new PreparedWrite<>(key, value, expiresAt, new Encoded(encoded.kvKey(), payload), false);
  }

  @Override
  public long write(PreparedWrite<K, V> write) {
    Encoded encoded = encoded(write);
    return bucket.put(encoded.kvKey(), encoded.payload());
  }

  @Override
  public OptionalLong writeIf(PreparedWrite<K, V> write, Versioned<V> expected) {
    Encoded encoded = encoded(write);
    return bucket.putIfRevision(encoded.kvKey(), encoded.payload(), expected.revision());
  }

  /**
   * The form {@link #prepare} made; a write another layer made as it is, is encoded now. An access's write carries
   * {@link WireFormat#ACCESS_HEADER} too, and is checked against max_payload again with it.
   */
  private Encoded encoded(PreparedWrite<K, V> write) {
    Encoded encoded;
    if (write.form() instanceof Encoded prepared) {
      encoded = prepared;
    } else {
      EncodedKey key = keys.encode(write.key());
      encoded = new Encoded(key.kvKey(), payload(key, write.value(), write.expiresAt()));
    }
    if (!write.access()) {
      return encoded;
    }
    Map<String, String> headers = new HashMap<>(encoded.payload().headers());
    headers.put(WireFormat.ACCESS_HEADER, "true");
    Payload marked = new Payload(encoded.payload().value(), headers);
    bucket.checkFits(encoded.kvKey(), marked);
    return new Encoded(encoded.kvKey(), marked);
  }

  /** A value prepared for the bucket: its key as a KV key and the message to publish. */
  private record Encoded(String kvKey, Payload payload) {}

  @Override
  public Map<K, Long> writeAll(Map<K, Versioned<V>> values) {
    Map<String, Payload> payloads = new LinkedHashMap<>();
    Map<String, K> byKvKey = new HashMap<>();
    values.forEach((key, versioned) -> {
      EncodedKey encoded = keys.encode(key);
      payloads.put(encoded.kvKey(), payload(encoded, Objects.requireNonNull(versioned.value()),
          versioned.expiresAt()));
      byKvKey.put(encoded.kvKey(), key);
    });
    Map<K, Long> revisions = new HashMap<>();
    bucket.putAll(payloads).forEach((kvKey, revision) ->
        revisions.put(Objects.requireNonNull(byKvKey.get(kvKey)), revision));
    return revisions;
  }

  @Override
  public OptionalLong removeIf(K key, Versioned<V> expected, boolean expiry) {
    return bucket.deleteIfRevision(keys.encode(key).kvKey(), expected.revision(),
        expiry ? Map.of(WireFormat.EXPIRED_HEADER, "true") : Map.of());
  }

  @Override
  public Map<K, Long> removeAll(Collection<? extends K> removed) {
    Map<String, K> byKvKey = new LinkedHashMap<>();
    encodeAll(removed).forEach((key, encoded) -> byKvKey.put(encoded.kvKey(), key));
    Map<K, Long> revisions = new HashMap<>();
    bucket.deleteAll(byKvKey.keySet()).forEach((kvKey, revision) ->
        revisions.put(Objects.requireNonNull(byKvKey.get(kvKey)), revision));
    return revisions;
  }

  /**
   * The keys holding a value now, decoded. Keys that no cache of this key type wrote (another client's keys of
   * another shape, or keys no NATS client can read back) are left out.
   */
  @Override
  public List<K> keys() {
    List<K> result = new ArrayList<>();
    for (Bucket.ListedKey listed : bucket.keys()) {
      String kvKey = listed.key();
      if (!KeyEncoding.isValidKvKey(kvKey)) {
        continue;
      }
      String fullForm = KeyEncoding.isHashed(kvKey) ? fullFormOf(listed) : null;
      K key = decodeKey(kvKey, fullForm);
      if (key != null) {
        result.add(key);
      }
    }
    return result;
  }

  /** A hashed key's full form, as the listing saw it, else read: the listing's pass can miss a key changed meanwhile. */
  private @Nullable String fullFormOf(Bucket.ListedKey listed) {
    String seen = listed.fullForm();
    return seen != null ? seen : bucket.get(listed.key()).headers().get(WireFormat.KEY_HEADER);
  }

  @Override
  public List<K> expiredKeys(long now) {
    if (bucket.expiresValues()) {
      return List.of(); // the server drops them, and every watch hears it
    }
    List<K> expired = new ArrayList<>();
    bucket.lastHeaders().forEach((kvKey, entry) -> {
      if (KeyEncoding.isValidKvKey(kvKey) && expiresAt(entry) <= now) {
        K key = decodeKey(kvKey, entry.headers().get(WireFormat.KEY_HEADER));
        if (key != null) {
          expired.add(key);
        }
      }
    });
    return expired;
  }

  /** The key a watched change is about, or {@code null} when no key of this cache's type encodes to it. */
  public @Nullable K keyOf(Change change) {
    if (!KeyEncoding.isValidKvKey(change.key())) {
      return null;
    }
    return decodeKey(change.key(), change.headers().get(WireFormat.KEY_HEADER));
  }

  /** The value a watched change wrote, or {@code null} for a removal, a headers-only watch or an unreadable value. */
  public @Nullable V valueOf(Change change) {
    return decoded(change.value(), change.headers().get(WireFormat.CODEC_HEADER));
  }

  /** The value a change replaced, or {@code null} when it is unreadable. */
  public @Nullable V valueOf(Change.Before before) {
    return decoded(before.value(), before.codec());
  }

  private @Nullable V decoded(byte @Nullable [] bytes, @Nullable String writtenWith) {
    if (bytes == null || (writtenWith != null && !writtenWith.equals(codec.name()))) {
      return null;
    }
    try {
      return codec.decode(bytes);
    } catch (CodecException e) {
      return null;
    }
  }

  @Override
  public void compact() {
    bucket.compact();
  }

  @Override
  public long clear() {
    return bucket.purge();
  }

  private @Nullable K decodeKey(String kvKey, @Nullable String fullForm) {
    try {
      Object key = keys.decode(kvKey, fullForm, keyType);
      return keyType.isInstance(key) ? keyType.cast(key) : null;
    } catch (CodecException e) {
      return null;
    }
  }

  private Map<K, EncodedKey> encodeAll(Collection<? extends K> requested) {
    Map<K, EncodedKey> encoded = new LinkedHashMap<>();
    for (K key : requested) {
      encoded.put(key, keys.encode(key));
    }
    return encoded;
  }

  private Payload payload(EncodedKey key, V value, long expiresAt) {
    // The cache's own methods check types; an entry processor's setValue or a loader's result come here unchecked
    // (a raw or unchecked cast), and must not be stored, nor shared by a near-cache that trusts the type.
    if (!valueType.isInstance(value)) {
      throw new ClassCastException("Cache '" + cacheName + "' takes values of type " + valueType.getName() + ", not "
          + value.getClass().getName() + "; nothing was stored");
    }
    Map<String, String> headers = new HashMap<>();
    headers.put(WireFormat.CODEC_HEADER, codec.name());
    if (key.fullForm() != null) {
      headers.put(WireFormat.KEY_HEADER, key.fullForm());
    }
    if (expiresAt != Versioned.ETERNAL) {
      headers.put(WireFormat.EXPIRES_HEADER, Long.toString(expiresAt));
      if (bucket.expiresValues()) {
        // The server's clock and whole seconds: a second after the deadline, so every node's own check comes first.
        long millisLeft = Math.max(0, expiresAt - System.currentTimeMillis());
        headers.put(WireFormat.TTL_HEADER, WireFormat.ttl(Duration.ofMillis(millisLeft).plusSeconds(2)));
      }
    }
    try {
      return new Payload(codec.encode(value), headers);
    } catch (CodecException e) {
      throw new CodecException("Cannot store the value for key " + key.kvKey() + " in cache '" + cacheName
          + "': " + e.getMessage(), e);
    } catch (ClassCastException e) {
      throw new ClassCastException("The " + codec.name() + " codec of cache '" + cacheName + "' cannot store a "
          + value.getClass().getName());
    }
  }

  private Versioned<V> decode(EncodedKey key, StoredEntry entry) {
    byte[] bytes = entry.value();
    if (bytes == null || !sameKey(key, entry)) {
      return new Versioned<>(null, entry.revision(), Versioned.ETERNAL);
    }
    String writtenWith = entry.headers().get(WireFormat.CODEC_HEADER);
    if (writtenWith != null && !writtenWith.equals(codec.name())) {
      return unreadable(key, entry, "it was written with codec " + writtenWith + ", but the cache uses codec "
          + codec.name());
    }
    try {
      return new Versioned<>(codec.decode(bytes), entry.revision(), expiresAt(entry));
    } catch (CodecException | ClassCastException e) {
      return unreadable(key, entry, e.getMessage());
    }
  }

  /**
   * An entry this cache cannot read (another client's bytes, a value class changed in a rolling deploy, another codec)
   * reads as a miss at its revision, so that it can be overwritten (conditioned on that revision) and every other key
   * stays usable: one such entry must not stop a {@code getAll}, an iteration or a sweep. Each read of one is logged.
   */
  private Versioned<V> unreadable(EncodedKey key, StoredEntry entry, @Nullable String why) {
    long count = unreadableReads.incrementAndGet();
    LOG.log(System.Logger.Level.WARNING, "The entry for key " + key.kvKey() + " of cache '" + cacheName + "' (revision "
        + entry.revision() + ") cannot be read, so it reads as a miss: " + why + " (" + count
        + " unreadable read(s) in this cache so far)");
    return new Versioned<>(null, entry.revision(), Versioned.ETERNAL);
  }

  /** How many reads found an entry this cache cannot read. */
  public long unreadableReads() {
    return unreadableReads.get();
  }

  /** The entry's deadline; a missing or unreadable header (another client's entry) means eternal. */
  private static long expiresAt(StoredEntry entry) {
    String header = entry.headers().get(WireFormat.EXPIRES_HEADER);
    if (header == null) {
      return Versioned.ETERNAL;
    }
    try {
      return Long.parseLong(header);
    } catch (NumberFormatException e) {
      return Versioned.ETERNAL;
    }
  }

  /** A hashed key's entry is ours only if it holds our full key: anything else is a hash collision. */
  private static boolean sameKey(EncodedKey key, StoredEntry entry) {
    return key.fullForm() == null || key.fullForm().equals(entry.headers().get(WireFormat.KEY_HEADER));
  }
}
