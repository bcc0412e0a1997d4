package io.github.natsjcache;

import io.github.natsjcache.embedded.EmbeddedNatsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One {@code nats-server -js} of a {@link NatsTestCluster}: its name, cluster port, store directory and pid file stay
 * the same across restarts, and so does its client port once the server chose it, as a real member's would.
 *
 * <p>The monitoring port is chosen anew by each start ({@code -m -1}) and read from the server's ports file; its
 * {@code /healthz} says whether this member's JetStream is current with the meta leader and every stream it holds.
 */
final class ClusterMember implements AutoCloseable {

  private static final Pattern MONITORING = Pattern.compile("\"monitoring\":\\[\"(http://[^\"]+)\"");
  private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final String name;
  private final int clusterPort;
  private final Path directory;
  private EmbeddedNatsServer server;
  private int clientPort;
  private boolean frozen;

  private ClusterMember(String name, int clusterPort, Path directory, EmbeddedNatsServer server) {
    this.name = name;
    this.clusterPort = clusterPort;
    this.directory = directory;
    this.server = server;
    this.clientPort = server.port();
  }

  /**
   * Starts a member; it waits for its routes, so the cluster forms once all members run.
   *
   * @param routes the route URLs of every member, this one's included (a server skips a route to itself)
   */
  static ClusterMember start(String name, String clusterName, int clusterPort, List<String> routes,
      Path directory) {
    List<String> arguments = arguments(name, clusterName, clusterPort, routes, directory);
    return new ClusterMember(name, clusterPort, directory, EmbeddedNatsServer.start(arguments.toArray(String[]::new)));
  }

  /** The route URL of a member listening for routes on {@code clusterPort}. */
  static String routeUrl(int clusterPort) {
    return "nats://127.0.0.1:" + clusterPort;
  }

  /** The server name, e.g. {@code m1}. */
  String name() {
    return name;
  }

  /** The client URL; the same across restarts. */
  synchronized String url() {
    return server.url();
  }

  /**
   * Whether the process runs (a frozen one does): the pid file's, since the server's watchdog shell outlives a killed
   * server by the moment it takes to notice.
   */
  synchronized boolean isRunning() {
    return running().isPresent();
  }

  private Optional<ProcessHandle> running() {
    return ProcessHandle.of(readPid()).filter(ProcessHandle::isAlive);
  }

  /** Whether the process is stopped by SIGSTOP. */
  synchronized boolean isFrozen() {
    return frozen;
  }

  /** The running process. */
  synchronized ProcessHandle process() {
    long pid = readPid();
    return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(name + " (pid " + pid + ") is gone"));
  }

  /** Kills the process with SIGKILL, as a crash or power loss would; the store stays for a restart. */
  synchronized void kill() {
    ProcessHandle process = process();
    process.destroyForcibly();
    awaitExit(process);
    frozen = false;
  }

  /** Stops the process with SIGSTOP: it keeps its sockets open but answers nothing, like a stalled machine. */
  synchronized void freeze() {
    Signals.freeze(process());
    frozen = true;
  }

  /** Lets a frozen process run again (SIGCONT). */
  synchronized void resume() {
    Signals.resume(process());
    frozen = false;
  }

  /** Stops the process if it runs (SIGTERM), then starts it again on the same ports, name and store. */
  synchronized void restart(String clusterName, List<String> routes) {
    Optional<ProcessHandle> process = running();
    if (process.isPresent()) {
      if (frozen) {
        resume();
      }
      process.get().destroy();
      awaitExit(process.get());
    }
    server.close();
    List<String> arguments = new ArrayList<>(arguments(name, clusterName, clusterPort, routes, directory));
    arguments.addAll(List.of("-p", Integer.toString(clientPort)));
    server = EmbeddedNatsServer.start(arguments.toArray(String[]::new));
    clientPort = server.port();
  }

  /**
   * Whether {@code /healthz} answers 200: the member runs, knows the meta leader and every stream it holds is
   * current. A frozen or dead member is not healthy.
   */
  synchronized boolean isHealthy() {
    if (frozen || !server.isAlive()) {
      return false;
    }
    String monitoring = monitoringUrl();
    if (monitoring == null) {
      return false;
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(monitoring + "/healthz"))
        .timeout(Duration.ofSeconds(1)).build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Whether this member itself subscribes to direct gets of {@code stream} (the monitoring endpoint {@code /subsz}):
   * a follower replica does only once it has caught up, which its server checks every 2 s.
   */
  synchronized boolean answersDirectGets(String stream) {
    String monitoring = monitoringUrl();
    if (frozen || monitoring == null) {
      return false;
    }
    String prefix = "$JS.API.DIRECT.GET." + stream + ".";
    URI subsz = URI.create(monitoring + "/subsz?subs=1&limit=10000&test="
        + URLEncoder.encode(prefix + "x", StandardCharsets.UTF_8));
    try {
      String body = HTTP.send(HttpRequest.newBuilder(subsz).timeout(Duration.ofSeconds(1)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      return Pattern.compile("\"subject\":\\s*\"" + Pattern.quote(prefix)).matcher(body).find();
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops the process (a frozen one is resumed first, so SIGTERM ends it at once); the caller deletes the store. */
  @Override
  public synchronized void close() {
    if (frozen && server.isAlive()) {
      resume();
    }
    server.close();
  }

  private static List<String> arguments(String name, String clusterName, int clusterPort, List<String> routes,
      Path directory) {
    return List.of("-sd", directory.resolve("store").toString(), "-P", directory.resolve("pid").toString(),
        "--ports_file_dir", directory.toString(), "-m", "-1", "--server_name", name, "--cluster_name", clusterName,
        "--cluster", routeUrl(clusterPort), "--routes", String.join(",", routes));
  }

  /** The monitoring URL from this process's ports file, or {@code null} until the server has written it. */
  private @Nullable String monitoringUrl() {
    Path portsFile = directory.resolve("nats-server_" + readPid() + ".ports");
    try {
      Matcher matcher = MONITORING.matcher(Files.readString(portsFile, StandardCharsets.UTF_8));
      return matcher.find() ? matcher.group(1) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private long readPid() {
    try {
      return Long.parseLong(Files.readString(directory.resolve("pid"), StandardCharsets.US_ASCII).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("No pid file for " + name, e);
    }
  }

  private void awaitExit(ProcessHandle process) {
    try {
      process.onExit().get(SIGNAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(name + " (pid " + process.pid() + ") did not exit", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while stopping " + name, e);
    }
  }
}
