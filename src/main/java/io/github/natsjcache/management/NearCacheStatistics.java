package io.github.natsjcache.management;

import io.github.natsjcache.near.InvalidationDelays;
import io.github.natsjcache.near.NearCache;
import io.github.natsjcache.store.BucketWatch;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The {@link NearCacheStatisticsMXBean} of one cache: read live from its near-cache and its watch. */
public final class NearCacheStatistics implements NearCacheStatisticsMXBean {

  private final @Nullable NearCache<?, ?> near;
  private final Supplier<@Nullable BucketWatch> watch;
  private final InvalidationDelays delays;

  /**
   * Creates the bean.
   *
   * @param near the near-cache, or {@code null} when the cache has none
   * @param watch the bucket's watch, {@code null} while the cache needs none (no near-cache, no listeners)
   * @param delays how long remote writes took to arrive
   */
  public NearCacheStatistics(@Nullable NearCache<?, ?> near, Supplier<@Nullable BucketWatch> watch,
      InvalidationDelays delays) {
    this.near = near;
    this.watch = watch;
    this.delays = delays;
  }

  @Override
  public boolean isNearCacheEnabled() {
    return near != null;
  }

  @Override
  public long getNearHits() {
    return near == null ? 0 : near.hits();
  }

  @Override
  public long getNearMisses() {
    return near == null ? 0 : near.misses();
  }

  @Override
  public float getNearHitPercentage() {
    long reads = getNearHits() + getNearMisses();
    return reads == 0 ? 0f : getNearHits() * 100f / reads;
  }

  @Override
  public long getInvalidations() {
    return near == null ? 0 : near.invalidations();
  }

  @Override
  public long getEvictions() {
    return near == null ? 0 : near.evictions();
  }

  @Override
  public boolean isWatchHealthy() {
    BucketWatch running = watch.get();
    return running == null || running.isHealthy();
  }

  @Override
  public long getWatchLag() {
    BucketWatch running = watch.get();
    return running == null ? 0 : running.lag();
  }

  @Override
  public long getLastInvalidationDelayMillis() {
    return delays.lastMillis();
  }

  @Override
  public double getAverageInvalidationDelayMillis() {
    return delays.averageMillis();
  }

  @Override
  public long getMaxInvalidationDelayMillis() {
    return delays.maxMillis();
  }
}
