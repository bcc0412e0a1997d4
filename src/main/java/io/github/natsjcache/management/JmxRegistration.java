package io.github.natsjcache.management;

import java.lang.management.ManagementFactory;
import java.net.URI;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.JMRuntimeException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers a cache's MXBeans on the platform MBeanServer under the names JSR-107 gives them:
 * {@code javax.cache:type=CacheConfiguration|CacheStatistics,CacheManager=<uri>,Cache=<name>}, with {@code ,},
 * {@code :}, {@code =} and line breaks replaced by {@code .}, as the spec says, and so are {@code *}, {@code ?} and
 * {@code "}, which an ObjectName would take for patterns or quotes.
 */
public final class JmxRegistration {

  /** The MXBean types of JSR-107. */
  public enum Type {
    /** The {@code CacheMXBean}: the configuration. */
    CacheConfiguration,
    /** The {@code CacheStatisticsMXBean}: the counters. */
    CacheStatistics,
    /** The {@link NearCacheStatisticsMXBean}: the near-cache's counters and the watch's staleness. */
    NearCacheStatistics
  }

  private final ObjectName name;

  /**
   * Names the MXBean of one type of one cache.
   *
   * @param type which MXBean
   * @param managerUri the cache manager's URI
   * @param cacheName the cache's name
   */
  public JmxRegistration(Type type, URI managerUri, String cacheName) {
    try {
      this.name = new ObjectName("javax.cache:type=" + type + ",CacheManager=" + safe(managerUri.toString())
          + ",Cache=" + safe(cacheName));
    } catch (MalformedObjectNameException e) {
      throw new CacheException("Cannot name the " + type + " MXBean of cache '" + cacheName + "'", e);
    }
  }

  /** Registers the bean under this name; a bean registered already stays. */
  public void register(Object bean) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    } catch (InstanceAlreadyExistsException e) {
      // Registered meanwhile by another thread: the same cache's bean.
    } catch (JMException | JMRuntimeException e) {
      throw new CacheException("Cannot register MXBean " + name, e);
    }
  }

  /** Unregisters the bean of this name, if there is one. */
  public void unregister() {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (InstanceNotFoundException e) {
      // Unregistered meanwhile: nothing left to do.
    } catch (JMException | JMRuntimeException e) {
      throw new CacheException("Cannot unregister MXBean " + name, e);
    }
  }

  private static String safe(String text) {
    return text.replaceAll("[,:=\\n*?\"]", ".");
  }
}
