package io.github.natsjcache.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Publishes nats-jcache's near-cache and staleness figures as Micrometer meters, read over JMX from the
 * {@code io.github.natsjcache:type=NearCacheStatistics,CacheManager=<uri>,Cache=<name>} MXBean that the provider
 * registers beside JSR-107's statistics (statistics must be enabled on the cache). Needs nothing but
 * micrometer-core and the JCache API at compile time: copy this class into your application.
 *
 * <p>Meters, each tagged {@code cache=<name>} plus the tags given:
 *
 * <ul>
 *   <li>{@code natsjcache.near.gets} (function counter, {@code result=hit|miss}): reads served from memory / from the
 *       bucket
 *   <li>{@code natsjcache.near.invalidations} (function counter): values dropped because the bucket changed
 *   <li>{@code natsjcache.near.evictions} (function counter): values dropped for the near-cache's size bound
 *   <li>{@code natsjcache.watch.lag} (gauge): bucket messages the node's watch has not applied yet
 *   <li>{@code natsjcache.watch.healthy} (gauge, 1 or 0): whether the watch is caught up (else reads skip memory)
 *   <li>{@code natsjcache.invalidation.delay} (time gauge, {@code stat=avg|max|last}): from another node's write
 *       being stored to this node applying it
 * </ul>
 *
 * <p>While the MXBean is not registered (statistics off, cache closed), the gauges read {@code NaN} and the
 * counters 0.
 */
public final class NatsNearCacheMetrics implements MeterBinder {

  private final ObjectName name;
  private final Iterable<Tag> tags;

  /**
   * Watches one cache of one node.
   *
   * @param cache the cache (its manager's URI and its name make the MXBean's name)
   * @param tags extra tags, e.g. the node
   */
  public NatsNearCacheMetrics(Cache<?, ?> cache, Iterable<Tag> tags) {
    this.name = objectName(cache.getCacheManager().getURI().toString(), cache.getName());
    this.tags = Tags.concat(tags, "cache", cache.getName());
  }

  /**
   * Binds the meters of one cache; the same as {@code new NatsNearCacheMetrics(cache, Tags.of(tags)).bindTo(registry)}.
   *
   * @param registry where the meters go
   * @param cache the cache
   * @param tags extra tags as key/value pairs
   * @return the cache
   */
  public static <C extends Cache<?, ?>> C monitor(MeterRegistry registry, C cache, String... tags) {
    new NatsNearCacheMetrics(cache, Tags.of(tags)).bindTo(registry);
    return cache;
  }

  /**
   * The MXBean's name as the provider forms it: in the manager URI and the cache name, {@code , : = * ? "} and line
   * breaks become {@code .}.
   */
  static ObjectName objectName(String managerUri, String cacheName) {
    try {
      return new ObjectName("io.github.natsjcache:type=NearCacheStatistics,CacheManager=" + safe(managerUri)
          + ",Cache=" + safe(cacheName));
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException("No JMX name for cache '" + cacheName + "'", e);
    }
  }

  private static String safe(String text) {
    return text.replaceAll("[,:=\\n*?\"]", ".");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    // The platform MBeanServer outlives every meter: Micrometer holds a meter's state object weakly.
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    FunctionCounter.builder("natsjcache.near.gets", server, s -> counter(s, "NearHits"))
        .tags(tags).tag("result", "hit").description("Reads served from the near-cache").register(registry);
    FunctionCounter.builder("natsjcache.near.gets", server, s -> counter(s, "NearMisses"))
        .tags(tags).tag("result", "miss").description("Reads that went to the bucket").register(registry);
    FunctionCounter.builder("natsjcache.near.invalidations", server, s -> counter(s, "Invalidations"))
        .tags(tags).description("Near-cache values dropped because the bucket changed").register(registry);
    FunctionCounter.builder("natsjcache.near.evictions", server, s -> counter(s, "Evictions"))
        .tags(tags).description("Near-cache values dropped for its size bound").register(registry);
    Gauge.builder("natsjcache.watch.lag", server, s -> gauge(s, "WatchLag"))
        .tags(tags).description("Bucket messages the watch has not applied yet").register(registry);
    Gauge.builder("natsjcache.watch.healthy", server, s -> gauge(s, "WatchHealthy"))
        .tags(tags).description("1 while the watch is caught up, else 0").register(registry);
    TimeGauge.builder("natsjcache.invalidation.delay", server, TimeUnit.MILLISECONDS,
            s -> gauge(s, "AverageInvalidationDelayMillis"))
        .tags(tags).tag("stat", "avg").description("Mean delay until another node's write is applied")
        .register(registry);
    TimeGauge.builder("natsjcache.invalidation.delay", server, TimeUnit.MILLISECONDS,
            s -> gauge(s, "MaxInvalidationDelayMillis"))
        .tags(tags).tag("stat", "max").description("Longest delay until another node's write is applied")
        .register(registry);
    TimeGauge.builder("natsjcache.invalidation.delay", server, TimeUnit.MILLISECONDS,
            s -> gauge(s, "LastInvalidationDelayMillis"))
        .tags(tags).tag("stat", "last").description("Delay of the last write from another node")
        .register(registry);
  }

  private double counter(MBeanServer server, String attribute) {
    double value = gauge(server, attribute);
    return Double.isNaN(value) ? 0 : value;
  }

  private double gauge(MBeanServer server, String attribute) {
    try {
      Object value = server.getAttribute(name, attribute);
      if (value instanceof Boolean b) {
        return b ? 1 : 0;
      }
      return value instanceof Number n ? n.doubleValue() : Double.NaN;
    } catch (JMException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
