package io.github.natsjcache;

import io.github.natsjcache.bucket.BucketStatus;
import io.github.natsjcache.codec.BucketNames;
import io.github.natsjcache.codec.JavaSerialization;
import io.github.natsjcache.codec.KeyEncoding;
import io.github.natsjcache.codec.ValueCodec;
import io.github.natsjcache.codec.ValueCodecs;
import io.github.natsjcache.config.BucketSettings;
import io.github.natsjcache.config.CacheDescriptor;
import io.github.natsjcache.config.CacheSettings;
import io.github.natsjcache.config.ManagerSettings;
import io.github.natsjcache.copy.ReferencingEntries;
import io.github.natsjcache.entry.Entries;
import io.github.natsjcache.event.EventDispatcher;
import io.github.natsjcache.expiry.Expiry;
import io.github.natsjcache.integration.ReadThrough;
import io.github.natsjcache.integration.WriteThrough;
import io.github.natsjcache.lifecycle.NodeThreads;
import io.github.natsjcache.management.CacheBeans;
import io.github.natsjcache.management.CacheStatistics;
import io.github.natsjcache.near.CacheWatch;
import io.github.natsjcache.near.InvalidationDelays;
import io.github.natsjcache.near.NearCache;
import io.github.natsjcache.near.NearCachedEntries;
import io.github.natsjcache.near.StrictEntries;
import io.github.natsjcache.near.WatchApplier;
import io.github.natsjcache.operation.BulkOperations;
import io.github.natsjcache.operation.ConditionalWriter;
import io.github.natsjcache.operation.OutcomeReporter;
import io.github.natsjcache.store.EntryStore;
import io.github.natsjcache.store.NatsStore;
import java.util.List;
import java.util.Optional;
import javax.cache.CacheException;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.jspecify.annotations.Nullable;

/**
 * Builds the caches of one manager: from a configuration ({@link #create}) or from what an existing bucket says
 * ({@link #open}), each in a few small steps.
 */
final class CacheFactory {

  private final NatsCacheManager manager;
  private final NatsStore store;
  private final NodeThreads threads;
  private final ManagerSettings settings;
  private final ClassLoader classLoader;
  private final JavaSerialization serialization;

  CacheFactory(NatsCacheManager manager, NatsStore store, NodeThreads threads, ManagerSettings settings,
      ClassLoader classLoader) {
    this.manager = manager;
    this.store = store;
    this.threads = threads;
    this.settings = settings;
    this.classLoader = classLoader;
    this.serialization = new JavaSerialization(classLoader, settings.serialization());
  }

  /** Creates a cache, or attaches to its bucket when another node (or an earlier run) created it alike. */
  <K, V> NatsCache<K, V> create(String name, Configuration<K, V> requested) {
    MutableConfiguration<K, V> configuration = copyOf(requested);
    CacheSettings cacheSettings = settings.cacheSettings(name);
    ValueCodec<V> codec = configureCodec(cacheSettings.codec(), configuration);
    String bucket = BucketNames.bucketName(settings.namespace(), name);
    CacheDescriptor descriptor = new CacheDescriptor(name, configuration.getKeyType().getName(),
        configuration.getValueType().getName(), configuration.isStoreByValue(), codec.name());
    configureBucket(bucket, cacheSettings.bucket(), descriptor);
    return build(name, bucket, configuration, codec, cacheSettings);
  }

  /** Opens a cache that another node created, from its bucket's description; {@code null} if there is none. */
  @Nullable NatsCache<Object, Object> open(String name) {
    String bucket = BucketNames.bucketName(settings.namespace(), name);
    Optional<CacheDescriptor> found = store.status(bucket)
        .flatMap(status -> CacheDescriptor.fromDescription(status.description()));
    if (found.isEmpty() || !found.get().name().equals(name)) {
      return null;
    }
    CacheDescriptor descriptor = found.get();
    CacheSettings cacheSettings = settings.cacheSettings(name);
    if (!descriptor.codec().equals(cacheSettings.codec())) {
      // The description is anyone's to write who may write the bucket: it names types, never how to decode them.
      throw new CacheException("Cache '" + name + "' was created with codec " + descriptor.codec()
          + ", but this node is configured with codec " + cacheSettings.codec() + "; set codec (or cache." + name
          + ".codec) to " + descriptor.codec() + " to open it");
    }
    MutableConfiguration<Object, Object> configuration = new MutableConfiguration<>()
        .setTypes(loadClass(descriptor.keyType()), loadClass(descriptor.valueType()))
        .setStoreByValue(descriptor.storeByValue());
    return build(name, bucket, configuration, configureCodec(descriptor.codec(), configuration), cacheSettings);
  }

  /** Deletes a cache's bucket, for every node. */
  void destroy(String name) {
    store.delete(BucketNames.bucketName(settings.namespace(), name));
  }

  private <K, V> ValueCodec<V> configureCodec(String codecName, CompleteConfiguration<K, V> configuration) {
    return ValueCodecs.create(codecName, configuration.getValueType(), serializationFor(configuration), classLoader);
  }

  /** Java serialization that admits what this cache's own types need (allow-list mode), for its values and keys. */
  private JavaSerialization serializationFor(CompleteConfiguration<?, ?> configuration) {
    return serialization.forTypes(configuration.getKeyType(), configuration.getValueType());
  }

  /** Creates the bucket, or checks that the existing one holds a cache configured alike. */
  private void configureBucket(String bucket, BucketSettings bucketSettings, CacheDescriptor descriptor) {
    if (store.status(bucket).isEmpty()) {
      try {
        store.create(bucket, bucketSettings, descriptor.toDescription());
        return;
      } catch (CacheException e) {
        if (store.status(bucket).isEmpty()) {
          throw e;
        }
        // Another node created it first; check below that it agrees with us.
      }
    }
    String description = store.status(bucket).map(status -> status.description()).orElse("");
    Optional<CacheDescriptor> existing = CacheDescriptor.fromDescription(description);
    if (existing.isPresent()) {
      List<String> differences = descriptor.differencesFrom(existing.get());
      if (!differences.isEmpty()) {
        throw new CacheException("Cache '" + descriptor.name() + "' exists in bucket " + bucket
            + " with another configuration: " + String.join("; ", differences));
      }
    }
    // A bucket without our description was made by another NATS client: use it as it is.
  }

  /**
   * Builds every part of a cache, then the cache: entries (store, near-cache, strictness or references), the
   * conditional writer and bulk operations over them, listeners, statistics and MXBeans, the watch; then starts
   * what the configuration asks for.
   */
  private <K, V> NatsCache<K, V> build(String name, String bucket, MutableConfiguration<K, V> configuration,
      ValueCodec<V> codec, CacheSettings cacheSettings) {
    // The application's factories first: one that throws finds nothing started (a strict barrier announces itself).
    Expiry expiry = configureExpiry(name, configuration);
    ReadThrough<K, V> loader = configureLoader(configuration);
    WriteThrough<K, V> writeThrough = configureWriter(configuration);
    KeyEncoding keys = new KeyEncoding(serializationFor(configuration));
    EntryStore<K, V> bucketEntries = new EntryStore<>(store.open(bucket, name, cacheSettings.bucket().deleteMarkerTtl()),
        keys, codec, configuration.getKeyType(), configuration.getValueType(), name);
    NearCache<K, V> near = configuration.isStoreByValue() && cacheSettings.nearCache()
        ? NearCache.bounded(cacheSettings.nearCacheMaxEntries(), System::currentTimeMillis) : NearCache.disabled();
    Entries<K, V> entries = configureStrictness(bucket, cacheSettings, near, near.isEnabled()
        ? new NearCachedEntries<>(bucketEntries, near, codec, configuration.getValueType())
        : configureReferences(cacheSettings, configuration, bucketEntries, keys));
    InvalidationDelays delays = new InvalidationDelays();
    EventDispatcher<K, V> events = new EventDispatcher<>(threads.sequential("nats-jcache-events-" + name),
        threads.bounded("nats-jcache-remote-events-" + name, cacheSettings.listenerBacklog()),
        cacheSettings.listenerBacklog());
    CacheWatch<K, V> watch = new CacheWatch<>((handler, headersOnly) -> store.watch(bucket, headersOnly, handler),
        listener -> new WatchApplier<>(near, bucketEntries, listener, delays));
    ConditionalWriter<K, V> writer = new ConditionalWriter<>(entries, expiry, writeThrough,
        settings.connection().operationTimeout(), name);
    CacheStatistics statistics = new CacheStatistics(false);
    OutcomeReporter<K, V> reporter = new OutcomeReporter<>(events, statistics);
    BulkOperations<K, V> bulk = new BulkOperations<>(entries, expiry, loader, writeThrough, writer, reporter,
        statistics, threads.pool("nats-jcache-load-all-" + name, BulkOperations.LOAD_THREADS));
    MutableConfiguration<K, V> live = withoutListeners(configuration);
    CacheBeans beans = new CacheBeans(manager.getURI(), name, live, statistics, near, watch, delays,
        bucketEntries::unreadableReads);
    NatsCache<K, V> cache = new NatsCache<>(name, manager, live, new CacheParts<>(entries, writer, bulk, expiry,
        loader, writeThrough, events, statistics, reporter, beans, watch, () -> status(name, bucket)));
    try {
      configuration.getCacheEntryListenerConfigurations().forEach(cache::registerCacheEntryListener);
      if (near.isEnabled()) {
        cache.followBucket();
      }
      cache.setStatisticsEnabled(configuration.isStatisticsEnabled());
      cache.setManagementEnabled(configuration.isManagementEnabled());
      bulk.sweepEvery(cache, settings.expirySweepInterval(), manager.scheduler());
      return cache;
    } catch (RuntimeException e) {
      cache.close(); // a half-started cache leaves no watch, barrier, bean or thread behind
      throw e;
    }
  }

  private BucketStatus status(String name, String bucket) {
    return store.status(bucket).orElseThrow(() ->
        new CacheException("The bucket " + bucket + " of cache '" + name + "' no longer exists"));
  }

  /**
   * Strict mode: writes wait until every live node has applied them, on every strict node, near-cached or not (its
   * writes are what the near-cached nodes must have applied); a node without a near-cache answers at once.
   */
  private <K, V> Entries<K, V> configureStrictness(String bucket, CacheSettings cacheSettings, NearCache<K, V> near,
      Entries<K, V> entries) {
    return cacheSettings.strict()
        ? new StrictEntries<>(entries, store.strictBarrier(bucket, cacheSettings.strictTimeout(), near))
        : entries;
  }

  /** Store-by-reference: this node's own instances come back as they were put. */
  private static <K, V> Entries<K, V> configureReferences(CacheSettings cacheSettings,
      CompleteConfiguration<K, V> configuration, Entries<K, V> entries, KeyEncoding keys) {
    return configuration.isStoreByValue() ? entries
        : new ReferencingEntries<>(entries, keys, cacheSettings.referenceCapacity());
  }

  /** The configuration's expiry policy; when it has none (or the eternal default), the one the options give. */
  private Expiry configureExpiry(String name, CompleteConfiguration<?, ?> configuration) {
    Factory<ExpiryPolicy> factory = configuration.getExpiryPolicyFactory();
    ExpiryPolicy policy = factory == null ? null : factory.create();
    if (policy == null || policy instanceof EternalExpiryPolicy) {
      ExpiryPolicy configured = settings.expiryPolicy(name);
      policy = configured != null ? configured : new EternalExpiryPolicy();
    }
    return new Expiry(policy);
  }

  private static <K, V> @Nullable ReadThrough<K, V> configureLoader(CompleteConfiguration<K, V> configuration) {
    Factory<CacheLoader<K, V>> factory = configuration.getCacheLoaderFactory();
    CacheLoader<K, V> loader = factory == null ? null : factory.create();
    return loader == null ? null : new ReadThrough<>(loader, configuration.isReadThrough());
  }

  private static <K, V> @Nullable WriteThrough<K, V> configureWriter(CompleteConfiguration<K, V> configuration) {
    Factory<CacheWriter<? super K, ? super V>> factory = configuration.getCacheWriterFactory();
    if (!configuration.isWriteThrough() || factory == null) {
      return null;
    }
    CacheWriter<? super K, ? super V> writer = factory.create();
    return writer == null ? null : new WriteThrough<>(writer);
  }

  /** A copy without listeners: the cache registers them itself, building each listener once. */
  private static <K, V> MutableConfiguration<K, V> withoutListeners(MutableConfiguration<K, V> configuration) {
    MutableConfiguration<K, V> copy = new MutableConfiguration<>(configuration);
    configuration.getCacheEntryListenerConfigurations().forEach(copy::removeCacheEntryListenerConfiguration);
    return copy;
  }

  private static <K, V> MutableConfiguration<K, V> copyOf(Configuration<K, V> requested) {
    if (requested instanceof CompleteConfiguration<K, V> complete) {
      return new MutableConfiguration<>(complete);
    }
    return new MutableConfiguration<K, V>()
        .setTypes(requested.getKeyType(), requested.getValueType())
        .setStoreByValue(requested.isStoreByValue());
  }

  @SuppressWarnings("unchecked") // an opened cache is untyped: its classes come from the bucket's description
  private Class<Object> loadClass(String className) {
    try {
      return (Class<Object>) Class.forName(className, false, classLoader);
    } catch (ClassNotFoundException e) {
      throw new CacheException("The cache's type " + className + " is not on this node's class path", e);
    }
  }
}
