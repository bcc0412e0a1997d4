package io.github.natsjcache.integration;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import org.jspecify.annotations.Nullable;

/**
 * A cache's {@link CacheWriter}: called before the bucket changes, so that a failing writer leaves the cache as it
 * was, with what it throws wrapped in {@link CacheWriterException}.
 *
 * <p>The batch methods follow the spec's partial-failure rule: the writer removes from the collection what it wrote;
 * what is left when it throws failed, and only that stays unchanged in the cache.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class WriteThrough<K, V> {

  private final CacheWriter<K, V> writer;

  /**
   * Wraps a writer.
   *
   * @param writer the configured writer
   */
  @SuppressWarnings("unchecked") // a writer of supertypes writes entries of K and V
  public WriteThrough(CacheWriter<? super K, ? super V> writer) {
    this.writer = (CacheWriter<K, V>) writer;
  }

  /** Writes one entry. */
  public void write(K key, V value) {
    try {
      writer.write(new WrittenEntry<>(key, value));
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("The CacheWriter failed to write " + key, e);
    }
  }

  /** Deletes one key. */
  public void delete(K key) {
    try {
      writer.delete(key);
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("The CacheWriter failed to delete " + key, e);
    }
  }

  /**
   * Brings the writer to the state that stands for a key, after it saw a write that did not take effect: the value
   * written again, or the key deleted when it has none.
   */
  public void restore(K key, @Nullable V standing) {
    if (standing != null) {
      write(key, standing);
    } else {
      delete(key);
    }
  }

  /**
   * Writes many entries.
   *
   * @param entries the entries to write
   * @param written receives the keys the writer wrote, also when it then throws
   * @throws CacheWriterException after {@code written} is filled, if the writer failed on some entries
   */
  public void writeAll(Map<K, V> entries, Set<K> written) {
    List<Cache.Entry<? extends K, ? extends V>> pending = new ArrayList<>();
    entries.forEach((key, value) -> pending.add(new WrittenEntry<>(key, value)));
    try {
      writer.writeAll(pending);
      written.addAll(entries.keySet());
    } catch (RuntimeException e) {
      Set<K> failed = new LinkedHashSet<>();
      pending.forEach(entry -> failed.add(entry.getKey()));
      entries.keySet().stream().filter(key -> !failed.contains(key)).forEach(written::add);
      throw e instanceof CacheWriterException writerException ? writerException
          : new CacheWriterException("The CacheWriter failed to write " + failed.size() + " entries", e);
    }
  }

  /**
   * Deletes many keys.
   *
   * @param keys the keys to delete
   * @param deleted receives the keys the writer deleted, also when it then throws
   * @throws CacheWriterException after {@code deleted} is filled, if the writer failed on some keys
   */
  public void deleteAll(Collection<K> keys, Set<K> deleted) {
    List<Object> pending = new ArrayList<>(keys);
    try {
      writer.deleteAll(pending);
      deleted.addAll(keys);
    } catch (RuntimeException e) {
      keys.stream().filter(key -> !pending.contains(key)).forEach(deleted::add);
      throw e instanceof CacheWriterException writerException ? writerException
          : new CacheWriterException("The CacheWriter failed to delete " + pending.size() + " keys", e);
    }
  }

  /** The wrapped writer, which the cache closes with itself when it is {@link java.io.Closeable}. */
  public CacheWriter<K, V> writer() {
    return writer;
  }

  /** The entry a writer receives. */
  private record WrittenEntry<K, V>(K key, V value) implements Cache.Entry<K, V> {

    @Override
    public K getKey() {
      return key;
    }

    @Override
    public V getValue() {
      return value;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
      if (clazz.isInstance(this)) {
        return clazz.cast(this);
      }
      throw new IllegalArgumentException("A written entry is not a " + clazz.getName());
    }
  }
}
