package io.github.natsjcache.benchmarks.servers;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A private {@code redis-server} for one trial: loopback only, a port probed free, no persistence (no RDB snapshots,
 * no AOF) and a fresh working directory, so it neither touches nor is touched by a server the machine already runs
 * (e.g. on 6379).
 *
 * <p>The executable is {@code $REDIS_SERVER_PATH} when that variable is set (and not empty), else {@code redis-server}
 * on the {@code PATH}, else {@code /usr/bin/redis-server}. A set variable is final: if it names no executable file,
 * Redis counts as unavailable rather than silently falling back to another binary.
 */
public final class RedisServerProcess implements AutoCloseable {

  private static final String ENVIRONMENT_VARIABLE = "REDIS_SERVER_PATH";
  private static final Path DEBIAN_BINARY = Path.of("/usr/bin/redis-server");
  private static final Pattern READY = Pattern.compile("Ready to accept connections");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  /** A probed port can be taken by someone else before Redis binds it; that race is retried with a new port. */
  private static final int BIND_ATTEMPTS = 3;

  private final ChildProcess process;
  private final int port;

  private RedisServerProcess(ChildProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The {@code redis-server} to run, or why there is none (see the class comment for the lookup order). */
  public static Executable executable() {
    String configured = System.getenv(ENVIRONMENT_VARIABLE);
    if (configured != null && !configured.isEmpty()) {
      Path path = Path.of(configured);
      return Files.isRegularFile(path) && Files.isExecutable(path) ? Executable.found(path)
          : Executable.missing(ENVIRONMENT_VARIABLE + "=" + configured + " is not an executable file");
    }
    String searchPath = System.getenv("PATH");
    if (searchPath != null) {
      for (String directory : searchPath.split(File.pathSeparator)) {
        Path candidate = Path.of(directory.isEmpty() ? "." : directory, "redis-server");
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Executable.found(candidate);
        }
      }
    }
    return Files.isExecutable(DEBIAN_BINARY) ? Executable.found(DEBIAN_BINARY)
        : Executable.missing("no redis-server executable found ($" + ENVIRONMENT_VARIABLE + " unset, none on the "
            + "PATH, no " + DEBIAN_BINARY + ")");
  }

  /**
   * Starts a server and returns once it accepts connections.
   *
   * @throws IllegalStateException if there is no executable or the server does not become ready
   */
  public static RedisServerProcess start() {
    Executable executable = executable();
    Path binary = executable.path().orElseThrow(() -> new IllegalStateException(executable.problem().orElseThrow()));
    for (int attempt = 1; ; attempt++) {
      int port = FreePort.probe();
      Path directory = ChildProcess.newDirectory("redis");
      ChildProcess process = ChildProcess.start("redis-server", directory, command(binary, port, directory));
      try {
        process.awaitLine(READY, START_TIMEOUT);
        return new RedisServerProcess(process, port);
      } catch (RuntimeException e) {
        boolean lostRace = process.hasExited() && process.logContains("Address already in use");
        process.close();
        if (!lostRace || attempt == BIND_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static List<String> command(Path binary, int port, Path directory) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of("--bind", "127.0.0.1", "--port", Integer.toString(port)));
    // In-memory only, like the other peers' benchmark set-ups: no snapshot or append-only file behind a write.
    command.addAll(List.of("--save", "", "--appendonly", "no"));
    command.addAll(List.of("--dir", directory.toString()));
    return command;
  }

  /** The client address, {@code redis://127.0.0.1:PORT}. */
  public String address() {
    return "redis://127.0.0.1:" + port;
  }

  /** The server's working directory, e.g. for a client configuration file that goes away with it. */
  public Path directory() {
    return process.directory();
  }

  /** Stops the server and deletes its directory. */
  @Override
  public void close() {
    process.close();
  }

  /** An executable file, or why there is none. */
  public record Executable(Optional<Path> path, Optional<String> problem) {

    static Executable found(Path path) {
      return new Executable(Optional.of(path), Optional.empty());
    }

    static Executable missing(String problem) {
      return new Executable(Optional.empty(), Optional.of(problem));
    }
  }
}
