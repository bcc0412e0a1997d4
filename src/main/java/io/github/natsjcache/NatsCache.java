package io.github.natsjcache;

import io.github.natsjcache.bucket.BucketStatus;
import io.github.natsjcache.entry.Entries;
import io.github.natsjcache.entry.MemoryReads;
import io.github.natsjcache.entry.Versioned;
import io.github.natsjcache.event.EventDispatcher;
import io.github.natsjcache.integration.ReadThrough;
import io.github.natsjcache.integration.WriteThrough;
import io.github.natsjcache.lifecycle.Closing;
import io.github.natsjcache.management.CacheStatistics;
import io.github.natsjcache.operation.Applied;
import io.github.natsjcache.operation.BulkOperations;
import io.github.natsjcache.operation.ConditionalWriter;
import io.github.natsjcache.operation.Decision;
import io.github.natsjcache.operation.OutcomeReporter.Lookup;
import io.github.natsjcache.operation.OutcomeReporter;
import io.github.natsjcache.processor.Invocation;
import java.io.Closeable;
import java.util.Iterator;
import java.util.Map;
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
import javax.cache.processor.EntryProcessorResult;
import org.jspecify.annotations.Nullable;

/**
 * A JCache {@link Cache} whose entries live in a NATS JetStream KV bucket.
 *
 * <p>Every mutation returns after JetStream acknowledged it. Single-key operations go through one
 * {@link ConditionalWriter}: read with revision and deadline, decide, write through, write conditioned on the
 * revision, retry on conflict; so they are linearizable per key across every node. Bulk operations pipeline their
 * requests ({@link BulkOperations}). The {@link CacheFactory} builds every part; this class is the spec's surface.
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
  /** Where a get looks first: the near-cache itself, unless a layer between does something to its hits. */
  private final MemoryReads<K, V> hits;
  private final ConditionalWriter<K, V> writer;
  private final BulkOperations<K, V> bulk;
  private final EventDispatcher<K, V> events;
  private final CacheStatistics statistics;
  private final OutcomeReporter<K, V> reporter;
  private final TypeCheck<K, V> check;
  private volatile boolean closed;
  /**
   * Whether a near-cache hit decides nothing: the cache is open, no statistics count the hit, and the expiry policy
   * never moves deadlines. Set again whenever one of these changes.
   */
  private volatile boolean plainHits;

  NatsCache(String name, NatsCacheManager manager, MutableConfiguration<K, V> configuration,
      CacheParts<K, V> parts) {
    this.name = name;
    this.manager = manager;
    this.configuration = configuration;
    this.parts = parts;
    this.entries = parts.entries();
    this.hits = entries.memoryReads();
    this.writer = parts.writer();
    this.bulk = parts.bulk();
    this.events = parts.events();
    this.statistics = parts.statistics();
    this.reporter = parts.reporter();
    this.check = new TypeCheck<>(name, configuration);
    decideHitPath();
  }

  private synchronized void decideHitPath() { // atomic with close(), which holds the lock
    plainHits = !closed && !statistics.isEnabled() && parts.expiry().isEternal();
  }

  @Override
  public @Nullable V get(K key) {
    if (plainHits) {
      // A near-cache hit that decides nothing (see plainHits) is returned straight away; the rest takes the general
      // path, kept apart so that this one stays small enough for the JIT to inline into the caller.
      check.key(key);
      Versioned<V> hit = hits.cached(key);
      if (hit != null && hit.isPresent()) {
        return hit.value();
      }
      return read(key, hit != null ? hit : entries.readFresh(key), statistics.startTimer()); // not looked up again
    }
    return getDeciding(key);
  }

  private @Nullable V getDeciding(K key) {
    checkOpen();
    check.key(key);
    long start = statistics.startTimer();
    Versioned<V> hit = hits.cached(key);
    if (hit != null && hit.isPresent() && parts.expiry().isEternal()) {
      statistics.recordHits(1, start);
      return hit.value();
    }
    // A key known absent still counts a miss and may load, without a round trip.
    return read(key, hit != null ? hit : entries.readFresh(key), start);
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    checkOpen();
    keys.forEach(check::key);
    return bulk.getAll(this, keys);
  }

  /** Whether the key holds a live value; touches neither statistics nor expiry, and never loads. */
  @Override
  public boolean containsKey(K key) {
    checkOpen();
    check.key(key);
    Versioned<V> current = entries.read(key);
    return current.isPresent() && !current.isExpiredAt(writer.now());
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
      @Nullable CompletionListener completionListener) {
    checkOpen();
    keys.forEach(check::key);
    bulk.loadAll(this, keys, replaceExistingValues, completionListener);
  }

  @Override
  public void put(K key, V value) {
    checkOpen();
    check.entry(key, value);
    if (!reporter.isObserved() && parts.expiry().isEternal()) {
      writer.blindPut(key, value);
    } else {
      update(key, Lookup.NOT_COUNTED, current -> Decision.put(value, null));
    }
  }

  @Override
  public @Nullable V getAndPut(K key, V value) {
    checkOpen();
    check.entry(key, value);
    return update(key, Lookup.COUNTED, current -> Decision.put(value, current.value()));
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    checkOpen();
    map.forEach(check::entry);
    bulk.putAll(this, map);
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    checkOpen();
    check.entry(key, value);
    return isTrue(update(key, Lookup.COUNTED, current -> current.isPresent()
        ? Decision.keep(false) : Decision.put(value, true)));
  }

  @Override
  public boolean remove(K key) {
    checkOpen();
    check.key(key);
    return isTrue(update(key, Lookup.NOT_COUNTED, current -> Decision.remove(current.isPresent())));
  }

  @Override
  public boolean remove(K key, V oldValue) {
    checkOpen();
    check.entry(key, oldValue);
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
    check.key(key);
    return update(key, Lookup.COUNTED, current -> Decision.remove(current.value()));
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    checkOpen();
    check.entry(key, oldValue);
    check.entry(key, newValue);
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
    check.entry(key, value);
    return isTrue(update(key, Lookup.COUNTED, current -> current.isPresent()
        ? Decision.put(value, true) : Decision.keep(false)));
  }

  @Override
  public @Nullable V getAndReplace(K key, V value) {
    checkOpen();
    check.entry(key, value);
    return update(key, Lookup.COUNTED, current -> current.isPresent()
        ? Decision.put(value, current.value()) : Decision.keep(null));
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    checkOpen();
    keys.forEach(check::key);
    bulk.removeAll(this, keys);
  }

  /** Removes every entry, one by one, through the writer and with events (unlike {@link #clear()}). */
  @Override
  public void removeAll() {
    checkOpen();
    bulk.removeAll(this, Set.copyOf(entries.keys()));
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
    check.key(key);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    ReadThrough<K, V> loader = parts.loader();
    return update(key, Lookup.COUNTED, Invocation.of(key, entryProcessor,
        loader != null && loader.loadsOnMiss() ? loader : null, arguments));
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    checkOpen();
    keys.forEach(check::key);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    return Invocation.eachOf(keys, key -> invoke(key, entryProcessor, arguments));
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
   * they are {@link Closeable}. The bucket and its entries stay for the other nodes. Every step runs even when one
   * fails; the first failure is thrown at the end.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      decideHitPath();
    }
    ReadThrough<K, V> loader = parts.loader();
    WriteThrough<K, V> writeThrough = parts.writeThrough();
    Closing.runAll(bulk::close, parts.watch()::close, entries::close, parts.beans()::unregisterAll, events::close,
        () -> Closing.closeQuietly(loader == null ? null : loader.loader()),
        () -> Closing.closeQuietly(writeThrough == null ? null : writeThrough.writer()),
        () -> Closing.closeQuietly(parts.expiry().policy()),
        () -> manager.release(this));
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
    return parts.status().get();
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
    followBucket();
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
    return new EntryIterator<>(this, entries.keys(), parts);
  }

  /** The live configuration, for the manager's type checks. */
  Configuration<K, V> configuration() {
    return configuration;
  }

  /**
   * Follows the bucket's changes from now on, if not yet: the near-cache needs them to stay fresh, and listeners to
   * hear other nodes. Changes come with their values once any listener is registered.
   */
  void followBucket() {
    parts.watch().follow(this::changedRemotely, events.hasListeners());
  }

  private void changedRemotely(EventType type, K key, @Nullable V value, @Nullable V oldValue,
      Runnable beforeWaiting) {
    events.publishRemote(this, type, key, value, oldValue, beforeWaiting);
  }

  /** Turns statistics on or off, with their MXBeans. */
  void setStatisticsEnabled(boolean enabled) {
    parts.beans().enableStatistics(enabled);
    decideHitPath();
  }

  /** Turns the configuration MXBean on or off. */
  void setManagementEnabled(boolean enabled) {
    parts.beans().enableManagement(enabled);
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
    reporter.report(this, key, applied, Lookup.COUNTED, start);
    return applied.decision().result();
  }

  /** Applies a decision to one key and reports its events and statistics; returns the decision's result. */
  private <R> @Nullable R update(K key, Lookup lookup, Function<Versioned<V>, Decision<V, R>> decide) {
    long start = statistics.startTimer();
    Applied<V, R> applied = writer.update(key, decide);
    reporter.report(this, key, applied, lookup, start);
    return applied.decision().result();
  }

  private static boolean isTrue(@Nullable Boolean result) {
    return Boolean.TRUE.equals(result);
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("Cache '" + name + "' is closed");
    }
  }
}
