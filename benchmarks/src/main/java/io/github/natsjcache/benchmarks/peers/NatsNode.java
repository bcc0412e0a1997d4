package io.github.natsjcache.benchmarks.peers;

import io.github.natsjcache.NatsCachingProvider;
import io.github.natsjcache.benchmarks.servers.LocalNatsServer;
import io.github.natsjcache.benchmarks.servers.TeardownGuard;
import java.net.URI;
import java.util.Properties;
import javax.cache.CacheManager;

/**
 * One node of ours on the trial's server, with options of its own: a CacheManager of a provider instance of its
 * own, so several nodes in one JVM each have their own manager and connection (JSR-107 keeps one manager per URI and
 * class loader in a provider). Closed by its trial's teardown, or by {@link TeardownGuard} when JMH skips that.
 */
public final class NatsNode implements AutoCloseable {

  private final CacheManager manager;
  private final TeardownGuard.Pending close;

  private NatsNode(CacheManager manager) {
    this.manager = manager;
    this.close = TeardownGuard.pending(manager::close);
  }

  /** Opens a node on {@code server} with these provider options (README, "Options"). */
  public static NatsNode open(LocalNatsServer server, Properties options) {
    return new NatsNode(new NatsCachingProvider()
        .getCacheManager(URI.create(server.url()), NatsNode.class.getClassLoader(), options));
  }

  /** The node's manager. */
  public CacheManager manager() {
    return manager;
  }

  /** Closes the manager (and its connection), once. */
  @Override
  public void close() {
    close.run();
  }
}
