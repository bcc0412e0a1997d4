package io.github.natsjcache.management;

import io.github.natsjcache.near.CacheWatch;
import io.github.natsjcache.near.InvalidationDelays;
import io.github.natsjcache.near.NearCache;
import java.util.function.LongSupplier;

/** The {@link NearCacheStatisticsMXBean} of one cache: read live from its near-cache and its watch. */
final class NearCacheStatistics implements NearCacheStatisticsMXBean {

  private final NearCache<?, ?> near;
  private final CacheWatch<?, ?> watch;
  private final InvalidationDelays delays;
  private final LongSupplier unreadableReads;

  NearCacheStatistics(NearCache<?, ?> near, CacheWatch<?, ?> watch, InvalidationDelays delays,
      LongSupplier unreadableReads) {
    this.near = near;
    this.watch = watch;
    this.delays = delays;
    this.unreadableReads = unreadableReads;
  }

  @Override
  public long getUnreadableReads() {
    return unreadableReads.getAsLong();
  }

  @Override
  public boolean isNearCacheEnabled() {
    return near.isEnabled();
  }

  @Override
  public long getNearHits() {
    return near.hits();
  }

  @Override
  public long getNearMisses() {
    return near.misses();
  }

  @Override
  public float getNearHitPercentage() {
    long reads = getNearHits() + getNearMisses();
    return reads == 0 ? 0f : getNearHits() * 100f / reads;
  }

  @Override
  public long getInvalidations() {
    return near.invalidations();
  }

  @Override
  public long getEvictions() {
    return near.evictions();
  }

  @Override
  public boolean isWatchHealthy() {
    return watch.isHealthy();
  }

  @Override
  public long getWatchLag() {
    return watch.lag();
  }

  @Override
  public long getWatchResubscriptions() {
    return watch.resubscriptions();
  }

  @Override
  public long getWatchMissedChanges() {
    return watch.missedChanges();
  }

  @Override
  public int getWatchFailedResubscriptions() {
    return watch.failedResubscriptions();
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
