/**
 * The public face of nats-jcache: the JSR-107 {@link javax.cache.spi.CachingProvider} ({@link
 * io.github.natsjcache.NatsCachingProvider}, found by {@code Caching.getCachingProvider()}), its {@link
 * io.github.natsjcache.NatsCacheManager} (one node: one NATS connection) and {@link io.github.natsjcache.NatsCache}
 * (one cache: one JetStream KV bucket).
 *
 * <p>API. The rest of the cache is built by the package-private {@code CacheFactory}, in small steps.
 */
@NullMarked
package io.github.natsjcache;

import org.jspecify.annotations.NullMarked;
