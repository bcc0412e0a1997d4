package io.github.natsjcache;

import io.github.natsjcache.OutcomeReporter.Lookup;
import io.github.natsjcache.event.EventDispatcher;
import io.github.natsjcache.integration.ReadThrough;
import io.github.natsjcache.management.CacheConfigurationBean;
import io.github.natsjcache.management.CacheStatistics;
import io.github.natsjcache.management.JmxRegistration;
import io.github.natsjcache.management.NearCacheStatistics;
import io.github.natsjcache.processor.Applied;
import io.github.natsjcache.processor.ConditionalWriter;
import io.github.natsjcache.processor.Decision;
import io.github.natsjcache.processor.Invocation;
import io.github.natsjcache.store.BucketStatus;
import io.github.natsjcache.store.BucketWatch;
import io.github.natsjcache.store.Entries;
import io.github.natsjcache.store.Versioned;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import org.jspecify.annotations.Nullable;

/**
 * A JCache {@link Cache} whose entries live in a NATS JetStream KV bucket.
 *
 * <p>Every mutation returns after JetStream acknowledged it. Single-key operations go through one
 * {@link ConditionalWriter}: read with revision and deadline, decide, write through, write conditioned on the
 * revision, retry on conflict; so they are linearizable per key across every node. Bulk operations pipeline their
 * requests ({@link BulkOperations}).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class NatsCache<K, V> implements Cache<K, V> {

  private final String name;
  private final NatsCacheManager manager;
  private final MutableConfiguration<K, V> configuration;
  private final CacheParts<K, V> parts;
  private final Entries<K, V> entries;
  private final ConditionalWriter<K, V> writer;
  private final EventDispatcher<K, V> events;
  private final CacheStatistics statistics;
  private final OutcomeReporter<K, V> reporter;
  private final BulkOperations<K, V> bulk;
  private final JmxRegistration configurationBean;
  private final JmxRegistration statisticsBean;
  private final JmxRegistration nearStatisticsBean;
  /** The bucket's watch, started on first need (a near-cache or a listener); guarded by {@code this}. */
  private @Nullable BucketWatch watch;
  private volatile @Nullable ScheduledFuture<?> sweep;
  private volatile boolean closed;

  NatsCache(String name, NatsCacheManager manager, MutableConfiguration<K, V> configuration,
      CacheParts<K, V> parts) {
    this.name = name;
    this.manager = manager;
    this.configuration = configuration;
    this.parts = parts;
    this.entries = parts.entries();
    this.writer = new ConditionalWriter<>(entries, parts.expiry(), parts.writer());
    this.events = new EventDispatcher<>(this);
    this.statistics = new CacheStatistics(false);
    this.reporter = new OutcomeReporter<>(events, statistics);
    this.bulk = new BulkOperations<>(parts, writer, reporter, statistics);
    this.configurationBean = new JmxRegistration(JmxRegistration.Type.CacheConfiguration, manager.getURI(), name);
    this.statisticsBean = new JmxRegistration(JmxRegistration.Type.CacheStatistics, manager.getURI(), name);
    this.nearStatisticsBean = new JmxRegistration(JmxRegistration.Type.NearCacheStatistics, manager.getURI(), name);
  }

  @Override
  public @Nullable V get(K key) {
    checkOpen();
    requireKey(key);
    long start = statistics.startTimer();
    Versioned<V> hit = entries.cached(key);
    if (hit != null && hit.isPresent() && parts.expiry().isEternal()) {
      // A near-cache hit under a policy that never moves deadlines decides nothing: return it straight away. (A key
      // known absent still counts a miss and may load: the general path below, without a round trip.)
      statistics.recordHits(1, start);
      return hit.value();
    }
    return read(key, hit != null ? hit : entries.readFresh(key), start);
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    checkOpen();
    keys.forEach(this::requireKey);
    return bulk.getAll(keys);
  }

  /** Whether the key holds a live value; touches neither statistics nor expiry, and never loads. */
  @Override
  public boolean containsKey(K key) {
    checkOpen();
    requireKey(key);
    Versioned<V> current = entries.read(key);
    return current.isPresent() && !current.isExpiredAt(writer.now());
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
      @Nullable CompletionListener completionListener) {
    checkOpen();
    keys.forEach(this::requireKey);
    bulk.loadAll(keys, replaceExistingValues, completionListener);
  }

  @Override
  public void put(K key, V value) {
    checkOpen();
    requireEntry(key, value);
    if (!reporter.isObserved() && parts.expiry().isEternal()) {
      writer.blindPut(key, value);
    } else {
      update(key, Lookup.NOT_COUNTED, current -> Decision.put(value, null));
    }
  }

  @Override
  public @Nullable V getAndPut(K key, V value) {
    checkOpen();
    requireEntry(key, value);
    return update(key, Lookup.COUNTED, current -> Decision.put(value, current.value()));
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    checkOpen();
    map.forEach(this::requireEntry);
    bulk.putAll(map);
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    checkOpen();
    requireEntry(key, value);
    return isTrue(update(key, Lookup.COUNTED, current -> current.isPresent()
        ? Decision.keep(false) : Decision.put(value, true)));
  }

  @Override
  public boolean remove(K key) {
    checkOpen();
    requireKey(key);
    return isTrue(update(key, Lookup.NOT_COUNTED, current -> Decision.remove(current.isPresent())));
  }

  @Override
  public boolean remove(K key, V oldValue) {
    checkOpen();
    requireEntry(key, oldValue);
    return isTrue(update(key, Lookup.COUNTED, current -> {
      if (!current.isPresent()) {
        return Decision.keep(false);
      }
      return oldValue.equals(current.value()) ? Decision.remove(true) : Decision.access(false);
    }));
  }

  @Override
  public @Nullable V getAndRemove(K key) {
    checkOpen();
    requireKey(key);
    return update(key, Lookup.COUNTED, current -> Decision.remove(current.value()));
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    checkOpen();
    requireEntry(key, oldValue);
    requireEntry(key, newValue);
    return isTrue(update(key, Lookup.COUNTED, current -> {
      if (!current.isPresent()) {
        return Decision.keep(false);
      }
      return oldValue.equals(current.value()) ? Decision.put(newValue, true) : Decision.access(false);
    }));
  }

  @Override
  public boolean replace(K key, V value) {
    checkOpen();
    requireEntry(key, value);
    return isTrue(update(key, Lookup.COUNTED, current -> current.isPresent()
        ? Decision.put(value, true) : Decision.keep(false)));
  }

  @Override
  public @Nullable V getAndReplace(K key, V value) {
    checkOpen();
    requireEntry(key, value);
    return update(key, Lookup.COUNTED, current -> current.isPresent()
        ? Decision.put(value, current.value()) : Decision.keep(null));
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    checkOpen();
    keys.forEach(this::requireKey);
    bulk.removeAll(keys);
  }

  /** Removes every entry, one by one, through the writer and with events (unlike {@link #clear()}). */
  @Override
  public void removeAll() {
    checkOpen();
    bulk.removeAll(Set.copyOf(entries.keys()));
  }

  /** Empties the bucket at once (a stream purge): no writer, no events, no statistics. */
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
    ReadThrough<K, V> loader = parts.loader();
    return update(key, Lookup.COUNTED, Invocation.of(key, entryProcessor,
        loader != null && loader.loadsOnMiss() ? loader : null, arguments));
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
      } catch (RuntimeException e) {
        EntryProcessorException failure = e instanceof EntryProcessorException processorException
            ? processorException : new EntryProcessorException(e);
        results.put(key, () -> {
          throw failure;
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

  /**
   * Closes this node's handle: its MXBeans go, and its loader, writer, expiry policy and listeners are closed when
   * they are {@link Closeable}. The bucket and its entries stay for the other nodes.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    ScheduledFuture<?> scheduled = sweep;
    if (scheduled != null) {
      scheduled.cancel(false);
    }
    bulk.close();
    BucketWatch running = runningWatch();
    if (running != null) {
      running.close();
    }
    entries.close();
    configurationBean.unregister();
    statisticsBean.unregister();
    nearStatisticsBean.unregister();
    events.close();
    ReadThrough<K, V> loader = parts.loader();
    closeQuietly(loader == null ? null : loader.loader());
    closeQuietly(parts.writer() == null ? null : Objects.requireNonNull(parts.writer()).writer());
    closeQuietly(parts.expiry().policy());
    manager.release(this);
  }

  @Override
  public boolean isClosed() {
    return closed;
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
    startWatch().requireValues();
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

  /**
   * Reclaims expired entries that no read comes to find, every {@code interval}: without it, a key written once and
   * never read again would keep its expired value in the bucket forever.
   */
  void sweepExpiredEvery(Duration interval, ScheduledExecutorService scheduler) {
    if (parts.expiry().isEternal()) {
      return;
    }
    sweep = scheduler.scheduleWithFixedDelay(this::sweepOnce, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** One sweep; a failure (a lost connection, say) is logged and the next sweep tries again. */
  void sweepOnce() {
    try {
      bulk.reclaimExpired();
    } catch (RuntimeException e) {
      System.getLogger(NatsCache.class.getName()).log(System.Logger.Level.WARNING,
          "Sweeping the expired entries of cache '" + name + "' failed; the next sweep tries again", e);
    }
  }

  /**
   * Starts the watch if the near-cache needs it: once the configured listeners are registered (they start it with
   * values), so that it subscribes once.
   */
  void watchForNearCache() {
    if (parts.near() != null) {
      startWatch();
    }
  }

  /**
   * Follows the bucket from now on, if not yet. Only a near-cache and listeners need the watch: a cache with neither
   * has nothing to learn from other nodes' changes, and every write would still be delivered back to it (measured:
   * a quarter of a put's latency on a 2-core machine).
   */
  private synchronized BucketWatch startWatch() {
    BucketWatch running = watch;
    if (running == null) {
      running = parts.watcher().start(events::publishRemote, /* headersOnly= */ !events.hasListeners());
      watch = running;
    }
    return running;
  }

  private synchronized @Nullable BucketWatch runningWatch() {
    return watch;
  }

  /** Turns statistics on or off, with their MXBeans: the JSR-107 one and the near-cache's. */
  void setStatisticsEnabled(boolean enabled) {
    configuration.setStatisticsEnabled(enabled);
    statistics.setEnabled(enabled);
    if (enabled) {
      statisticsBean.register(statistics);
      nearStatisticsBean.register(new NearCacheStatistics(parts.near(), this::runningWatch, parts.delays()));
    } else {
      statisticsBean.unregister();
      nearStatisticsBean.unregister();
    }
  }

  /** Turns the configuration MXBean on or off. */
  void setManagementEnabled(boolean enabled) {
    configuration.setManagementEnabled(enabled);
    if (enabled) {
      configurationBean.register(new CacheConfigurationBean(() -> configuration));
    } else {
      configurationBean.unregister();
    }
  }

  /** Reads a value as {@code get} does, from a state read: an access when present, a load when absent. */
  private @Nullable V read(K key, Versioned<V> state, long start) {
    ReadThrough<K, V> loader = parts.loader();
    boolean loads = loader != null && loader.loadsOnMiss();
    Applied<V, V> applied = writer.update(key, state, current -> {
      V value = current.value();
      if (value != null) {
        return Decision.access(value);
      }
      V loaded = loads ? Objects.requireNonNull(loader).load(key) : null;
      return loaded == null ? Decision.keep(null) : Decision.load(loaded, loaded);
    });
    reporter.report(key, applied, Lookup.COUNTED, start);
    return applied.decision().result();
  }

  /** Applies a decision to one key and reports its events and statistics; returns the decision's result. */
  private <R> @Nullable R update(K key, Lookup lookup, Function<Versioned<V>, Decision<V, R>> decide) {
    long start = statistics.startTimer();
    Applied<V, R> applied = writer.update(key, decide);
    reporter.report(key, applied, lookup, start);
    return applied.decision().result();
  }

  private static boolean isTrue(@Nullable Boolean result) {
    return Boolean.TRUE.equals(result);
  }

  private static void closeQuietly(@Nullable Object resource) {
    if (resource instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException | RuntimeException e) {
        System.getLogger(NatsCache.class.getName()).log(System.Logger.Level.WARNING,
            "Closing " + resource.getClass().getName() + " failed", e);
      }
    }
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

  /** Walks a snapshot of the keys; entries removed or expired meanwhile are skipped. */
  private final class EntryIterator implements Iterator<Entry<K, V>> {

    private final Iterator<K> keys;
    private @Nullable NatsCacheEntry<K, V> next;
    private @Nullable K lastReturned;

    EntryIterator(List<K> keys) {
      this.keys = keys.iterator();
    }

    @Override
    public boolean hasNext() {
      checkOpen();
      while (next == null && keys.hasNext()) {
        K key = keys.next();
        long start = statistics.startTimer();
        Applied<V, V> applied = writer.read(key, current -> current.isPresent()
            ? Decision.access(current.value()) : Decision.keep(null));
        V value = applied.decision().result();
        V expired = applied.expired();
        if (expired != null) {
          reporter.expired(key, expired);
        }
        if (value != null) {
          reporter.lookedUp(1, 0, start);
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
      checkOpen();
      K key = lastReturned;
      if (key == null) {
        throw new IllegalStateException("next() has not returned an entry to remove");
      }
      lastReturned = null;
      NatsCache.this.remove(key);
    }
  }
}
