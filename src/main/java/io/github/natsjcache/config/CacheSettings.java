package io.github.natsjcache.config;

/**
 * The NATS-side settings of one cache: its value codec and its bucket.
 *
 * @param codec the value codec's name ({@code java}, {@code string}, {@code bytes}, {@code json})
 * @param bucket the bucket's JetStream settings
 * @param referenceCapacity how many of its own instances a store-by-reference cache keeps on this node
 */
public record CacheSettings(String codec, BucketSettings bucket, int referenceCapacity) {

  /** Checks the capacity. */
  public CacheSettings {
    if (referenceCapacity < 0) {
      throw new IllegalArgumentException("referenceCapacity must not be negative, not " + referenceCapacity);
    }
  }
}
