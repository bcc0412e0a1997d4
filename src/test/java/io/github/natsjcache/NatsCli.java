package io.github.natsjcache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code nats} CLI, run against a test's server: {@code NATS_CLI_PATH}, else the project's
 * {@code .tools/bin/nats} ({@code scripts/install-servers.sh}), else {@code nats} on the {@code PATH}.
 */
public final class NatsCli {

  private final Path binary;
  private final String url;

  private NatsCli(Path binary, String url) {
    this.binary = binary;
    this.url = url;
  }

  /** The CLI, talking to the server at {@code url}; fails the test when it is not installed. */
  public static NatsCli on(String url) {
    List<Path> candidates = new ArrayList<>();
    String configured = System.getenv("NATS_CLI_PATH");
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured));
    }
    candidates.add(Path.of(".tools", "bin", "nats").toAbsolutePath());
    String path = System.getenv("PATH");
    for (String directory : path == null ? new String[0] : path.split(":")) {
      candidates.add(Path.of(directory, "nats"));
    }
    return candidates.stream().filter(Files::isExecutable).findFirst()
        .map(binary -> new NatsCli(binary, url))
        .orElseThrow(() -> new AssertionError("The nats CLI is not installed (scripts/install-servers.sh), "
            + "or set NATS_CLI_PATH"));
  }

  /** Runs {@code nats --server <url> <arguments>}; returns its standard output, byte for byte. */
  public byte[] run(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--server", url));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] output;
    try (InputStream out = process.getInputStream()) {
      output = out.readAllBytes();
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("nats " + String.join(" ", arguments) + " did not finish");
    }
    if (process.exitValue() != 0) {
      throw new AssertionError("nats " + String.join(" ", arguments) + " exited with " + process.exitValue() + ": "
          + new String(output, StandardCharsets.UTF_8));
    }
    return output;
  }

  /** Runs the CLI and returns its output as text. */
  public String text(String... arguments) throws IOException, InterruptedException {
    return new String(run(arguments), StandardCharsets.UTF_8);
  }
}
