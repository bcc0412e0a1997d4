package io.github.natsjcache;

import io.github.natsjcache.config.ManagerSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;
import org.jspecify.annotations.Nullable;

/**
 * The JCache provider that keeps every cache in a NATS JetStream Key/Value bucket.
 *
 * <p>Registered with {@link java.util.ServiceLoader}, so {@code Caching.getCachingProvider()} finds it. It keeps one
 * {@link NatsCacheManager} per URI and class loader until that manager is closed. The default URI is the system
 * property {@code natsjcache.url}, else the environment variable {@code NATS_URL}, else
 * {@code nats://localhost:4222}.
 */
public final class NatsCachingProvider implements CachingProvider {

  private final Map<ClassLoader, Map<URI, NatsCacheManager>> managers = new WeakHashMap<>();

  /** Creates the provider; {@link javax.cache.Caching} does this once per class loader. */
  public NatsCachingProvider() {}

  @Override
  public synchronized CacheManager getCacheManager(@Nullable URI uri, @Nullable ClassLoader classLoader,
      @Nullable Properties properties) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Properties managerProperties = properties == null ? getDefaultProperties() : properties;
    Map<URI, NatsCacheManager> byUri = managers.computeIfAbsent(loader, ignored -> new HashMap<>());
    NatsCacheManager manager = byUri.get(managerUri);
    if (manager == null || manager.isClosed()) {
      manager = new NatsCacheManager(this, managerUri, loader, managerProperties);
      byUri.put(managerUri, manager);
    }
    return manager;
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context == null ? NatsCachingProvider.class.getClassLoader() : context;
  }

  @Override
  public URI getDefaultURI() {
    return URI.create(ManagerSettings.defaultUrl());
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    List<NatsCacheManager> open;
    synchronized (this) {
      open = new ArrayList<>();
      managers.values().forEach(byUri -> open.addAll(byUri.values()));
      managers.clear();
    }
    open.forEach(NatsCacheManager::close);
  }

  @Override
  public void close(ClassLoader classLoader) {
    Map<URI, NatsCacheManager> byUri;
    synchronized (this) {
      byUri = managers.remove(classLoader);
    }
    if (byUri != null) {
      byUri.values().forEach(NatsCacheManager::close);
    }
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    NatsCacheManager manager;
    synchronized (this) {
      Map<URI, NatsCacheManager> byUri = managers.get(classLoader);
      manager = byUri == null ? null : byUri.remove(uri);
    }
    if (manager != null) {
      manager.close();
    }
  }

  /** Store-by-reference is supported: this node's own instances come back as they were put. */
  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    return optionalFeature == OptionalFeature.STORE_BY_REFERENCE;
  }

  /** Forgets a manager that closed itself, so the next request for its URI builds a new one. */
  synchronized void release(NatsCacheManager manager) {
    Map<URI, NatsCacheManager> byUri = managers.get(manager.getClassLoader());
    if (byUri != null) {
      byUri.remove(manager.getURI(), manager);
    }
  }
}
