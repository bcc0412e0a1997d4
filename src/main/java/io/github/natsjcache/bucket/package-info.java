/**
 * What a cache's KV bucket looks like to NATS tools: {@link io.github.natsjcache.bucket.BucketStatus}, as
 * {@link io.github.natsjcache.NatsCache#bucketStatus()} returns it; and
 * {@link io.github.natsjcache.bucket.OutcomeUnknownException}, for a write the bucket did not say it applied or not.
 *
 * <p>API.
 */
@NullMarked
package io.github.natsjcache.bucket;

import org.jspecify.annotations.NullMarked;
