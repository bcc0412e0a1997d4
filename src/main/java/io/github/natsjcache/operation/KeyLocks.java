package io.github.natsjcache.operation;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Striped locks that serialize this node's operations on a key, so that two of them never race each other's
 * conditional write: with a cache writer, a lost race costs a writer call that did not take effect.
 *
 * <p>A lock is only a courtesy among this node's threads: correctness comes from the conditional write, which other
 * nodes race all the same. So a thread that cannot have the lock within its operation's timeout (an entry processor
 * that calls the cache on another key held by a thread waiting for this one, say) goes on without it.
 */
final class KeyLocks {

  /** Stripes: enough that unrelated keys seldom wait for each other, at a few KB per cache with a writer. */
  private static final int STRIPES = 256;

  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

  KeyLocks() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /**
   * Takes the key's lock, waiting at most {@code patience}.
   *
   * @return the lock to release, or {@code null} when it was not had in time
   * @throws InterruptedException when the thread is interrupted while it waits
   */
  @Nullable ReentrantLock lock(Object key, Duration patience) throws InterruptedException {
    ReentrantLock lock = stripes[(key.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - Integer.numberOfTrailingZeros(
        STRIPES))];
    return lock.tryLock(patience.toNanos(), TimeUnit.NANOSECONDS) ? lock : null;
  }
}
