package io.github.natsjcache.benchmarks.peers;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.cache.ICache;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nearcache.NearCacheStats;
import io.github.natsjcache.benchmarks.servers.HazelcastMemberProcess;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * Hazelcast's JCache client with a near cache on every cache, connected to a member in another JVM.
 *
 * <p>The client is built from a {@link ClientConfig} and handed to Hazelcast's client caching provider as the
 * manager's instance ({@link HazelcastCachingProvider#propertiesByInstanceItself}), the documented way to give a
 * JCache manager an existing client. Its near cache ({@code NearCacheConfig("*")}, every cache name) keeps
 * Hazelcast's defaults, the configuration a user who only switches it on gets:
 * <ul>
 *   <li>invalidate on change: the member tells the client about other writers' changes, so hits stay coherent, as
 *       nats-jcache's watch keeps its own near-cache;
 *   <li>in-memory format BINARY: a hit deserializes a fresh copy. OBJECT would hand out the stored instance itself,
 *       which is store-by-reference for mutable values, and the benchmark's caches are store-by-value. (nats-jcache
 *       skips the copy only for immutable values such as {@code String} and {@code Integer}.)
 *   <li>up to 10,000 entries (LRU), the same as nats-jcache's default {@code nearCache.maxEntries}; local updates
 *       invalidate the entry, so the next read of a key written here goes to the member once.
 * </ul>
 *
 * <p>Opening proves that the near cache serves hits (a probe cache read twice must count one), and {@link #check}
 * proves that each cache created has a near cache: a Hazelcast peer without one would measure remote reads only.
 */
final class HazelcastConnection implements PeerConnection {

  private static final String CLIENT_PROVIDER = "com.hazelcast.client.cache.HazelcastClientCachingProvider";
  private static final long CONNECT_TIMEOUT_MILLIS = 30_000;
  private static final String PROBE_CACHE = "peer-near-cache-probe";
  /** Held strongly: JUL keeps loggers weakly, and a collected logger would forget its level. */
  private static final Logger HAZELCAST_LOGS = Logger.getLogger("com.hazelcast");

  private final HazelcastMemberProcess member;
  private final HazelcastInstance client;
  private final CacheManager manager;

  private HazelcastConnection(HazelcastMemberProcess member, HazelcastInstance client, CacheManager manager) {
    this.member = member;
    this.client = client;
    this.manager = manager;
  }

  /**
   * Starts a member, connects a client to it and opens a manager on that client.
   *
   * @throws IllegalStateException if the member does not start, the client does not connect, or the near cache
   *     serves no hit; whatever was started is stopped again
   */
  static HazelcastConnection open(ClassLoader classLoader) {
    // The client's INFO lines (lifecycle, partitions, members) would interleave with JMH's output; warnings stay.
    HAZELCAST_LOGS.setLevel(Level.WARNING);
    HazelcastMemberProcess member = HazelcastMemberProcess.start();
    HazelcastInstance client = null;
    try {
      client = connect(member);
      CachingProvider provider = Caching.getCachingProvider(CLIENT_PROVIDER, classLoader);
      CacheManager manager = provider.getCacheManager(provider.getDefaultURI(), classLoader,
          HazelcastCachingProvider.propertiesByInstanceItself(client));
      HazelcastConnection connection = new HazelcastConnection(member, client, manager);
      connection.proveNearCacheHits();
      return connection;
    } catch (RuntimeException e) {
      if (client != null) {
        client.shutdown();
      }
      member.close();
      throw e;
    }
  }

  private static HazelcastInstance connect(HazelcastMemberProcess member) {
    ClientConfig config = new ClientConfig().setClusterName(member.clusterName())
        .setInstanceName(member.clusterName() + "-client")
        .setProperty("hazelcast.logging.type", "jdk")
        .addNearCacheConfig(new NearCacheConfig("*").setInvalidateOnChange(true));
    config.getNetworkConfig().addAddress(member.address());
    config.getConnectionStrategyConfig().getConnectionRetryConfig()
        .setClusterConnectTimeoutMillis(CONNECT_TIMEOUT_MILLIS);
    try {
      return HazelcastClient.newHazelcastClient(config);
    } catch (RuntimeException e) {
      throw new IllegalStateException("The Hazelcast client did not connect to " + member.address()
          + "; the member's output:\n" + member.logTail(), e);
    }
  }

  /** Reads a key twice in a throwaway cache: the second read must be a near-cache hit. */
  private void proveNearCacheHits() {
    Cache<String, String> probe = manager.createCache(PROBE_CACHE,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    try {
      probe.put("key", "value");
      probe.get("key");
      probe.get("key");
      NearCacheStats stats = nearCacheStats(probe);
      if (stats.getHits() < 1) {
        throw new IllegalStateException("Hazelcast's near cache served no hit for a key read twice: " + stats);
      }
    } finally {
      manager.destroyCache(PROBE_CACHE);
    }
  }

  @Override
  public void check(Cache<?, ?> cache) {
    nearCacheStats(cache);
  }

  private static NearCacheStats nearCacheStats(Cache<?, ?> cache) {
    try {
      return cache.unwrap(ICache.class).getLocalCacheStatistics().getNearCacheStatistics();
    } catch (UnsupportedOperationException e) {
      // Hazelcast's way of saying that this cache has no near cache.
      throw new IllegalStateException("Hazelcast cache " + cache.getName() + " has no near cache", e);
    }
  }

  @Override
  public CacheManager cacheManager() {
    return manager;
  }

  /** Closes the manager and the client, then stops the member. */
  @Override
  public void close() {
    try {
      manager.close();
      client.shutdown();
    } finally {
      member.close();
    }
  }
}
