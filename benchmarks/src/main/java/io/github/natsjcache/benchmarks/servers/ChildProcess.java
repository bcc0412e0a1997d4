package io.github.natsjcache.benchmarks.servers;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A process started by a benchmark (a server, or a JVM of ours from this class path): its own temporary directory,
 * its output (stdout and stderr) in a log file there, and readiness read from that log; lines can be sent to its
 * standard input.
 *
 * <p>The output goes to a file rather than a pipe so that nothing has to drain it while the benchmark runs and none
 * of it reaches JMH's console; on a failed start the end of the log is quoted in the exception. {@link #close} stops
 * exactly this process (by its handle: terminate, wait, then kill) and deletes the directory. A shutdown hook does
 * the same if the JVM exits without a teardown; a JVM that is halted runs no hook, which is why
 * {@link TeardownGuard} exists.
 */
public final class ChildProcess implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final int LOG_TAIL_LINES = 40;

  private final String name;
  private final Path directory;
  private final Path log;
  private final Process process;
  private final Thread stopAtExit;

  private ChildProcess(String name, Path directory, Path log, Process process) {
    this.name = name;
    this.directory = directory;
    this.log = log;
    this.process = process;
    this.stopAtExit = new Thread(this::stop, name + "-stop-at-exit");
  }

  /** Creates a fresh temporary directory for a server named {@code name}; the caller passes it to {@link #start}. */
  static Path newDirectory(String name) {
    try {
      return Files.createTempDirectory("nats-jcache-bench-" + name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a directory for " + name, e);
    }
  }

  /**
   * Starts {@code command} in {@code directory}, its output going to {@code <directory>/<name>.log}.
   *
   * @throws IllegalStateException if the process cannot be started (the directory is then deleted)
   */
  static ChildProcess start(String name, Path directory, List<String> command) {
    Path log = directory.resolve(name + ".log");
    try {
      Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      ChildProcess child = new ChildProcess(name, directory, log, process);
      Runtime.getRuntime().addShutdownHook(child.stopAtExit);
      return child;
    } catch (IOException e) {
      deleteRecursively(directory);
      throw new IllegalStateException("Cannot start " + name + ": " + command, e);
    }
  }

  /** The {@code java} executable of this JVM, if it has one (a runtime image may lack it). */
  public static Optional<Path> javaExecutable() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return Files.isExecutable(java) ? Optional.of(java) : Optional.empty();
  }

  /**
   * Starts {@code main} in a JVM of its own: this JVM's {@code java} and class path (so the benchmark's own classes
   * are there), in a fresh directory named after {@code name}.
   *
   * @param jvmOptions options before the class path, e.g. the heap size
   * @throws IllegalStateException if there is no {@code java} or it cannot be started
   */
  public static ChildProcess startJava(String name, List<String> jvmOptions, Class<?> main, List<String> arguments) {
    Path java = javaExecutable()
        .orElseThrow(() -> new IllegalStateException("no java executable under " + System.getProperty("java.home")));
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", absoluteClassPath(), main.getName()));
    command.addAll(arguments);
    return start(name, newDirectory(name), command);
  }

  /** This JVM's class path with absolute entries: a child runs in its own directory. */
  private static String absoluteClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  /**
   * Waits until a line of the log matches {@code ready}.
   *
   * @return the match, for the values the line carries (e.g. a port)
   * @throws IllegalStateException if the process exits first or {@code timeout} passes, quoting the log's end
   */
  public Matcher awaitLine(Pattern ready, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      // Read before checking liveness: a process that printed the line and then exited still counts as a match.
      boolean alive = process.isAlive();
      for (String line : logLines()) {
        Matcher matcher = ready.matcher(line);
        if (matcher.find()) {
          return matcher;
        }
      }
      if (!alive) {
        throw new IllegalStateException(name + " exited with code " + process.exitValue() + " before it was ready; "
            + "its output:\n" + logTail());
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; its output:\n"
            + logTail());
      }
      sleep(Duration.ofMillis(20));
    }
  }

  /** Sends {@code line} to the process's standard input. */
  public void send(String line) {
    try {
      OutputStream input = process.getOutputStream();
      input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      input.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot send '" + line + "' to " + name + "; its output:\n" + logTail(), e);
    }
  }

  /** The CPU time the process has used so far, user and system (on Linux: {@code /proc/<pid>/stat}). */
  public Duration cpuTime() {
    return process.info().totalCpuDuration()
        .orElseThrow(() -> new IllegalStateException("the CPU time of " + name + " is not available here"));
  }

  /** The process's own temporary directory, deleted at {@link #close}. */
  public Path directory() {
    return directory;
  }

  /** Whether the process has ended, e.g. because it could not bind its port. */
  boolean hasExited() {
    return !process.isAlive();
  }

  /** Whether the log so far contains {@code text}. */
  boolean logContains(String text) {
    return logLines().stream().anyMatch(line -> line.contains(text));
  }

  /** The last lines of the log, for error messages. */
  public String logTail() {
    List<String> lines = logLines();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
  }

  /** Stops the process, waiting for it to end, and deletes its directory. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down and runs the hook itself: stopping twice is harmless.
    }
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteRecursively(directory);
  }

  private List<String> logLines() {
    try {
      // Malformed bytes are replaced, not fatal: the log is only searched and quoted.
      return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a server to start", e);
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      // A directory left in the temp folder is harmless; never fail a teardown over it.
    }
  }
}
