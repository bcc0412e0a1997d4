package io.github.natsjcache.benchmarks.peers;

import io.github.natsjcache.benchmarks.servers.LocalNatsServer;
import io.github.natsjcache.benchmarks.servers.TeardownGuard;
import java.net.URI;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cache manager of one {@link Peer} for a trial, and the caches the benchmarks create on it.
 *
 * <p>Each peer is opened as a user would open it, by provider class name (several providers share the class path):
 * <ul>
 *   <li>{@code nats-jcache}, {@code nats-jcache-nonear}: a manager on the trial's private server
 *       ({@link LocalNatsServer}) with the provider's defaults, or with {@code nearCache=false};
 *   <li>{@code caffeine}: Caffeine's provider on its default URI;
 *   <li>{@code hazelcast}: a client with a near cache on a member JVM started for the trial
 *       ({@link HazelcastConnection});
 *   <li>{@code redisson}: Redisson on a {@code redis-server} started for the trial ({@link RedissonConnection}).
 * </ul>
 * The nats server is started for every peer (it is a JMH state this one depends on) and used only by the nats ones.
 * Teardown closes the manager and stops exactly the processes this state started. After a failure JMH tears down
 * nothing; {@link TeardownGuard} then closes the connection once JMH is done.
 */
@State(Scope.Benchmark)
public class PeerCaches {

  private static final String NATS_PROVIDER = "io.github.natsjcache.NatsCachingProvider";
  private static final String CAFFEINE_PROVIDER = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
  private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

  static {
    // Looking up any provider instantiates all of them, Redisson's too, whose SLF4J has no backend in this jar: it
    // falls back to discarding its logs either way, but would say so in three warning lines in every fork's output.
    if (System.getProperty(SLF4J_VERBOSITY) == null) {
      System.setProperty(SLF4J_VERBOSITY, "ERROR");
    }
  }

  /** The peer's id ({@link Peer#id()}); the launcher narrows it to the peers that can run here. */
  @Param({"nats-jcache", "nats-jcache-nonear", "caffeine", "hazelcast", "redisson"})
  public String peer;

  private Peer chosen;
  private PeerConnection connection;
  private TeardownGuard.Pending closeConnection;

  /**
   * Opens the peer's manager, starting its server if it needs one.
   *
   * @throws IllegalStateException if the peer cannot run on this machine or its server does not start
   */
  @Setup(Level.Trial)
  public void open(LocalNatsServer nats) {
    chosen = Peer.of(peer);
    chosen.unavailableReason().ifPresent(reason -> {
      throw new IllegalStateException("Peer " + peer + " cannot run on this machine: " + reason);
    });
    ClassLoader classLoader = PeerCaches.class.getClassLoader();
    connection = switch (chosen) {
      case NATS_JCACHE -> nats(nats, new Properties(), classLoader);
      case NATS_JCACHE_NONEAR -> nats(nats, nearCacheOff(), classLoader);
      case CAFFEINE -> caffeine(classLoader);
      case HAZELCAST -> HazelcastConnection.open(classLoader);
      case REDISSON -> RedissonConnection.open(classLoader);
    };
    closeConnection = TeardownGuard.pending(connection::close);
  }

  private static PeerConnection nats(LocalNatsServer nats, Properties properties, ClassLoader classLoader) {
    CachingProvider provider = Caching.getCachingProvider(NATS_PROVIDER, classLoader);
    return PeerConnection.of(provider.getCacheManager(URI.create(nats.url()), classLoader, properties));
  }

  private static Properties nearCacheOff() {
    Properties properties = new Properties();
    properties.setProperty("nearCache", "false");
    return properties;
  }

  private static PeerConnection caffeine(ClassLoader classLoader) {
    CachingProvider provider = Caching.getCachingProvider(CAFFEINE_PROVIDER, classLoader);
    return PeerConnection.of(provider.getCacheManager(provider.getDefaultURI(), classLoader));
  }

  /**
   * Creates a cache of {@code keyType -> valueType} with the JCache defaults otherwise (store-by-value, eternal, no
   * statistics, no listeners, no loader or writer).
   *
   * @throws IllegalStateException if the peer's cache would not measure what the peer stands for (a Hazelcast cache
   *     without a near cache)
   */
  public <K, V> Cache<K, V> createCache(String name, Class<K> keyType, Class<V> valueType) {
    Cache<K, V> cache = connection.cacheManager().createCache(name,
        new MutableConfiguration<K, V>().setTypes(keyType, valueType));
    connection.check(cache);
    return cache;
  }

  /** The peer of this trial. */
  public Peer peer() {
    return chosen;
  }

  /** Closes the manager and stops the server this state started, if any. */
  @TearDown(Level.Trial)
  public void close() {
    if (closeConnection != null) {
      closeConnection.run();
      closeConnection = null;
    }
  }
}
