package io.github.natsjcache;

import io.github.natsjcache.event.EventDispatcher;
import io.github.natsjcache.processor.Applied;
import io.github.natsjcache.processor.ConditionalWriter;
import io.github.natsjcache.processor.Decision;
import io.github.natsjcache.processor.Invocation;
import io.github.natsjcache.store.BucketStatus;
import io.github.natsjcache.store.EntryStore;
import io.github.natsjcache.store.Versioned;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.EventType;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import org.jspecify.annotations.Nullable;

/**
 * A JCache {@link Cache} whose entries live in a NATS JetStream KV bucket.
 *
 * <p>Every mutation returns after JetStream acknowledged it. Conditional operations ({@code putIfAbsent},
 * {@code replace}, {@code remove(k, v)}, the {@code getAndX} family, {@code invoke}) read the key with its revision
 * and write conditioned on it, retrying on conflict, so they are linearizable per key across every node. Bulk
 * operations pipeline their requests.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class NatsCache<K, V> implements Cache<K, V> {

  private final String name;
  private final NatsCacheManager manager;
  private final MutableConfiguration<K, V> configuration;
  private final EntryStore<K, V> entries;
  private final ConditionalWriter<K, V> writer;
  private final EventDispatcher<K, V> events;
  private volatile boolean closed;

  NatsCache(String name, NatsCacheManager manager, MutableConfiguration<K, V> configuration,
      EntryStore<K, V> entries) {
    this.name = name;
    this.manager = manager;
    this.configuration = configuration;
    this.entries = entries;
    this.writer = new ConditionalWriter<>(entries);
    this.events = new EventDispatcher<>(this);
  }

  @Override
  public @Nullable V get(K key) {
    checkOpen();
    requireKey(key);
    return entries.read(key).value();
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    checkOpen();
    keys.forEach(this::requireKey);
    Map<K, V> present = new LinkedHashMap<>();
    entries.readAll(keys).forEach((key, versioned) -> {
      V value = versioned.value();
      if (value != null) {
        present.put(key, value);
      }
    });
    return present;
  }

  @Override
  public boolean containsKey(K key) {
    checkOpen();
    requireKey(key);
    return entries.read(key).isPresent();
  }

  /**
   * Completes at once: read-through loading is not part of this version, so no loader is ever called.
   *
   * @throws NullPointerException if {@code keys} or one of them is null
   */
  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
      @Nullable CompletionListener completionListener) {
    checkOpen();
    keys.forEach(this::requireKey);
    if (completionListener != null) {
      completionListener.onCompletion();
    }
  }

  @Override
  public void put(K key, V value) {
    checkOpen();
    requireEntry(key, value);
    if (events.hasListeners()) {
      publish(key, writer.update(key, current -> Decision.put(value, null)));
    } else {
      entries.write(key, value);
    }
  }

  @Override
  public @Nullable V getAndPut(K key, V value) {
    checkOpen();
    requireEntry(key, value);
    return update(key, current -> Decision.put(value, current.value()));
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    checkOpen();
    map.forEach(this::requireEntry);
    if (!events.hasListeners()) {
      entries.writeAll(map);
      return;
    }
    Map<K, Versioned<V>> before = entries.readAll(map.keySet());
    entries.writeAll(map);
    map.forEach((key, value) -> {
      Versioned<V> previous = before.get(key);
      V oldValue = previous == null ? null : previous.value();
      events.publish(oldValue == null ? EventType.CREATED : EventType.UPDATED, key, value, oldValue);
    });
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    checkOpen();
    requireEntry(key, value);
    return isTrue(update(key, current -> current.isPresent()
        ? Decision.keep(false) : Decision.put(value, true)));
  }

  @Override
  public boolean remove(K key) {
    checkOpen();
    requireKey(key);
    return isTrue(update(key, current -> current.isPresent() ? Decision.remove(true) : Decision.keep(false)));
  }

  @Override
  public boolean remove(K key, V oldValue) {
    checkOpen();
    requireEntry(key, oldValue);
    return isTrue(update(key, current -> oldValue.equals(current.value())
        ? Decision.remove(true) : Decision.keep(false)));
  }

  @Override
  public @Nullable V getAndRemove(K key) {
    checkOpen();
    requireKey(key);
    return update(key, current -> current.isPresent()
        ? Decision.remove(current.value()) : Decision.keep(null));
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    checkOpen();
    requireEntry(key, oldValue);
    requireEntry(key, newValue);
    return isTrue(update(key, current -> oldValue.equals(current.value())
        ? Decision.put(newValue, true) : Decision.keep(false)));
  }

  @Override
  public boolean replace(K key, V value) {
    checkOpen();
    requireEntry(key, value);
    return isTrue(update(key, current -> current.isPresent()
        ? Decision.put(value, true) : Decision.keep(false)));
  }

  @Override
  public @Nullable V getAndReplace(K key, V value) {
    checkOpen();
    requireEntry(key, value);
    return update(key, current -> current.isPresent()
        ? Decision.put(value, current.value()) : Decision.keep(null));
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    checkOpen();
    keys.forEach(this::requireKey);
    if (!events.hasListeners()) {
      entries.removeAll(keys);
      return;
    }
    Map<K, Versioned<V>> before = entries.readAll(keys);
    entries.removeAll(keys);
    before.forEach((key, previous) -> {
      V oldValue = previous.value();
      if (oldValue != null) {
        events.publish(EventType.REMOVED, key, oldValue, oldValue);
      }
    });
  }

  /** Removes every entry, one by one, with events (unlike {@link #clear()}). */
  @Override
  public void removeAll() {
    checkOpen();
    removeAll(Set.copyOf(entries.keys()));
  }

  /** Empties the bucket at once (a stream purge), without events. */
  @Override
  public void clear() {
    checkOpen();
    entries.clear();
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    MutableConfiguration<K, V> copy = new MutableConfiguration<>(configuration);
    if (clazz.isInstance(copy)) {
      return clazz.cast(copy);
    }
    throw new IllegalArgumentException("The configuration of cache '" + name + "' is not a " + clazz.getName());
  }

  @Override
  public <T> @Nullable T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    checkOpen();
    requireKey(key);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    return update(key, Invocation.of(key, entryProcessor, arguments));
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    checkOpen();
    keys.forEach(this::requireKey);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T result = invoke(key, entryProcessor, arguments);
        if (result != null) {
          results.put(key, () -> result);
        }
      } catch (EntryProcessorException e) {
        results.put(key, () -> {
          throw e;
        });
      }
    }
    return results;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  /** Closes this node's handle; the bucket and its entries stay for the other nodes. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    events.close();
    manager.release(this);
  }

  /**
   * What {@code nats kv status} shows of this cache's bucket: its name (also what {@code nats kv ls} lists), how many
   * messages and bytes it holds, its storage and replicas.
   */
  public BucketStatus bucketStatus() {
    checkOpen();
    return entries.status();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("A NatsCache is not a " + clazz.getName());
  }

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    checkOpen();
    Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
    events.register(listenerConfiguration);
    configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    checkOpen();
    Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
    events.deregister(listenerConfiguration);
    configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
  }

  /** Iterates over the keys present when the iteration starts, reading each value as it goes. */
  @Override
  public Iterator<Entry<K, V>> iterator() {
    checkOpen();
    return new EntryIterator(entries.keys());
  }

  /** The live configuration, for the manager's type checks. */
  Configuration<K, V> configuration() {
    return configuration;
  }

  void setStatisticsEnabled(boolean enabled) {
    configuration.setStatisticsEnabled(enabled);
  }

  void setManagementEnabled(boolean enabled) {
    configuration.setManagementEnabled(enabled);
  }

  /** Applies a conditional decision and publishes the event it caused; returns the decision's result. */
  private <R> @Nullable R update(K key, Function<Versioned<V>, Decision<V, R>> decide) {
    Applied<V, R> applied = writer.update(key, decide);
    publish(key, applied);
    return applied.decision().result();
  }

  private void publish(K key, Applied<V, ?> applied) {
    if (!applied.changed()) {
      return;
    }
    V oldValue = applied.previous().value();
    V newValue = applied.decision().value();
    if (newValue == null) {
      events.publish(EventType.REMOVED, key, oldValue, oldValue);
    } else {
      events.publish(oldValue == null ? EventType.CREATED : EventType.UPDATED, key, newValue, oldValue);
    }
  }

  private static boolean isTrue(@Nullable Boolean result) {
    return Boolean.TRUE.equals(result);
  }

  private void requireKey(K key) {
    Objects.requireNonNull(key, "a cache key must not be null");
    if (!configuration.getKeyType().isInstance(key)) {
      throw new ClassCastException("Cache '" + name + "' takes keys of type "
          + configuration.getKeyType().getName() + ", not " + key.getClass().getName());
    }
  }

  private void requireEntry(K key, V value) {
    requireKey(key);
    Objects.requireNonNull(value, "a cache value must not be null");
    if (!configuration.getValueType().isInstance(value)) {
      throw new ClassCastException("Cache '" + name + "' takes values of type "
          + configuration.getValueType().getName() + ", not " + value.getClass().getName());
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("Cache '" + name + "' is closed");
    }
  }

  /** Walks a snapshot of the keys; entries removed meanwhile are skipped. */
  private final class EntryIterator implements Iterator<Entry<K, V>> {

    private final Iterator<K> keys;
    private @Nullable NatsCacheEntry<K, V> next;
    private @Nullable K lastReturned;

    EntryIterator(List<K> keys) {
      this.keys = keys.iterator();
    }

    @Override
    public boolean hasNext() {
      while (next == null && keys.hasNext()) {
        K key = keys.next();
        V value = entries.read(key).value();
        if (value != null) {
          next = new NatsCacheEntry<>(key, value);
        }
      }
      return next != null;
    }

    @Override
    public Entry<K, V> next() {
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
      K key = lastReturned;
      if (key == null) {
        throw new IllegalStateException("next() has not returned an entry to remove");
      }
      lastReturned = null;
      NatsCache.this.remove(key);
    }
  }
}
