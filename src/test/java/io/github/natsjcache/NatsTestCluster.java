package io.github.natsjcache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.cache.CacheManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real three-server JetStream cluster for one test class, on loopback, and CacheManagers on it with R3 buckets.
 *
 * <p>Each member has its own client port, route port, server name, store directory and pid file. The class starts
 * when every member's {@code /healthz} says it is current with a JetStream meta leader, so a test can create an R3
 * bucket at once. A test may {@link #kill}, {@link #freeze}, {@link #resume} and {@link #restart} members; after each
 * test its nodes are closed and every member runs and is healthy again; after the class the servers are stopped and
 * their stores deleted.
 *
 * <p>Each {@link #node(int)} is a separate CacheManager with its own connection, made to one chosen member (or, by
 * {@link #nodeOnAll()}, to the member list), with {@code replicas=3} unless the test's properties say otherwise.
 */
public final class NatsTestCluster implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

  /** How many servers the cluster has. */
  public static final int SIZE = 3;
  private static final String NAME_PREFIX = "member-";

  private static final String CLUSTER_NAME = "nats-jcache-test";
  private static final long HEALTHY_WITHIN_SECONDS = 30;

  private final List<ClusterMember> members = new ArrayList<>();
  private final List<CacheManager> nodes = new ArrayList<>();
  private List<String> routes = List.of();
  private Path directory = Path.of("");

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    directory = Files.createTempDirectory("nats-jcache-cluster-");
    try {
      routes = freePorts(SIZE).stream().map(ClusterMember::routeUrl).toList();
      for (int member = 0; member < SIZE; member++) {
        Path memberDirectory = Files.createDirectory(directory.resolve(name(member)));
        members.add(ClusterMember.start(name(member), CLUSTER_NAME, port(routes.get(member)), routes,
            memberDirectory));
      }
      awaitHealthy();
    } catch (IOException | RuntimeException | Error e) {
      stopAll();
      throw e;
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    closeNodes();
    for (int member = 0; member < SIZE; member++) {
      if (members.get(member).isFrozen()) {
        resume(member);
      } else if (!members.get(member).isRunning()) {
        members.get(member).restart(CLUSTER_NAME, routes);
      }
    }
    awaitHealthy();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stopAll();
  }

  /** The client URL of {@code member} (0 to {@link #SIZE} - 1); it stays the same across restarts. */
  public String url(int member) {
    return members.get(member).url();
  }

  /** Every member's client URL, comma-separated, as a CacheManager URI lists a cluster. */
  public String urls() {
    return members.stream().map(ClusterMember::url).collect(Collectors.joining(","));
  }

  /** Whether {@code member} answers direct gets of {@code stream}: a follower replica does once caught up. */
  public boolean answersDirectGets(int member, String stream) {
    return members.get(member).answersDirectGets(stream);
  }

  /** The running process of {@code member}, e.g. to see that it is gone. */
  public ProcessHandle process(int member) {
    return members.get(member).process();
  }

  /** Kills {@code member} with SIGKILL and waits for it to be gone; its store stays for {@link #restart}. */
  public void kill(int member) {
    members.get(member).kill();
  }

  /** Stops {@code member} with SIGSTOP: its sockets stay open and nothing answers, as on a stalled machine. */
  public void freeze(int member) {
    members.get(member).freeze();
  }

  /** Lets a frozen {@code member} run again (SIGCONT). */
  public void resume(int member) {
    members.get(member).resume();
  }

  /**
   * Stops {@code member} if it runs, starts it again on its ports, name and store, and waits until its
   * {@code /healthz} says it is current. Streams whose leader was on it may still be electing a new one (seconds);
   * {@link #awaitHealthy()} waits for that.
   */
  public void restart(int member) {
    members.get(member).restart(CLUSTER_NAME, routes);
    awaitHealthy(members.get(member));
  }

  /**
   * Waits until the whole cluster serves: every member's {@code /healthz} answers 200, the meta leader answers, and
   * every stream has a leader that answers with all its replicas current. A member's health alone is not enough:
   * for seconds after a leader dies its followers still count it as their leader.
   */
  public void awaitHealthy() {
    members.forEach(NatsTestCluster::awaitHealthy);
    ClusterReadiness.await(urls(), Duration.ofSeconds(HEALTHY_WITHIN_SECONDS));
  }

  /** A new node connected to {@code member}: a CacheManager with its own connection, R3 buckets. */
  public NatsCacheManager node(int member) {
    return node(member, new Properties());
  }

  /** A new node connected to {@code member}, with options ({@code replicas=3} unless they set it). */
  public NatsCacheManager node(int member, Properties properties) {
    return node(URI.create(url(member)), properties);
  }

  /** A new node given every member's URL, R3 buckets. */
  public NatsCacheManager nodeOnAll() {
    return nodeOnAll(new Properties());
  }

  /** A new node given every member's URL, with options ({@code replicas=3} unless they set it). */
  public NatsCacheManager nodeOnAll(Properties properties) {
    return node(URI.create(urls()), properties);
  }

  private NatsCacheManager node(URI uri, Properties properties) {
    Properties options = new Properties();
    options.setProperty("replicas", Integer.toString(SIZE));
    options.putAll(properties);
    CacheManager manager = new NatsCachingProvider().getCacheManager(uri, getClass().getClassLoader(), options);
    synchronized (nodes) {
      nodes.add(manager);
    }
    return manager.unwrap(NatsCacheManager.class);
  }

  private void closeNodes() {
    synchronized (nodes) {
      nodes.forEach(CacheManager::close);
      nodes.clear();
    }
  }

  private void stopAll() {
    closeNodes();
    members.forEach(ClusterMember::close);
    members.clear();
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover temp directory fails no test
    }
  }

  private static void awaitHealthy(ClusterMember member) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HEALTHY_WITHIN_SECONDS);
    while (!member.isHealthy()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Cluster member " + member.name() + " (" + member.url()
            + ") not healthy within " + HEALTHY_WITHIN_SECONDS + " s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  /**
   * Free loopback ports for the routes. A JetStream cluster member refuses to start without its routes, so every
   * member's route port must be known before the first starts; the client and monitoring ports the servers choose.
   */
  private static List<Integer> freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  /** The member a server name stands for: {@code member-N}, as streams name their leader and replicas. */
  public static int memberNamed(String serverName) {
    if (!serverName.startsWith(NAME_PREFIX)) {
      throw new IllegalArgumentException("not a member of this cluster: " + serverName);
    }
    return Integer.parseInt(serverName.substring(NAME_PREFIX.length()));
  }

  private static String name(int member) {
    return NAME_PREFIX + member;
  }

  private static int port(String url) {
    return URI.create(url).getPort();
  }
}
