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
 * {@code javax.cache:type=CacheConfiguration|CacheStatistics,CacheManager=<uri>,Cache=<name>} (and ours as
 * {@code io.github.natsjcache:type=NearCacheStatistics,...}), with {@code ,},
 * {@code :}, {@code =} and line breaks replaced by {@code .}, as the spec says, and so are {@code *}, {@code ?} and
 * {@code "}, which an ObjectName would take for patterns or quotes.
 */
final class JmxRegistration {

  /** The MXBean types: JSR-107's two in its {@code javax.cache} domain, and ours in our own. */
  enum Type {
    /** The {@code CacheMXBean}: the configuration. */
    CacheConfiguration("javax.cache"),
    /** The {@code CacheStatisticsMXBean}: the counters. */
    CacheStatistics("javax.cache"),
    /**
     * The {@link NearCacheStatisticsMXBean}: the near-cache's counters and the watch's staleness. It lives outside
     * {@code javax.cache}, where tools (and the TCK) expect exactly JSR-107's two beans per cache.
     */
    NearCacheStatistics("io.github.natsjcache");

    private final String domain;

    Type(String domain) {
      this.domain = domain;
    }
  }

  private final ObjectName name;
  private volatile boolean registered;

  /**
   * Names the MXBean of one type of one cache.
   *
   * @param type which MXBean
   * @param managerUri the cache manager's URI
   * @param cacheName the cache's name
   */
  JmxRegistration(Type type, URI managerUri, String cacheName) {
    try {
      this.name = new ObjectName(type.domain + ":type=" + type + ",CacheManager="
          + safe(managerUri.toString()) + ",Cache=" + safe(cacheName));
    } catch (MalformedObjectNameException e) {
      throw new CacheException("Cannot name the " + type + " MXBean of cache '" + cacheName + "'", e);
    }
  }

  /**
   * Registers the bean under this name. A bean registered already under it (the same cache of another manager with
   * the same URI, in another class loader) stays, and this registration will not remove it.
   */
  synchronized void register(Object bean) {
    if (registered) {
      return;
    }
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      server.registerMBean(bean, name);
      registered = true;
    } catch (InstanceAlreadyExistsException e) {
      // Another manager's cache of the same name holds it; leave it to that one.
    } catch (JMException | JMRuntimeException e) {
      throw new CacheException("Cannot register MXBean " + name, e);
    }
  }

  /** Unregisters the bean this registration registered, if it did. */
  synchronized void unregister() {
    if (!registered) {
      return;
    }
    registered = false;
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      server.unregisterMBean(name);
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
