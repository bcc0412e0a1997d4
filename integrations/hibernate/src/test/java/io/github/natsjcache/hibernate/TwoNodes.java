package io.github.natsjcache.hibernate;

import io.github.natsjcache.embedded.EmbeddedNatsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.cache.CacheManager;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.cfg.Configuration;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.stat.Statistics;

/**
 * Two Hibernate "nodes" in one JVM: two SessionFactories on one H2 database, each with its own nats-jcache
 * CacheManager (its own connection) on one private nats-server.
 *
 * <p>JCache keeps one CacheManager per (URI, class loader), and hibernate-jcache asks for the manager of
 * {@code hibernate.javax.cache.uri} with the provider's default class loader. Two SessionFactories given the same URI in
 * one JVM would therefore share one manager (one node), and closing either would close it for both. So each node
 * gets its own copy of the configuration file. In production, where each JVM is one node, all nodes use the same
 * file (e.g. {@code classpath:nats-jcache.properties}).
 */
final class TwoNodes implements AutoCloseable {

  static final String PROVIDER = "io.github.natsjcache.NatsCachingProvider";

  final EmbeddedNatsServer server;
  final Path directory;
  final SessionFactory a;
  final SessionFactory b;

  private TwoNodes(EmbeddedNatsServer server, Path directory, SessionFactory a, SessionFactory b) {
    this.server = server;
    this.directory = directory;
    this.a = a;
    this.b = b;
  }

  /** What every node's configuration file holds (the servers line is added per test run). */
  static String configuration(String serverUrl) {
    return String.join("\n",
        "# nats-jcache configuration for Hibernate's second-level cache",
        "servers=" + serverUrl,
        "# A write returns only after every live node applied it: a read on node B after a commit on node A sees it.",
        "strict=true",
        "# Per-region options, without code: cache.<region name>.<option>",
        "cache.io.github.natsjcache.hibernate.Publisher.storage=memory",
        "cache.io.github.natsjcache.hibernate.Book.nearCache.maxEntries=50000",
        "");
  }

  static TwoNodes start() throws IOException {
    EmbeddedNatsServer server = EmbeddedNatsServer.start();
    Path directory = null;
    SessionFactory a = null;
    try {
      directory = Files.createTempDirectory("nats-jcache-hibernate-");
      String database = "jdbc:h2:mem:it_" + UUID.randomUUID().toString().replace("-", "")
          + ";DB_CLOSE_DELAY=-1";
      a = build(nodeFile(directory, "node-a", server.url()), database, "create-drop");
      SessionFactory b = build(nodeFile(directory, "node-b", server.url()), database, "none");
      return new TwoNodes(server, directory, a, b);
    } catch (RuntimeException | IOException e) {
      if (a != null) {
        a.close();
      }
      server.close();
      if (directory != null) {
        deleteTree(directory);
      }
      throw e;
    }
  }

  static Path nodeFile(Path directory, String node, String serverUrl) throws IOException {
    Path file = directory.resolve(node + ".properties");
    Files.writeString(file, configuration(serverUrl), StandardCharsets.UTF_8);
    return file;
  }

  private static SessionFactory build(Path cacheConfiguration, String database, String schemaAction) {
    Configuration configuration = new Configuration()
        .addAnnotatedClass(Author.class)
        .addAnnotatedClass(Book.class)
        .addAnnotatedClass(Publisher.class)
        .setProperty("hibernate.connection.url", database)
        .setProperty("hibernate.connection.username", "sa")
        .setProperty("hibernate.connection.password", "")
        .setProperty("hibernate.hbm2ddl.auto", schemaAction)
        // The second-level cache on nats-jcache: the properties a user copies.
        .setProperty("hibernate.cache.region.factory_class", "jcache")
        .setProperty("hibernate.javax.cache.provider", PROVIDER)
        .setProperty("hibernate.javax.cache.uri", cacheConfiguration.toUri().toString())
        .setProperty("hibernate.javax.cache.missing_cache_strategy", "create")
        .setProperty("hibernate.cache.use_second_level_cache", "true")
        .setProperty("hibernate.cache.use_query_cache", "true")
        .setProperty("hibernate.generate_statistics", "true");
    return configuration.buildSessionFactory();
  }

  /** The nats-jcache CacheManager behind a node's second-level cache. */
  static CacheManager cacheManager(SessionFactory node) {
    return ((JCacheRegionFactory) node.unwrap(SessionFactoryImplementor.class).getCache().getRegionFactory())
        .getCacheManager();
  }

  static Statistics freshStatistics(SessionFactory node) {
    Statistics statistics = node.getStatistics();
    statistics.clear();
    return statistics;
  }

  static <T> T inTransaction(SessionFactory node, Function<Session, T> work) {
    return node.fromTransaction(work);
  }

  static void inTransactionDo(SessionFactory node, Consumer<Session> work) {
    node.inTransaction(work);
  }

  @Override
  public void close() {
    try {
      b.close();
    } finally {
      try {
        a.close();
      } finally {
        server.close();
        deleteTree(directory);
      }
    }
  }

  static void deleteTree(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }
}
