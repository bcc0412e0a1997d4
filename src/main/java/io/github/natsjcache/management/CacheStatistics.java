package io.github.natsjcache.management;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * The JSR-107 statistics of one cache on this node, as its {@link CacheStatisticsMXBean} shows them.
 *
 * <p>Counting costs nothing while statistics are off: every record method returns at the first check of a volatile
 * flag, and callers read the clock only through {@link #startTimer()}, which returns 0 then.
 */
public final class CacheStatistics implements CacheStatisticsMXBean {

  private volatile boolean enabled;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();

  /**
   * Creates the statistics.
   *
   * @param enabled whether counting starts on
   */
  public CacheStatistics(boolean enabled) {
    this.enabled = enabled;
  }

  /** Whether counting is on. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Turns counting on or off; the counts so far stay. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** The start of a timed operation: {@link System#nanoTime()}, or 0 when statistics are off. */
  public long startTimer() {
    return enabled ? System.nanoTime() : 0;
  }

  /** Counts lookups that found a value, and the time since {@code start}. */
  public void recordHits(int count, long start) {
    if (enabled && count > 0) {
      hits.add(count);
      getNanos.add(System.nanoTime() - start);
    }
  }

  /** Counts lookups that found no value, and the time since {@code start}. */
  public void recordMisses(int count, long start) {
    if (enabled && count > 0) {
      misses.add(count);
      getNanos.add(System.nanoTime() - start);
    }
  }

  /** Counts stored values, and the time since {@code start}. */
  public void recordPuts(int count, long start) {
    if (enabled && count > 0) {
      puts.add(count);
      putNanos.add(System.nanoTime() - start);
    }
  }

  /** Counts removed values, and the time since {@code start}. */
  public void recordRemovals(int count, long start) {
    if (enabled && count > 0) {
      removals.add(count);
      removeNanos.add(System.nanoTime() - start);
    }
  }

  @Override
  public void clear() {
    hits.reset();
    misses.reset();
    puts.reset();
    removals.reset();
    getNanos.reset();
    putNanos.reset();
    removeNanos.reset();
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    return percentage(getCacheHits(), getCacheGets());
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    return percentage(getCacheMisses(), getCacheGets());
  }

  @Override
  public long getCacheGets() {
    return hits.sum() + misses.sum();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  /** Always 0: a bucket never evicts; its size limit makes writes fail instead. */
  @Override
  public long getCacheEvictions() {
    return 0;
  }

  @Override
  public float getAverageGetTime() {
    return averageMicros(getNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return averageMicros(putNanos.sum(), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return averageMicros(removeNanos.sum(), getCacheRemovals());
  }

  private static float percentage(long part, long whole) {
    return whole == 0 ? 0f : part * 100f / whole;
  }

  private static float averageMicros(long nanos, long count) {
    return count == 0 ? 0f : nanos / 1000f / count;
  }
}
