package io.github.natsjcache.benchmarks.peers;

import io.github.natsjcache.benchmarks.servers.RedisServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/**
 * Redisson's JCache on a private {@code redis-server}.
 *
 * <p>Redisson's provider reads its client configuration from the manager's URI (a YAML file), so a manager on such
 * a URI creates and owns its Redisson client: every cache created on it, with a plain {@code MutableConfiguration},
 * uses that client, and closing the manager shuts the client down. The file lives in the server's directory and
 * goes with it. Everything else is Redisson's default (its codec, connection pool and threads).
 */
final class RedissonConnection implements PeerConnection {

  private static final String PROVIDER = "org.redisson.jcache.JCachingProvider";

  private final RedisServerProcess redis;
  private final CacheManager manager;

  private RedissonConnection(RedisServerProcess redis, CacheManager manager) {
    this.redis = redis;
    this.manager = manager;
  }

  /**
   * Starts a server and opens a manager whose Redisson client is connected to it.
   *
   * @throws IllegalStateException if the server does not start (a client that cannot connect throws Redisson's
   *     exception); the server is stopped again
   */
  static RedissonConnection open(ClassLoader classLoader) {
    RedisServerProcess redis = RedisServerProcess.start();
    try {
      CachingProvider provider = Caching.getCachingProvider(PROVIDER, classLoader);
      CacheManager manager = provider.getCacheManager(writeClientConfig(redis).toUri(), classLoader);
      return new RedissonConnection(redis, manager);
    } catch (RuntimeException e) {
      redis.close();
      throw e;
    }
  }

  private static Path writeClientConfig(RedisServerProcess redis) {
    Path file = redis.directory().resolve("redisson-jcache.yaml");
    try {
      return Files.writeString(file, "singleServerConfig:\n  address: \"" + redis.address() + "\"\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  @Override
  public CacheManager cacheManager() {
    return manager;
  }

  /** Closes the manager (and so its Redisson client), then stops the server. */
  @Override
  public void close() {
    try {
      manager.close();
    } finally {
      redis.close();
    }
  }
}
