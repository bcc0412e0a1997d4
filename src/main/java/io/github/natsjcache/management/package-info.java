/**
 * Statistics and JMX: JSR-107's {@code CacheMXBean} and {@code CacheStatisticsMXBean}, and ours for the
 * near-cache, {@link io.github.natsjcache.management.NearCacheStatisticsMXBean} (API: its attributes are what
 * operators read). Everything else here is internal.
 */
@NullMarked
package io.github.natsjcache.management;

import org.jspecify.annotations.NullMarked;
