package io.github.natsjcache.management;

import io.github.natsjcache.near.CacheWatch;
import io.github.natsjcache.near.InvalidationDelays;
import io.github.natsjcache.near.NearCache;
import java.net.URI;
import java.util.function.LongSupplier;
import javax.cache.configuration.MutableConfiguration;

/**
 * The MXBeans of one cache on this node, switched as {@code CacheManager.enableStatistics} and
 * {@code enableManagement} say: JSR-107's configuration and statistics beans, and ours for the near-cache.
 */
public final class CacheBeans {

  private final MutableConfiguration<?, ?> configuration;
  private final CacheStatistics statistics;
  private final NearCache<?, ?> near;
  private final NearCacheStatistics nearStatistics;
  private final JmxRegistration configurationBean;
  private final JmxRegistration statisticsBean;
  private final JmxRegistration nearStatisticsBean;

  /**
   * Names the beans of a cache; none is registered yet.
   *
   * @param managerUri the cache manager's URI
   * @param cacheName the cache's name
   * @param configuration the cache's live configuration, whose flags these beans follow
   * @param statistics the cache's statistics
   * @param near the cache's near-cache
   * @param watch the watch that keeps the near-cache fresh
   * @param delays how long remote writes took to arrive
   * @param unreadableReads how many reads found an entry the cache cannot read
   */
  public CacheBeans(URI managerUri, String cacheName, MutableConfiguration<?, ?> configuration,
      CacheStatistics statistics, NearCache<?, ?> near, CacheWatch<?, ?> watch, InvalidationDelays delays,
      LongSupplier unreadableReads) {
    this.configuration = configuration;
    this.statistics = statistics;
    this.near = near;
    this.nearStatistics = new NearCacheStatistics(near, watch, delays, unreadableReads);
    this.configurationBean = new JmxRegistration(JmxRegistration.Type.CacheConfiguration, managerUri, cacheName);
    this.statisticsBean = new JmxRegistration(JmxRegistration.Type.CacheStatistics, managerUri, cacheName);
    this.nearStatisticsBean = new JmxRegistration(JmxRegistration.Type.NearCacheStatistics, managerUri, cacheName);
  }

  /** Turns statistics on or off, with their MXBeans: the JSR-107 one and the near-cache's. */
  public void enableStatistics(boolean enabled) {
    configuration.setStatisticsEnabled(enabled);
    statistics.setEnabled(enabled);
    near.countReads(enabled);
    if (enabled) {
      statisticsBean.register(statistics);
      nearStatisticsBean.register(nearStatistics);
    } else {
      statisticsBean.unregister();
      nearStatisticsBean.unregister();
    }
  }

  /** Turns the configuration MXBean on or off. */
  public void enableManagement(boolean enabled) {
    configuration.setManagementEnabled(enabled);
    if (enabled) {
      configurationBean.register(new CacheConfigurationBean(() -> configuration));
    } else {
      configurationBean.unregister();
    }
  }

  /** Unregisters every bean of the cache. */
  public void unregisterAll() {
    configurationBean.unregister();
    statisticsBean.unregister();
    nearStatisticsBean.unregister();
  }
}
