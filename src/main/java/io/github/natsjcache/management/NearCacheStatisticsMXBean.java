package io.github.natsjcache.management;

/**
 * What a cache's near-cache and bucket watch do on this node, registered next to the JSR-107 statistics as
 * {@code io.github.natsjcache:type=NearCacheStatistics,CacheManager=<uri>,Cache=<name>}.
 */
public interface NearCacheStatisticsMXBean {

  /** Whether the cache has a near-cache on this node. */
  boolean isNearCacheEnabled();

  /** Reads served from memory. */
  long getNearHits();

  /** Reads that went to the bucket. */
  long getNearMisses();

  /** The share of reads served from memory, in percent. */
  float getNearHitPercentage();

  /** Values dropped because the bucket changed. */
  long getInvalidations();

  /** Values dropped to respect the near-cache's size bound. */
  long getEvictions();

  /**
   * Whether the watch is subscribed and caught up; while it is not, nothing is served from memory. Also {@code true}
   * for a cache that needs no watch (no near-cache and no listeners), which runs none.
   */
  boolean isWatchHealthy();

  /**
   * How many of the bucket's messages the watch has not applied yet, as it knows: the stream's last message as its
   * checks (every second), its deliveries and this node's writes told it. Reading it asks the server nothing: while
   * the server does not answer, the lag last known ({@link #isWatchHealthy()} says whether to trust it). 0 without a
   * watch.
   */
  long getWatchLag();

  /**
   * How many times the watch subscribed again (after a reconnection, a missed heartbeat, a stall, a recreated bucket,
   * or a failed attempt); 0 without a watch.
   */
  long getWatchResubscriptions();

  /**
   * How many of other writers' changes the watch never saw: the bucket keeps each key's last message only, so a
   * change overwritten (or purged) before this node's watch delivered it is gone, and its listeners did not hear it;
   * the next change of that key comes with the value the watch knew before. 0 while the watch keeps up. Counted
   * from the stream's sequences the watch went past, less this node's own latest writes (heard as they were made).
   */
  long getWatchMissedChanges();

  /**
   * How many resubscriptions in a row have failed; while not 0 the watch follows nothing (near-cache off, remote
   * events silent) and tries again, at most every 8 seconds.
   */
  int getWatchFailedResubscriptions();

  /**
   * How many reads found an entry this cache cannot read (written with another codec, a value class that changed, or
   * another client's bytes): each read as a miss, with a logged warning.
   */
  long getUnreadableReads();

  /** From a remote write being stored to this node applying it, the last one, in milliseconds. */
  long getLastInvalidationDelayMillis();

  /** From a remote write being stored to this node applying it, on average, in milliseconds. */
  double getAverageInvalidationDelayMillis();

  /** From a remote write being stored to this node applying it, at most, in milliseconds. */
  long getMaxInvalidationDelayMillis();
}
