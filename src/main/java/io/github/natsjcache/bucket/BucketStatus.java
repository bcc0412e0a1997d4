package io.github.natsjcache.bucket;

/**
 * What {@code nats kv status} shows of a bucket.
 *
 * @param name the bucket name
 * @param description the bucket's description; nats-jcache keeps the cache configuration there
 * @param entries how many messages the bucket's stream holds (values and delete markers)
 * @param bytes the stream's size in bytes
 * @param replicas the replication factor
 * @param storage {@code file} or {@code memory}
 */
public record BucketStatus(String name, String description, long entries, long bytes, int replicas,
    String storage) {}
