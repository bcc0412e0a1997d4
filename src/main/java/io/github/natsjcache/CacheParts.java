package io.github.natsjcache;

import io.github.natsjcache.bucket.BucketStatus;
import io.github.natsjcache.entry.Entries;
import io.github.natsjcache.event.EventDispatcher;
import io.github.natsjcache.expiry.Expiry;
import io.github.natsjcache.integration.ReadThrough;
import io.github.natsjcache.integration.WriteThrough;
import io.github.natsjcache.management.CacheBeans;
import io.github.natsjcache.management.CacheStatistics;
import io.github.natsjcache.near.CacheWatch;
import io.github.natsjcache.operation.BulkOperations;
import io.github.natsjcache.operation.ConditionalWriter;
import io.github.natsjcache.operation.OutcomeReporter;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Everything a cache is made of besides its name and configuration, built by the {@link CacheFactory}.
 *
 * @param entries the cache's entries: near-cached, strict or by reference, as configured
 * @param writer the one place where a key changes
 * @param bulk the multi-key operations
 * @param expiry the expiry policy as deadlines
 * @param loader the cache loader, or {@code null} when none is configured
 * @param writeThrough the cache writer, or {@code null} when the cache does not write through
 * @param events the listeners
 * @param statistics the JSR-107 statistics
 * @param reporter turns outcomes into events and statistics
 * @param beans the MXBeans
 * @param watch the bucket's watch, started on first need
 * @param status reads what {@code nats kv status} shows of the bucket
 * @param <K> the key type
 * @param <V> the value type
 */
record CacheParts<K, V>(Entries<K, V> entries, ConditionalWriter<K, V> writer, BulkOperations<K, V> bulk,
    Expiry expiry, @Nullable ReadThrough<K, V> loader, @Nullable WriteThrough<K, V> writeThrough,
    EventDispatcher<K, V> events, CacheStatistics statistics, OutcomeReporter<K, V> reporter, CacheBeans beans,
    CacheWatch<K, V> watch, Supplier<BucketStatus> status) {}
