package io.github.natsjcache.integration;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.jspecify.annotations.Nullable;

/**
 * A cache's {@link CacheLoader}, with what it throws wrapped in {@link CacheLoaderException} as the spec requires.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ReadThrough<K, V> {

  private final CacheLoader<K, V> loader;
  private final boolean onMiss;

  /**
   * Wraps a loader.
   *
   * @param loader the configured loader
   * @param onMiss whether misses of {@code get}, {@code getAll} and {@code invoke} load (read-through); when false,
   *     only {@code loadAll} uses the loader
   */
  public ReadThrough(CacheLoader<K, V> loader, boolean onMiss) {
    this.loader = loader;
    this.onMiss = onMiss;
  }

  /** Whether misses load. */
  public boolean loadsOnMiss() {
    return onMiss;
  }

  /** Loads one key; {@code null} when the loader has no value for it. */
  public @Nullable V load(K key) {
    try {
      return loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("The CacheLoader failed to load " + key, e);
    }
  }

  /** Loads many keys; the result holds only the keys the loader found a (non-null) value for. */
  public Map<K, V> loadAll(Set<? extends K> keys) {
    Map<K, V> loaded;
    try {
      loaded = loader.loadAll(keys);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("The CacheLoader failed to load " + keys.size() + " keys", e);
    }
    Map<K, V> found = new HashMap<>();
    if (loaded != null) {
      loaded.forEach((key, value) -> {
        if (key != null && value != null) {
          found.put(key, value);
        }
      });
    }
    return found;
  }

  /** The wrapped loader, which the cache closes with itself when it is {@link java.io.Closeable}. */
  public CacheLoader<K, V> loader() {
    return loader;
  }
}
