package io.github.natsjcache.springboot;

import io.github.natsjcache.embedded.EmbeddedNatsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private nats-server for one test class (random loopback port, temporary store), with its monitoring endpoint
 * switched on so that tests can count the client connections, and the nats-jcache configuration files that
 * {@code spring.cache.jcache.config} points at.
 */
final class NatsServer implements AutoCloseable {

  /**
   * The application's cached classes ({@code Book}): Spring's caches are untyped, and an untyped cache admits no
   * application class unless {@code serialization.allowList} names it (Spring's own, {@code SimpleKey} and
   * {@code NullValue}, are admitted by default).
   */
  static final String APPLICATION_CLASSES = "io.github.natsjcache.springboot.app.*";

  private static final Pattern CONNECTIONS = Pattern.compile("\"num_connections\"\\s*:\\s*(\\d+)");

  private final EmbeddedNatsServer server;
  private final int monitorPort;
  private final HttpClient http = HttpClient.newHttpClient();

  private NatsServer(EmbeddedNatsServer server, int monitorPort) {
    this.server = server;
    this.monitorPort = monitorPort;
  }

  static NatsServer start() {
    int monitorPort = freePort();
    return new NatsServer(EmbeddedNatsServer.start("-m", Integer.toString(monitorPort)), monitorPort);
  }

  String url() {
    return server.url();
  }

  /** The number of client connections the server has now (its {@code /connz} endpoint). */
  int connections() {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitorPort + "/connz")).build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher matcher = CONNECTIONS.matcher(response.body());
      if (!matcher.find()) {
        throw new IllegalStateException("no num_connections in " + response.body());
      }
      return Integer.parseInt(matcher.group(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes a nats-jcache configuration file for this server and returns the value for
   * {@code spring.cache.jcache.config}: {@code file:/tmp/...}.
   */
  String configFile(String... options) {
    try {
      Path file = Files.createTempFile("nats-jcache-", ".properties");
      file.toFile().deleteOnExit();
      StringBuilder text = new StringBuilder("servers=").append(url()).append('\n')
          .append("serialization.allowList=").append(APPLICATION_CLASSES).append('\n');
      for (String option : options) {
        text.append(option).append('\n');
      }
      Files.writeString(file, text);
      return file.toUri().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
