package io.github.natsjcache.benchmarks.peers;

import javax.cache.Cache;
import javax.cache.CacheManager;

/** A peer's {@link CacheManager} together with whatever it runs on, closed together at the end of a trial. */
interface PeerConnection extends AutoCloseable {

  /** The manager the benchmark's caches are created on. */
  CacheManager cacheManager();

  /**
   * Checks a cache just created, failing if it would not measure what the peer stands for.
   *
   * @throws IllegalStateException if it would not
   */
  default void check(Cache<?, ?> cache) {}

  /** Closes the manager, then stops what this connection started. */
  @Override
  void close();

  /** A connection that is only a manager: the in-process peers and those on a server someone else runs. */
  static PeerConnection of(CacheManager manager) {
    return new PeerConnection() {
      @Override
      public CacheManager cacheManager() {
        return manager;
      }

      @Override
      public void close() {
        manager.close();
      }
    };
  }
}
