package io.github.natsjcache.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code nats-server} binary that embedded servers run, and its version.
 *
 * <p>{@code NATS_SERVER_PATH} names it when set. Otherwise the newest of those found is taken: on the {@code PATH},
 * in {@code /usr/sbin} (Debian's package), in Go's install directories ({@code $GOBIN}, {@code ~/go/bin}) and in the
 * working directory's {@code .tools/bin} (where this project's build installs the current release).
 *
 * @param path the binary
 * @param version its version, as {@code nats-server --version} prints it (e.g. {@code 2.15.2})
 */
public record ServerBinary(Path path, String version) {

  private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)\\S*");
  private static final String NAME = "nats-server";
  private static @Nullable ServerBinary chosen;

  /**
   * The binary to run, found once per JVM.
   *
   * @throws CacheException if there is none
   */
  public static synchronized ServerBinary find() {
    ServerBinary found = chosen;
    if (found == null) {
      found = choose();
      System.getLogger(ServerBinary.class.getName()).log(System.Logger.Level.INFO,
          "Embedded NATS server: nats-server " + found.version() + " at " + found.path()
              + (System.getenv("NATS_SERVER_PATH") == null
                  ? " (the newest found; set NATS_SERVER_PATH to choose another)" : " (NATS_SERVER_PATH)"));
      chosen = found;
    }
    return found;
  }

  private static ServerBinary choose() {
    String configured = System.getenv("NATS_SERVER_PATH");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      return versionOf(path).map(version -> new ServerBinary(path, version)).orElseThrow(() ->
          new CacheException("NATS_SERVER_PATH names " + configured + ", which is not a runnable nats-server"));
    }
    return newestOf(candidates()).orElseThrow(() -> new CacheException("No nats-server found (install Debian's "
        + "nats-server package, `go install github.com/nats-io/nats-server/v2@latest`, or set NATS_SERVER_PATH)"));
  }

  /** The newest of the binaries that run and say their version. */
  static Optional<ServerBinary> newestOf(Collection<Path> candidates) {
    List<ServerBinary> found = new ArrayList<>();
    for (Path candidate : candidates) {
      versionOf(candidate).ifPresent(version -> found.add(new ServerBinary(candidate, version)));
    }
    return found.stream().max(Comparator.comparing(binary -> parts(binary.version()), ServerBinary::compare));
  }

  private static Set<Path> candidates() {
    List<String> directories = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      directories.addAll(List.of(path.split(":")));
    }
    directories.add("/usr/sbin");
    String gobin = System.getenv("GOBIN");
    if (gobin != null) {
      directories.add(gobin);
    }
    directories.add(Path.of(System.getProperty("user.home"), "go", "bin").toString());
    directories.add(Path.of(".tools", "bin").toAbsolutePath().toString());
    Set<Path> candidates = new LinkedHashSet<>();
    for (String directory : directories) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(directory, NAME).toAbsolutePath().normalize();
      if (Files.isExecutable(candidate)) {
        candidates.add(candidate);
      }
    }
    return candidates;
  }

  /** The version {@code nats-server --version} prints, or empty if it cannot be run. */
  private static Optional<String> versionOf(Path binary) {
    try {
      Process process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
      if (!process.waitFor(10, TimeUnit.SECONDS)) { // one short line: it fits the pipe, so wait first, then read
        process.destroyForcibly();
        return Optional.empty();
      }
      String output;
      try (InputStream out = process.getInputStream()) {
        output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      }
      Matcher matcher = VERSION.matcher(output);
      return matcher.find() ? Optional.of(matcher.group().replaceFirst("^v", "")) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static int[] parts(String version) {
    Matcher matcher = VERSION.matcher(version);
    if (!matcher.find()) {
      return new int[] {0, 0, 0};
    }
    return new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
        Integer.parseInt(matcher.group(3))};
  }

  private static int compare(int[] left, int[] right) {
    for (int i = 0; i < 3; i++) {
      int order = Integer.compare(left[i], right[i]);
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }
}
