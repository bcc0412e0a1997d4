package io.github.natsjcache.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.CacheException;

/**
 * A {@code nats-server} child that cannot outlive this JVM, and the address it listens on.
 *
 * <p>The server runs under a watchdog shell: a background loop reads the shell's standard input, a pipe whose only
 * writer is this JVM, and stops the server when it reads end-of-file. The kernel closes that pipe however the JVM
 * ends, SIGKILL included, so the server goes with it; {@link #stop()} closes it the same way. The shell waits for
 * the server and exits with it, so {@link #isAlive()} and {@link #onExit()} speak for the server.
 *
 * <p>Readiness is read from the server's own log ("Listening for client connections on …", "Server is ready"), so
 * the port can be chosen by the server ({@code -p -1}) and no port can be raced for.
 */
final class ServerProcess {

  /** {@code $0} is the binary, {@code $@} its arguments. A background job's stdin is /dev/null: fd 3 keeps ours. */
  private static final String WATCHDOG = String.join("\n",
      "exec 3<&0",
      "\"$0\" \"$@\" 3<&- &",
      "server=$!",
      "{ while read -r line; do :; done; kill \"$server\"; } <&3 &",
      "watchdog=$!",
      "exec 3<&-",
      "wait \"$server\"",
      "status=$?",
      "kill \"$watchdog\" 2>/dev/null",
      "exit \"$status\"");
  private static final Pattern LISTENING =
      Pattern.compile("Listening for client connections on ([0-9.]+):(\\d+)");
  private static final long START_TIMEOUT_SECONDS = 30;
  private static final long STOP_TIMEOUT_SECONDS = 10;

  private final Process process;
  private final String address;

  private ServerProcess(Process process, String address) {
    this.process = process;
    this.address = address;
  }

  /**
   * Starts the server and waits until it accepts clients.
   *
   * @throws CacheException if it cannot be started or does not become ready
   */
  static ServerProcess start(Path binary, List<String> arguments) {
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, binary.toString()));
    command.addAll(arguments);
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new CacheException("Cannot start " + binary + " (install Debian's nats-server package "
          + "or set NATS_SERVER_PATH)", e);
    }
    return new ServerProcess(process, awaitReady(process));
  }

  /** The address the server listens on, {@code host:port}. */
  String address() {
    return address;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Completes when the server has exited. */
  CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  /** The server's exit status; only once it has exited. */
  int exitValue() {
    return process.exitValue();
  }

  /** Stops the server (SIGTERM from the watchdog), by force if it takes long. */
  void stop() {
    stop(process);
  }

  private static void stop(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // closed already; the kill below still stops it
    }
    try {
      if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
      stop(process);
      throw new CacheException("Interrupted while starting the embedded nats-server", e);
    } catch (ExecutionException | TimeoutException e) {
      stop(process);
      throw new CacheException("The embedded nats-server did not become ready", e);
    }
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
}
