package io.github.natsjcache.config;

import java.time.Duration;

/**
 * The JetStream settings of a cache's KV bucket.
 *
 * @param replicas how many servers keep a copy (1, 3 or 5 in a cluster)
 * @param memoryStorage whether the bucket lives in memory rather than in files
 * @param maxBytes the bucket's size limit in bytes, or -1 for none
 * @param compressed whether the bucket's stream is S2-compressed (nats-server 2.10+)
 * @param deleteMarkerTtl how long the marker a removal leaves stays in the bucket (at least a second)
 */
public record BucketSettings(int replicas, boolean memoryStorage, long maxBytes, boolean compressed,
    Duration deleteMarkerTtl) {

  /** Checks the settings, so a bad one fails before any bucket is touched. */
  public BucketSettings {
    if (replicas < 1 || replicas > 5) {
      throw new IllegalArgumentException("replicas must be between 1 and 5, not " + replicas);
    }
    if (deleteMarkerTtl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("deleteMarkerTtl must be at least 1s, not " + deleteMarkerTtl);
    }
    if (maxBytes < -1 || maxBytes == 0) {
      throw new IllegalArgumentException("maxBytes must be positive or -1 (no limit), not " + maxBytes);
    }
  }
}
