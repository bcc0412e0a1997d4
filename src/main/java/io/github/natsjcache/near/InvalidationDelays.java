package io.github.natsjcache.near;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * How long other nodes' writes take to reach this node: from the server storing a write to this node's watch
 * applying it. The server's clock stamps the write and this node's clock the arrival, so the figure includes any
 * skew between the two machines.
 */
public final class InvalidationDelays {

  /** Creates an empty record. */
  public InvalidationDelays() {}

  private final LongAdder count = new LongAdder();
  private final LongAdder totalMillis = new LongAdder();
  private final AtomicLong maxMillis = new AtomicLong();
  private volatile long lastMillis;

  void record(long publishedAt, long appliedAt) {
    long delay = Math.max(0, appliedAt - publishedAt);
    count.increment();
    totalMillis.add(delay);
    maxMillis.accumulateAndGet(delay, Math::max);
    lastMillis = delay;
  }

  /** The delay of the last remote write applied, in milliseconds. */
  public long lastMillis() {
    return lastMillis;
  }

  /** The mean delay, in milliseconds; 0 before the first remote write. */
  public double averageMillis() {
    long writes = count.sum();
    return writes == 0 ? 0 : (double) totalMillis.sum() / writes;
  }

  /** The longest delay seen, in milliseconds. */
  public long maxMillis() {
    return maxMillis.get();
  }
}
