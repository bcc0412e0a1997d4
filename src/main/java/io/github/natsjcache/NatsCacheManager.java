package io.github.natsjcache;

import io.github.natsjcache.config.ConnectionSettings;
import io.github.natsjcache.config.ManagerSettings;
import io.github.natsjcache.embedded.EmbeddedNatsServer;
import io.github.natsjcache.lifecycle.NodeThreads;
import io.github.natsjcache.store.NatsStore;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;
import org.jspecify.annotations.Nullable;

/**
 * A node of nats-jcache: one NATS connection and the caches opened through it.
 *
 * <p>A cache created on one node is found by {@link #getCache} on every other node of the same servers and
 * namespace, because its configuration travels in its bucket's description. {@link #createCache} on a node that does
 * not know the cache yet attaches to an existing bucket when the configurations agree, and fails naming the
 * difference when they do not; a name this manager already knows fails as the spec says.
 */
public final class NatsCacheManager implements CacheManager {

  private final NatsCachingProvider provider;
  private final URI uri;
  private final WeakReference<ClassLoader> classLoader;
  private final Properties properties;
  private final NatsStore store;
  private final CacheFactory factory;
  private final Map<String, NatsCache<?, ?>> caches = new ConcurrentHashMap<>();
  private final NodeThreads threads = new NodeThreads();
  private final ScheduledExecutorService scheduler = threads.scheduler("nats-jcache-expiry-sweep");
  private volatile boolean closed;

  NatsCacheManager(NatsCachingProvider provider, URI uri, ClassLoader classLoader, Properties properties) {
    ManagerSettings settings = ManagerSettings.from(uri, properties, classLoader);
    ConnectionSettings connection = settings.usesEmbeddedServer() ? embedded(settings.connection())
        : settings.connection();
    this.provider = provider;
    this.uri = uri;
    this.classLoader = new WeakReference<>(classLoader);
    this.properties = ManagerSettings.masked(properties);
    this.store = NatsStore.connect(connection, threads);
    this.factory = new CacheFactory(this, store, threads, settings, classLoader);
  }

  /** The JVM's embedded server, reached with its own token. */
  private static ConnectionSettings embedded(ConnectionSettings configured) {
    EmbeddedNatsServer server = EmbeddedNatsServer.shared();
    return configured.withServer(server.url(), server.token().orElse(null));
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    ClassLoader loader = classLoader.get();
    return loader == null ? provider.getDefaultClassLoader() : loader;
  }

  /** A copy of the properties this manager was created with; secrets are masked. */
  @Override
  public Properties getProperties() {
    Properties copy = new Properties();
    copy.putAll(properties);
    return copy;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(configuration, "configuration");
    synchronized (caches) {
      checkOpen(); // again: a close may have come first
      if (caches.containsKey(cacheName)) {
        throw new CacheException("Cache '" + cacheName + "' exists already in this CacheManager");
      }
      NatsCache<K, V> cache = factory.create(cacheName, configuration);
      caches.put(cacheName, cache);
      return cache;
    }
  }

  @Override
  public <K, V> @Nullable Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    NatsCache<K, V> cache = getCache(cacheName);
    if (cache == null) {
      return null;
    }
    Configuration<?, ?> configuration = cache.configuration();
    if (configuration.getKeyType() != keyType || configuration.getValueType() != valueType) {
      throw new ClassCastException("Cache '" + cacheName + "' holds " + configuration.getKeyType().getName()
          + " -> " + configuration.getValueType().getName() + ", not " + keyType.getName() + " -> "
          + valueType.getName());
    }
    return cache;
  }

  @Override
  @SuppressWarnings("unchecked") // an untyped lookup: the caller names the types, as the spec allows since 1.1
  public <K, V> @Nullable NatsCache<K, V> getCache(String cacheName) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    NatsCache<?, ?> cache = caches.get(cacheName);
    if (cache == null) {
      synchronized (caches) {
        checkOpen();
        cache = caches.get(cacheName);
        if (cache == null) {
          cache = factory.open(cacheName);
          if (cache != null) {
            caches.put(cacheName, cache);
          }
        }
      }
    }
    return (NatsCache<K, V>) cache;
  }

  /** The caches this manager has open: those it created or looked up. */
  @Override
  public Iterable<String> getCacheNames() {
    checkOpen();
    return List.copyOf(caches.keySet());
  }

  /** Closes the cache on this node and deletes its bucket, for every node. */
  @Override
  public void destroyCache(String cacheName) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    synchronized (caches) {
      NatsCache<?, ?> cache = caches.remove(cacheName);
      if (cache != null) {
        cache.close();
      }
      factory.destroy(cacheName);
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    checkOpen();
    NatsCache<?, ?> cache = caches.get(Objects.requireNonNull(cacheName, "cacheName"));
    if (cache != null) {
      cache.setManagementEnabled(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    checkOpen();
    NatsCache<?, ?> cache = caches.get(Objects.requireNonNull(cacheName, "cacheName"));
    if (cache != null) {
      cache.setStatisticsEnabled(enabled);
    }
  }

  /**
   * Closes every cache of this node, the connection and every thread of the node; the buckets and their entries
   * stay.
   */
  @Override
  public void close() {
    List<NatsCache<?, ?>> open;
    synchronized (caches) {
      if (closed) {
        return;
      }
      closed = true;
      open = new ArrayList<>(caches.values());
      caches.clear();
    }
    try {
      open.forEach(NatsCache::close);
    } finally {
      store.close();
      threads.close();
      provider.release(this);
    }
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
    throw new IllegalArgumentException("A NatsCacheManager is not a " + clazz.getName());
  }

  /** The thread that runs this node's periodic work: the caches' expiry sweeps. */
  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** Forgets a cache closed by its own {@code close()}; a later lookup opens it again from its bucket. */
  void release(NatsCache<?, ?> cache) {
    caches.remove(cache.getName(), cache);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("CacheManager " + uri + " is closed");
    }
  }
}
