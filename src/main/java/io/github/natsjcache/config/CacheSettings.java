package io.github.natsjcache.config;

/**
 * The NATS-side settings of one cache: its value codec and its bucket.
 *
 * @param codec the value codec's name ({@code java}, {@code string}, {@code bytes}, {@code json})
 * @param bucket the bucket's JetStream settings
 */
public record CacheSettings(String codec, BucketSettings bucket) {}
