package io.github.natsjcache;

import io.github.natsjcache.embedded.EmbeddedNatsServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.CacheManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code nats-server -js} for one test class (random port, temporary store), and CacheManagers on it.
 *
 * <p>Each {@link #node()} is a separate CacheManager with its own connection, as a separate JVM would have; nodes
 * are closed after each test, the server after the class.
 */
public final class NatsTestServer implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

  private EmbeddedNatsServer server;
  private final List<CacheManager> nodes = new ArrayList<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    server = EmbeddedNatsServer.start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    nodes.forEach(CacheManager::close);
    nodes.clear();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.close();
  }

  /** The server's URL. */
  public String url() {
    return server.url();
  }

  /** The server process, for tests that stop it. */
  public EmbeddedNatsServer process() {
    return server;
  }

  /** A new node: a CacheManager with its own connection to this server. */
  public NatsCacheManager node() {
    return node(new Properties());
  }

  /** A new node with options. */
  public NatsCacheManager node(Properties properties) {
    return node(URI.create(url()), properties);
  }

  /** A new node on a URI of the test's choice. */
  public NatsCacheManager node(URI uri, Properties properties) {
    CacheManager manager = new NatsCachingProvider().getCacheManager(uri, getClass().getClassLoader(), properties);
    nodes.add(manager);
    return manager.unwrap(NatsCacheManager.class);
  }
}
