package io.github.natsjcache;

import io.github.natsjcache.expiry.Expiry;
import io.github.natsjcache.integration.ReadThrough;
import io.github.natsjcache.integration.WriteThrough;
import io.github.natsjcache.near.InvalidationDelays;
import io.github.natsjcache.near.NearCache;
import io.github.natsjcache.near.RemoteListener;
import io.github.natsjcache.store.BucketWatch;
import io.github.natsjcache.store.Entries;
import org.jspecify.annotations.Nullable;

/**
 * What the factory builds a cache from, besides its name and configuration.
 *
 * @param entries the cache's entries in its bucket
 * @param expiry the expiry policy as deadlines
 * @param loader the cache loader, or {@code null} when none is configured
 * @param writer the cache writer, or {@code null} when the cache does not write through
 * @param watcher starts the watch that keeps this node fresh and hears other nodes' changes
 * @param near the near-cache, or {@code null} when the cache has none
 * @param delays how long other nodes' writes take to arrive, as the watch records them
 * @param <K> the key type
 * @param <V> the value type
 */
record CacheParts<K, V>(Entries<K, V> entries, Expiry expiry, @Nullable ReadThrough<K, V> loader,
    @Nullable WriteThrough<K, V> writer, CacheParts.WatchStarter<K, V> watcher,
    @Nullable NearCache<K, V> near, InvalidationDelays delays) {

  /** Starts the watch of the cache's bucket. */
  @FunctionalInterface
  interface WatchStarter<K, V> {
    /**
     * Starts following the bucket from its next message.
     *
     * @param listener where the changes of other nodes go
     * @param headersOnly whether changes may come without their values, since no listener needs them
     * @return the running watch
     */
    BucketWatch start(RemoteListener<K, V> listener, boolean headersOnly);
  }
}
