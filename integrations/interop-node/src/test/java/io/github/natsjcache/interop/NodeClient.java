package io.github.natsjcache.interop;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives the official NATS JavaScript KV client on Node.js: installs {@code @nats-io/kv} and
 * {@code @nats-io/transport-node} with npm into {@code target/node-client} (once; reused when present), then runs
 * {@code kv.mjs} (from the test resources) once per operation.
 */
final class NodeClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;
  private final String serverUrl;

  private NodeClient(Path directory, String serverUrl) {
    this.directory = directory;
    this.serverUrl = serverUrl;
  }

  /** Installs the client if needed; fails the test (never skips it) when Node or npm cannot provide it. */
  static NodeClient install(String serverUrl) {
    String kvVersion = System.getProperty("interop.kvVersion", "3.4.0");
    String transportVersion = System.getProperty("interop.transportVersion", "3.4.0");
    Path directory = Paths.get(System.getProperty("interop.nodeDir", "target/node-client")).toAbsolutePath();
    try {
      Files.createDirectories(directory);
      try (InputStream script = NodeClient.class.getResourceAsStream("/node-client/kv.mjs")) {
        if (script == null) {
          fail("kv.mjs is missing from the test resources");
        }
        Files.copy(script, directory.resolve("kv.mjs"), StandardCopyOption.REPLACE_EXISTING);
      }
      Path kv = directory.resolve("node_modules/@nats-io/kv/package.json");
      Path transport = directory.resolve("node_modules/@nats-io/transport-node/package.json");
      boolean installed = Files.exists(kv) && Files.exists(transport)
          && JSON.readTree(kv.toFile()).path("version").asText().equals(kvVersion)
          && JSON.readTree(transport.toFile()).path("version").asText().equals(transportVersion);
      if (!installed) {
        Files.writeString(directory.resolve("package.json"),
            "{\"name\":\"nats-jcache-interop-node-client\",\"private\":true,\"type\":\"module\"}\n");
        Result npm = run(directory, 300, "npm", "install", "--no-audit", "--no-fund",
            "@nats-io/kv@" + kvVersion, "@nats-io/transport-node@" + transportVersion);
        if (npm.exit != 0 || !Files.exists(kv) || !Files.exists(transport)) {
          fail("npm install of @nats-io/kv@" + kvVersion + " and @nats-io/transport-node@" + transportVersion
              + " into " + directory + " failed (exit " + npm.exit + "). This test needs Node.js, npm and the npm"
              + " registry (or a mirror set by npm config / NPM_CONFIG_REGISTRY); it does not skip without them.\n"
              + "stdout:\n" + npm.stdout + "\nstderr:\n" + npm.stderr);
        }
      }
    } catch (IOException e) {
      fail("Cannot run npm to install the NATS JavaScript client into " + directory + ": " + e
          + ". This test needs Node.js and npm on the PATH and the npm registry; it does not skip without them.");
    }
    return new NodeClient(directory, serverUrl);
  }

  /** {@code kv.get(key)} through the JavaScript client: the value as a string, or null when absent or deleted. */
  String get(String bucket, String key) {
    JsonNode value = call(bucket, "get", key).path("value");
    return value.isNull() || value.isMissingNode() ? null : value.asText();
  }

  /** {@code kv.put(key, value)}; returns the revision. */
  long put(String bucket, String key, String value) {
    return call(bucket, "put", key, value).path("revision").asLong();
  }

  /** {@code kv.delete(key)}. */
  void delete(String bucket, String key) {
    call(bucket, "delete", key);
  }

  /** {@code kv.keys()}, sorted. */
  List<String> keys(String bucket) {
    List<String> keys = new ArrayList<>();
    call(bucket, "keys", "").path("keys").forEach(k -> keys.add(k.asText()));
    return keys;
  }

  private JsonNode call(String bucket, String operation, String key, String... value) {
    List<String> command = new ArrayList<>(List.of("node", "kv.mjs", serverUrl, bucket, operation, key));
    command.addAll(List.of(value));
    try {
      Result result = run(directory, 30, command.toArray(String[]::new));
      if (result.exit != 0) {
        fail("node kv.mjs " + operation + " " + key + " failed (exit " + result.exit + "):\n" + result.stderr
            + result.stdout);
      }
      String[] lines = result.stdout.strip().split("\n");
      return JSON.readTree(lines[lines.length - 1]);
    } catch (IOException e) {
      return fail("Cannot run node (is Node.js on the PATH?): " + e);
    }
  }

  private record Result(int exit, String stdout, String stderr) {}

  private static Result run(Path directory, long timeoutSeconds, String... command) throws IOException {
    Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
    process.getOutputStream().close();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()), NodeClient::thread);
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()), NodeClient::thread);
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted", e);
    }
  }

  /** One thread per pipe: the common pool may have a single thread on a small machine. */
  private static void thread(Runnable task) {
    Thread thread = new Thread(task, "node-client-pipe");
    thread.setDaemon(true);
    thread.start();
  }

  private static String read(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
