package io.github.natsjcache.embedded;

import io.github.natsjcache.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * The temporary directory of one embedded server ({@code nats-jcache-*}, owner-only): its JetStream store, the
 * server's pid file, the configuration file that holds its token, and the owner file that this JVM keeps locked
 * while it uses the directory, by which a later JVM knows what a killed one left behind ({@link Owner},
 * {@link Orphans}).
 */
final class ServerDirectory {

  static final String PREFIX = "nats-jcache-";
  static final String PID_FILE = "nats-server.pid";
  private static final String CONFIG_FILE = "nats-server.conf";

  private final Path path;
  private final Owner owner;

  private ServerDirectory(Path path, Owner owner) {
    this.path = path;
    this.owner = owner;
  }

  /** Creates a directory held by this JVM until {@link #delete()}. */
  static ServerDirectory create() {
    Path path;
    try {
      path = Files.createTempDirectory(PREFIX);
    } catch (IOException e) {
      throw new CacheException("Cannot create a store directory for the embedded nats-server", e);
    }
    try {
      return new ServerDirectory(path, Owner.claim(path));
    } catch (IOException e) {
      deleteRecursively(path);
      throw new CacheException("Cannot lock the embedded nats-server's store directory " + path, e);
    }
  }

  /** The directory itself. */
  Path path() {
    return path;
  }

  /**
   * The {@code nats-server} arguments that put the store and the pid file here and, given a token, require it.
   * The token goes through a file readable by this user only: a command line is visible to every user in {@code ps}.
   */
  List<String> serverArguments(@Nullable Secret token) {
    List<String> arguments = new ArrayList<>(List.of("-sd", path.toString(), "-P", path.resolve(PID_FILE).toString()));
    if (token != null) {
      arguments.addAll(List.of("-c", writeConfiguration(token).toString()));
    }
    return arguments;
  }

  private Path writeConfiguration(Secret token) {
    Path file = path.resolve(CONFIG_FILE);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, "authorization {\n  token: \"" + new String(token.reveal()) + "\"\n}\n",
          StandardCharsets.US_ASCII);
      return file;
    } catch (IOException | UnsupportedOperationException e) {
      throw new CacheException("Cannot write the embedded nats-server's configuration in " + path, e);
    }
  }

  /**
   * Deletes the directory and all it holds, then lets go of it; what cannot be deleted stays (a leftover fails
   * nothing, and the next start on the machine clears it away).
   */
  void delete() {
    deleteRecursively(path);
    owner.close();
  }

  static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // A store directory left in the temp folder is harmless; never fail a shutdown over it.
    }
  }
}
