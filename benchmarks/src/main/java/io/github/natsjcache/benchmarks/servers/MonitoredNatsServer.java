package io.github.natsjcache.benchmarks.servers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.natsjcache.embedded.EmbeddedNatsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import javax.cache.CacheException;

/**
 * A private {@code nats-server -js} (the provider's launcher, as {@link LocalNatsServer}) whose work can be read: its
 * CPU time, user and system ({@code /proc/<pid>/stat} on Linux, through {@link ProcessHandle}), and the messages it
 * has received and sent ({@code in_msgs}, {@code out_msgs} of its monitoring endpoint {@code /varz}, on a loopback
 * port of its own). Messages sent count everything the server delivered to clients: acks, API answers, watch
 * deliveries, heartbeats.
 */
public final class MonitoredNatsServer implements AutoCloseable {

  /** A probed port can be taken by someone else before the server binds it; that race is retried with a new port. */
  private static final int BIND_ATTEMPTS = 3;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final EmbeddedNatsServer server;
  private final ProcessHandle process;
  private final URI varz;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

  private MonitoredNatsServer(EmbeddedNatsServer server, ProcessHandle process, URI varz) {
    this.server = server;
    this.process = process;
    this.varz = varz;
  }

  /**
   * Starts a server with its monitoring port and returns once it accepts clients.
   *
   * @throws CacheException if it cannot be started
   */
  public static MonitoredNatsServer start() {
    for (int attempt = 1; ; attempt++) {
      String port = Integer.toString(FreePort.probe());
      EmbeddedNatsServer server;
      try {
        server = EmbeddedNatsServer.start("-m", port);
      } catch (CacheException e) {
        if (attempt == BIND_ATTEMPTS) {
          throw e;
        }
        continue;
      }
      try {
        return new MonitoredNatsServer(server, serverProcess(port), URI.create("http://127.0.0.1:" + port + "/varz"));
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
    }
  }

  /** The {@code nats-server} process this JVM started with {@code -m port} (the launcher runs it under a shell). */
  private static ProcessHandle serverProcess(String port) {
    return ProcessHandle.current().descendants()
        .filter(process -> process.info().command().filter(command -> command.endsWith("nats-server")).isPresent())
        .filter(process -> process.info().arguments().map(List::of)
            .filter(arguments -> arguments.indexOf(port) > 0 && arguments.get(arguments.indexOf(port) - 1).equals("-m"))
            .isPresent())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("cannot find the nats-server process with -m " + port));
  }

  /** The client URL, {@code nats://127.0.0.1:PORT}. */
  public String url() {
    return server.url();
  }

  /** The server's work so far. */
  public Work work() {
    Duration cpu = process.info().totalCpuDuration()
        .orElseThrow(() -> new IllegalStateException("the server's CPU time is not available here"));
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(varz).timeout(REQUEST_TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode body = new ObjectMapper().readTree(response.body());
      return new Work(cpu, body.path("in_msgs").asLong(), body.path("out_msgs").asLong());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + varz, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading " + varz, e);
    }
  }

  /** Stops the server and deletes its store. */
  @Override
  public void close() {
    server.close();
  }

  /**
   * What a server has done since it started.
   *
   * @param cpu its CPU time, user and system
   * @param inMessages the messages it received
   * @param outMessages the messages it sent
   */
  public record Work(Duration cpu, long inMessages, long outMessages) {

    /** What was done between {@code earlier} and this. */
    public Work since(Work earlier) {
      return new Work(cpu.minus(earlier.cpu), inMessages - earlier.inMessages, outMessages - earlier.outMessages);
    }
  }
}
