package io.github.natsjcache;

import io.github.natsjcache.embedded.EmbeddedNatsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A {@code nats-server -js} that a test can stop, kill or restart: its store directory and pid file are the test's
 * own, so a restart on the same port finds the streams it had, as a real server restart does.
 */
public final class RestartableServer implements AutoCloseable {

  private final Path directory;
  private final Path pidFile;
  private final int port;
  private EmbeddedNatsServer current;
  private boolean frozen;

  private RestartableServer(Path directory, EmbeddedNatsServer current) {
    this.directory = directory;
    this.pidFile = directory.resolve("nats-server.pid");
    this.current = current;
    this.port = current.port();
  }

  /** Starts a server on a free loopback port. */
  public static RestartableServer start() throws IOException {
    Path directory = Files.createTempDirectory("nats-jcache-test-");
    return new RestartableServer(directory, EmbeddedNatsServer.start(arguments(directory)));
  }

  /** The server's client URL; it stays the same across restarts. */
  public String url() {
    return current.url();
  }

  /** The running server process. */
  public ProcessHandle process() throws IOException {
    long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
    return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("nats-server " + pid + " is gone"));
  }

  private Optional<ProcessHandle> running() throws IOException {
    long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
  }

  /** Freezes the server (SIGSTOP): it keeps its connections but reads and answers nothing until {@link #resume()}. */
  public synchronized void freeze() throws IOException {
    Signals.freeze(process());
    frozen = true;
  }

  /** Lets a frozen server run again (SIGCONT): it then handles what its clients sent meanwhile. */
  public synchronized void resume() throws IOException {
    Signals.resume(process());
    frozen = false;
  }

  /** Stops the server (if it still runs), keeping its store, and starts it again on the same port. */
  public synchronized void restart() throws IOException, InterruptedException, ExecutionException,
      TimeoutException {
    // The pid file's process, not current.isAlive(): that is the watchdog shell, which outlives a killed server
    // by the moment it takes to notice.
    Optional<ProcessHandle> running = running();
    if (running.isPresent()) {
      running.get().destroy();
      running.get().onExit().get(20, TimeUnit.SECONDS);
    }
    current.close();
    current = EmbeddedNatsServer.start(withPort(arguments(directory), port));
  }

  /** Stops the server and deletes its store. */
  @Override
  public synchronized void close() {
    if (frozen && current.isAlive()) {
      try {
        resume(); // a stopped process would not handle the SIGTERM that stops it
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    current.close();
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover temp directory fails no test
    }
  }

  /** Later arguments win over the launcher's own {@code -p -1 -sd <temp>}. */
  private static String[] arguments(Path directory) {
    return new String[] {"-sd", directory.resolve("store").toString(), "-P",
        directory.resolve("nats-server.pid").toString()};
  }

  private static String[] withPort(String[] arguments, int port) {
    String[] all = Arrays.copyOf(arguments, arguments.length + 2);
    all[arguments.length] = "-p";
    all[arguments.length + 1] = Integer.toString(port);
    return all;
  }
}
