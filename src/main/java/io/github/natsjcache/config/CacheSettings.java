package io.github.natsjcache.config;

import java.time.Duration;

/**
 * The NATS-side settings of one cache: its value codec and its bucket.
 *
 * @param codec the value codec's name ({@code java}, {@code string}, {@code bytes}, {@code json})
 * @param bucket the bucket's JetStream settings
 * @param referenceCapacity how many of its own instances a store-by-reference cache keeps on this node
 * @param nearCache whether reads are served from this node's near-cache when it can prove them fresh
 * @param nearCacheMaxEntries how many keys the near-cache keeps
 * @param strict whether a write returns only after every live node has applied it
 * @param strictTimeout how long a strict write waits for the other nodes at most
 * @param listenerBacklog how many events may wait for the cache's listeners on this node before changes wait
 */
public record CacheSettings(String codec, BucketSettings bucket, int referenceCapacity, boolean nearCache,
    long nearCacheMaxEntries, boolean strict, Duration strictTimeout, int listenerBacklog) {

  /** Checks the capacities. */
  public CacheSettings {
    if (referenceCapacity < 0) {
      throw new IllegalArgumentException("referenceCapacity must not be negative, not " + referenceCapacity);
    }
    if (listenerBacklog < 1) {
      throw new IllegalArgumentException("listenerBacklog must be positive, not " + listenerBacklog);
    }
    if (nearCacheMaxEntries < 1) {
      throw new IllegalArgumentException("nearCache.maxEntries must be positive, not " + nearCacheMaxEntries);
    }
  }
}
