package io.github.natsjcache.embedded;

import io.github.natsjcache.config.Secret;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * A child {@code nats-server -js} process on a free loopback port with its own store directory.
 *
 * <p>{@link #shared()} is the server behind the {@code nats://embedded} URI: started on first use, once per JVM,
 * and stopped (its store deleted) at JVM exit. It listens on 127.0.0.1 only and requires a token generated for it,
 * which reaches the server through an owner-only file and the CacheManagers through {@link #token()}; nothing
 * prints it. Should the server die, it is started again at once on the same port with the same store, so the
 * managers' reconnects find it. If that port is taken meanwhile, or the server was restarted five times within the
 * last minute already, it is not started again: the failure is logged and {@link #shared()} throws.
 *
 * <p>{@link #start} gives a private server without authentication that the caller closes, which is how the tests
 * and benchmarks get servers of their own. The binary is {@code NATS_SERVER_PATH} when set, else the newest
 * {@code nats-server} found ({@link ServerBinary}).
 *
 * <p>No server outlives its JVM: a watchdog stops it when the JVM ends, even by SIGKILL ({@link ServerProcess}), and
 * each new server first removes what embedded servers of dead JVMs left behind ({@link Orphans}).
 */
public final class EmbeddedNatsServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(EmbeddedNatsServer.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int TOKEN_BYTES = 32;
  /** A server that keeps dying has a cause that restarting does not cure, and would otherwise restart forever. */
  private static final RestartBudget RESTARTS = new RestartBudget(5, Duration.ofMinutes(1));
  private static @Nullable EmbeddedNatsServer shared;

  private final ServerDirectory directory;
  private final List<String> arguments;
  private final @Nullable Secret token;
  private final ServerProcess process;
  private final String host;
  private final int port;
  private volatile boolean closed;

  private EmbeddedNatsServer(ServerDirectory directory, List<String> arguments, @Nullable Secret token,
      ServerProcess process) {
    this.directory = directory;
    this.arguments = arguments;
    this.token = token;
    this.process = process;
    String address = process.address();
    int colon = address.lastIndexOf(':');
    this.host = address.substring(0, colon);
    this.port = Integer.parseInt(address.substring(colon + 1));
  }

  /**
   * Returns the JVM-wide server behind {@code nats://embedded}, starting it on first use.
   *
   * @throws CacheException if it cannot be started, or it died and cannot start again on its port
   */
  public static synchronized EmbeddedNatsServer shared() {
    EmbeddedNatsServer server = shared;
    if (server == null) {
      server = startNew(newToken(), List.of());
      Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedNatsServer::closeShared, "nats-jcache-embedded-stop"));
    } else if (!server.isAlive()) {
      server = server.restarted();
    }
    if (server != shared) {
      shared = server;
      EmbeddedNatsServer watched = server;
      CompletableFuture<Void> unused = // revive reports its own failures
          server.process.onExit().thenRunAsync(() -> revive(watched), EmbeddedNatsServer::daemon);
    }
    return server;
  }

  /**
   * Starts a private server with JetStream on a free loopback port, without authentication.
   *
   * @param extraArguments further {@code nats-server} arguments, e.g. cluster settings; they win over the defaults
   *     ({@code -p -1}, a temporary {@code -sd} and {@code -P})
   * @return the running server; the caller closes it
   * @throws CacheException if the binary is missing or the server does not become ready
   */
  public static EmbeddedNatsServer start(String... extraArguments) {
    return startNew(null, List.of(extraArguments));
  }

  private static EmbeddedNatsServer startNew(@Nullable Secret token, List<String> extraArguments) {
    ServerDirectory directory = ServerDirectory.create();
    Orphans.reapBeside(directory);
    try {
      List<String> arguments = new ArrayList<>(List.of("-a", "127.0.0.1", "-p", "-1", "-js"));
      arguments.addAll(directory.serverArguments(token));
      arguments.addAll(extraArguments); // later arguments win
      return new EmbeddedNatsServer(directory, List.copyOf(arguments), token,
          ServerProcess.start(ServerBinary.find().path(), arguments));
    } catch (CacheException e) {
      directory.delete();
      throw e;
    }
  }

  /** The same server started again on its port, store and token, after its process died. */
  private EmbeddedNatsServer restarted() {
    String exit = "The embedded nats-server on port " + port + " exited (status " + process.exitValue() + ")";
    process.stop();
    if (!RESTARTS.tryRestart(System.nanoTime())) {
      throw new CacheException(exit + " after " + RESTARTS + "; not starting it again for now: CacheManagers on "
          + "nats://embedded cannot reconnect");
    }
    List<String> samePort = new ArrayList<>(arguments);
    samePort.addAll(List.of("-p", Integer.toString(port)));
    try {
      EmbeddedNatsServer again = new EmbeddedNatsServer(directory, arguments, token,
          ServerProcess.start(ServerBinary.find().path(), samePort));
      LOG.log(Level.WARNING, exit + "; started it again on the same port and store");
      return again;
    } catch (CacheException e) {
      throw new CacheException(exit + " and cannot start again on that port; CacheManagers on nats://embedded "
          + "cannot reconnect", e);
    }
  }

  /** Starts the shared server again as soon as it dies, unless it was closed. */
  private static synchronized void revive(EmbeddedNatsServer dead) {
    if (dead == shared && !dead.closed) {
      try {
        shared();
      } catch (CacheException e) {
        LOG.log(Level.ERROR, e.getMessage(), e);
      }
    }
  }

  private static synchronized void closeShared() {
    EmbeddedNatsServer server = shared;
    if (server != null) {
      server.close();
    }
  }

  private static void daemon(Runnable task) {
    Thread thread = new Thread(task, "nats-jcache-embedded-revive");
    thread.setDaemon(true);
    thread.start();
  }

  private static Secret newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(bytes);
    return Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** The server's client URL, {@code nats://127.0.0.1:PORT}; it holds no credential. */
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

  /**
   * The token a client must present: for the CacheManagers, and for other NATS clients (the {@code nats} CLI reads
   * it from {@code NATS_TOKEN}) that should reach this server. Empty for a private server started without
   * authentication.
   */
  public Optional<Secret> token() {
    return Optional.ofNullable(token);
  }

  /** Stops the server and deletes its store directory. */
  @Override
  public synchronized void close() {
    closed = true;
    process.stop();
    directory.delete();
  }

  @Override
  public String toString() {
    return "EmbeddedNatsServer[" + url() + (token == null ? ", no authentication" : ", token required") + "]";
  }
}
