package io.github.natsjcache.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What embedded servers of dead JVMs left behind, found and removed by the next embedded start.
 *
 * <p>A JVM killed with SIGKILL runs no shutdown hook. Its server is normally taken along by the watchdog
 * ({@link ServerProcess}), but its store directory stays, and so does the server when the watchdog died with the
 * JVM. A directory is an orphan, and is deleted after its server is stopped, only when all of these hold:
 * <ul>
 *   <li>it is a {@code nats-jcache-*} directory (not a link) in the same temp folder, owned by this user;
 *   <li>the lock on its owner file can be taken, so no JVM holds it, wherever that JVM runs ({@link Owner}); the
 *       lock is kept while the directory is cleared away, so two JVMs never clear the same one;
 * </ul>
 * and its server is stopped only when the pid in its pid file runs with a command line naming that directory, so
 * a process that merely reuses the pid is never touched.
 */
final class Orphans {

  private static final long STOP_SECONDS = 10;

  private Orphans() {}

  /** Reaps the orphans beside {@code ours} (a directory this JVM just created, so its owner is this user). */
  static void reapBeside(ServerDirectory ours) {
    Path temp = ours.path().getParent();
    try (DirectoryStream<Path> candidates = Files.newDirectoryStream(temp, ServerDirectory.PREFIX + "*")) {
      UserPrincipal user = Files.getOwner(ours.path(), LinkOption.NOFOLLOW_LINKS);
      for (Path candidate : candidates) {
        reapIfOrphan(candidate, user);
      }
    } catch (IOException | DirectoryIteratorException | SecurityException e) {
      // Reaping is housekeeping: a folder that cannot be read must not keep this server from starting.
    }
  }

  private static void reapIfOrphan(Path directory, UserPrincipal user) {
    try {
      Optional<Owner> orphaned = takeOverOrphan(directory, user);
      if (orphaned.isPresent()) {
        try {
          serverOf(directory).ifPresent(Orphans::stop);
          ServerDirectory.deleteRecursively(directory);
        } finally {
          orphaned.get().close();
        }
      }
    } catch (IOException e) {
      // gone meanwhile (another JVM reaped it), or not ours to read: leave it
    }
  }

  private static Optional<Owner> takeOverOrphan(Path directory, UserPrincipal user) throws IOException {
    boolean candidate = Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)
        && user.equals(Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS))
        && Files.isRegularFile(directory.resolve(Owner.FILE), LinkOption.NOFOLLOW_LINKS);
    return candidate ? Owner.takeOver(directory) : Optional.empty();
  }

  /** The server still running on {@code directory}: its pid file's process, if its command line names the directory. */
  private static Optional<ProcessHandle> serverOf(Path directory) throws IOException {
    Path pidFile = directory.resolve(ServerDirectory.PID_FILE);
    if (!Files.isRegularFile(pidFile, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    String path = directory.toString();
    return ProcessHandle.of(pid).filter(process -> process.info().arguments()
        .map(arguments -> List.of(arguments).stream()
            .anyMatch(argument -> argument.equals(path) || argument.startsWith(path + File.separator)))
        .orElse(false));
  }

  private static void stop(ProcessHandle server) {
    server.destroy();
    try {
      server.onExit().get(STOP_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      server.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
