package io.github.natsjcache;

import io.github.natsjcache.embedded.EmbeddedNatsServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.CacheManager;

/**
 * A real {@code nats-server -js} started with a configuration file written by the test (authorization, TLS), and
 * CacheManagers on it; closing it closes them, then the server.
 */
final class ConfiguredServer implements AutoCloseable {

  private final EmbeddedNatsServer server;
  private final List<CacheManager> nodes = new ArrayList<>();

  private ConfiguredServer(EmbeddedNatsServer server) {
    this.server = server;
  }

  /** Writes {@code configuration} to {@code directory} and starts a server with it. */
  static ConfiguredServer start(Path directory, String configuration) throws IOException {
    Path file = directory.resolve("nats-server.conf");
    Files.writeString(file, configuration);
    return new ConfiguredServer(EmbeddedNatsServer.start("-c", file.toString()));
  }

  /** The server's URL with the given scheme ({@code nats}, {@code tls}). */
  String url(String scheme) {
    return scheme + "://127.0.0.1:" + server.port();
  }

  /** A new node: a CacheManager with its own connection, through a provider of its own. */
  NatsCacheManager node(String scheme, Properties properties) {
    CacheManager manager = new NatsCachingProvider().getCacheManager(URI.create(url(scheme)),
        getClass().getClassLoader(), properties);
    nodes.add(manager);
    return manager.unwrap(NatsCacheManager.class);
  }

  @Override
  public void close() {
    nodes.forEach(CacheManager::close);
    server.close();
  }
}
