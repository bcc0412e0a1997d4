package io.github.natsjcache.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * A child {@code nats-server -js} process on a free loopback port with its own store directory.
 *
 * <p>{@link #shared()} is the server behind the {@code nats://embedded} URI: started on first use, once per JVM, and
 * stopped (its store deleted) at JVM exit. {@link #start} gives a private server that the caller closes, which is how
 * the tests and benchmarks get servers of their own. The binary is {@code NATS_SERVER_PATH} when set, else the newest
 * {@code nats-server} found ({@link ServerBinary}).
 *
 * <p>Readiness is read from the server's own log ("Listening for client connections on …", "Server is ready"), so
 * the port is chosen by the server ({@code -p -1}) and no port can be raced for.
 */
public final class EmbeddedNatsServer implements AutoCloseable {

  private static final Pattern LISTENING =
      Pattern.compile("Listening for client connections on ([0-9.]+):(\\d+)");
  private static final long START_TIMEOUT_SECONDS = 30;
  private static @Nullable EmbeddedNatsServer shared;

  private final Path storeDirectory;
  private final String host;
  private final int port;
  private final Process process;

  private EmbeddedNatsServer(Process process, Path storeDirectory, String host, int port) {
    this.process = process;
    this.storeDirectory = storeDirectory;
    this.host = host;
    this.port = port;
  }

  /** Returns the JVM-wide server behind {@code nats://embedded}, starting it on first use. */
  public static synchronized EmbeddedNatsServer shared() {
    EmbeddedNatsServer server = shared;
    if (server == null || !server.isAlive()) {
      EmbeddedNatsServer started = start();
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "nats-jcache-embedded-stop"));
      shared = started;
      server = started;
    }
    return server;
  }

  /**
   * Starts a private server with JetStream on a free loopback port.
   *
   * @param extraArguments further {@code nats-server} arguments, e.g. cluster settings; they win over the defaults
   *     ({@code -p -1}, a temporary {@code -sd})
   * @return the running server; the caller closes it
   * @throws CacheException if the binary is missing or the server does not become ready
   */
  public static EmbeddedNatsServer start(String... extraArguments) {
    Path storeDirectory;
    try {
      storeDirectory = Files.createTempDirectory("nats-jcache-");
    } catch (IOException e) {
      throw new CacheException("Cannot create a store directory for the embedded nats-server", e);
    }
    List<String> extra = List.of(extraArguments);
    try {
      Process process = launch(storeDirectory, extra);
      String address = awaitReady(process);
      int colon = address.lastIndexOf(':');
      return new EmbeddedNatsServer(process, storeDirectory, address.substring(0, colon),
          Integer.parseInt(address.substring(colon + 1)));
    } catch (CacheException e) {
      deleteRecursively(storeDirectory);
      throw e;
    }
  }

  /** Launches the server; arguments given later on the command line win over the defaults before them. */
  private static Process launch(Path storeDirectory, List<String> extraArguments) {
    List<String> command = new ArrayList<>(List.of(ServerBinary.find().path().toString(), "-a", "127.0.0.1",
        "-p", "-1", "-js", "-sd", storeDirectory.toString()));
    command.addAll(extraArguments);
    try {
      return new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new CacheException("Cannot start " + command.get(0) + " (install Debian's nats-server package "
          + "or set NATS_SERVER_PATH)", e);
    }
  }

  /** Waits for the server's "ready" log line; returns the address it listens on. */
  private static String awaitReady(Process process) {
    CompletableFuture<String> listening = new CompletableFuture<>();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> readLog(process, listening, ready), "nats-jcache-embedded-log");
    reader.setDaemon(true);
    reader.start();
    try {
      String address = listening.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return address;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopProcess(process);
      throw new CacheException("Interrupted while starting the embedded nats-server", e);
    } catch (ExecutionException | TimeoutException e) {
      stopProcess(process);
      throw new CacheException("The embedded nats-server did not become ready", e);
    }
  }

  /** The server's client URL, {@code nats://127.0.0.1:PORT}. */
  public String url() {
    return "nats://" + host + ":" + port;
  }

  /** The client port the server chose. */
  public int port() {
    return port;
  }

  /** Whether the server process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the server and deletes its store directory. */
  @Override
  public synchronized void close() {
    stopProcess(process);
    deleteRecursively(storeDirectory);
  }

  private static void readLog(Process process, CompletableFuture<String> listening,
      CompletableFuture<Void> ready) {
    StringBuilder startupLog = new StringBuilder();
    try (BufferedReader log = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = log.readLine(); line != null; line = log.readLine()) {
        if (!ready.isDone()) {
          startupLog.append(line).append('\n');
        }
        Matcher matcher = LISTENING.matcher(line);
        if (matcher.find()) {
          listening.complete(matcher.group(1) + ":" + matcher.group(2));
        } else if (line.contains("Server is ready")) {
          ready.complete(null);
        }
      }
    } catch (IOException e) {
      // The stream closes when the process ends; the futures below report it.
    }
    IllegalStateException exited = new IllegalStateException("nats-server exited:\n" + startupLog);
    listening.completeExceptionally(exited);
    ready.completeExceptionally(exited);
  }

  private static void stopProcess(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // A store directory left in the temp folder is harmless; never fail a shutdown over it.
    }
  }
}
