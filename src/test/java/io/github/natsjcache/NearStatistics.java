package io.github.natsjcache;

import java.lang.management.ManagementFactory;
import javax.cache.Cache;
import javax.management.JMException;
import javax.management.ObjectName;

/** Reads a cache's {@code NearCacheStatistics} MXBean on its node: the cache must have statistics enabled. */
public final class NearStatistics {

  private NearStatistics() {}

  /** One attribute of the cache's {@code NearCacheStatistics} MXBean. */
  public static Object of(Cache<?, ?> cache, String attribute) {
    try {
      return ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(
          "io.github.natsjcache:type=NearCacheStatistics,CacheManager="
              + cache.getCacheManager().getURI().toString().replaceAll("[,:=*?\"]", ".") + ",Cache="
              + cache.getName()), attribute);
    } catch (JMException e) {
      throw new AssertionError("no " + attribute + " of " + cache.getName() + " (are its statistics enabled?)", e);
    }
  }

  /**
   * Waits (boundedly) until the cache's watch has applied every message its bucket holds. After this node's own write
   * of a key, that proves its watch knows the value, so that another writer's next change of the key is heard as
   * replacing it: the bucket keeps a key's last message only, and a change overwritten before the watch delivered it
   * is gone.
   */
  public static void awaitWatchCaughtUp(Cache<?, ?> cache) {
    Eventually.assertTrue(() -> Long.valueOf(0).equals(of(cache, "WatchLag")),
        "the watch of " + cache.getName() + " applied every message of its bucket");
  }
}
