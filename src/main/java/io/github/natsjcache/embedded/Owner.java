package io.github.natsjcache.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A JVM's hold on an embedded server's directory: an exclusive lock on the directory's {@code owner} file, kept for
 * as long as the directory is in use.
 *
 * <p>The operating system drops the lock however its JVM ends, SIGKILL included, so a directory whose lock can be
 * taken has no owner left. Unlike a pid and start time, the lock cannot be fooled by a step of the wall clock (the
 * JDK derives a process's start time from the boot time, which a step moves) nor by another pid namespace (two
 * containers sharing {@code /tmp}). The file also holds the owner's pid, for people only.
 *
 * <p>These are POSIX record locks: they belong to the process, and closing any descriptor of the file drops them. So
 * this JVM never opens the owner file of a directory it holds, and knows those directories by name instead.
 */
final class Owner implements AutoCloseable {

  static final String FILE = "owner";
  private static final String CLAIMING = "owner.claiming";
  /** The directories whose owner file this JVM holds open. */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path directory;
  private final FileChannel channel;

  private Owner(Path directory, FileChannel channel) {
    this.directory = directory;
    this.channel = channel;
  }

  /** Holds a directory this JVM just created, until {@link #close()}. */
  static Owner claim(Path directory) throws IOException {
    Path key = key(directory);
    HELD.add(key); // before the owner file exists: this JVM's reaper never opens it
    Path claiming = directory.resolve(CLAIMING);
    @Nullable FileChannel channel = null;
    try {
      channel = FileChannel.open(claiming, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      channel.lock();
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
      // Named "owner" only once locked, so no other JVM ever finds an owner file that nobody holds.
      Files.move(claiming, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
      return new Owner(key, channel);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      HELD.remove(key);
      throw e;
    }
  }

  /**
   * Holds a directory whose owner is gone, to clear it away; empty while a JVM holds it (this one included) or when
   * it has no owner file.
   */
  static Optional<Owner> takeOver(Path directory) throws IOException {
    Path key = key(directory);
    if (!HELD.add(key)) {
      return Optional.empty();
    }
    @Nullable FileChannel channel = null;
    try {
      channel = FileChannel.open(directory.resolve(FILE), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return Optional.of(new Owner(key, channel));
      }
    } catch (NoSuchFileException | OverlappingFileLockException e) {
      // gone meanwhile, or held by this JVM (through a hard link to its owner file): not an orphan
    } catch (IOException | RuntimeException e) {
      release(key, channel);
      throw e;
    }
    release(key, channel);
    return Optional.empty();
  }

  /** Lets go of the directory: another JVM may now take it over. */
  @Override
  public void close() {
    release(directory, channel);
  }

  private static void release(Path key, @Nullable FileChannel channel) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // the descriptor is gone either way, and the lock with it
    } finally {
      HELD.remove(key);
    }
  }

  /** The directory's one name, links resolved: a second path to a held directory must not open its owner file. */
  private static Path key(Path directory) throws IOException {
    return directory.toRealPath();
  }
}
