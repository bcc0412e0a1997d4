package io.github.natsjcache.expiry;

import io.github.natsjcache.entry.Versioned;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;

/**
 * A cache's {@link ExpiryPolicy} turned into deadlines, the form in which expiry travels with each entry (the
 * headers), so that every node honours the same instant.
 *
 * <p>As the spec has it: {@link Duration#ZERO} means expired at once; {@code null} from the update or access method
 * leaves the deadline as it was; a policy that throws is treated as returning the default (eternal on creation,
 * unchanged otherwise), so that a broken policy cannot lose a write.
 */
public final class Expiry {

  /** A deadline meaning: leave the current one as it is. */
  private static final long UNCHANGED = -1;

  private final ExpiryPolicy policy;
  private final boolean eternal;

  /**
   * Wraps a policy.
   *
   * @param policy the cache's expiry policy
   */
  public Expiry(ExpiryPolicy policy) {
    this.policy = policy;
    this.eternal = policy instanceof EternalExpiryPolicy;
  }

  /** Whether no entry ever expires, so callers can skip the clock. */
  public boolean isEternal() {
    return eternal;
  }

  /** The deadline of a value created at {@code now}. */
  public long onCreation(long now) {
    if (eternal) {
      return Versioned.ETERNAL;
    }
    long deadline;
    try {
      deadline = deadline(policy.getExpiryForCreation(), now);
    } catch (RuntimeException e) {
      return Versioned.ETERNAL;
    }
    return deadline == UNCHANGED ? Versioned.ETERNAL : deadline;
  }

  /** The deadline of a value updated at {@code now}, whose deadline was {@code current}. */
  public long onUpdate(long now, long current) {
    if (eternal) {
      return current;
    }
    try {
      return orCurrent(deadline(policy.getExpiryForUpdate(), now), current);
    } catch (RuntimeException e) {
      return current;
    }
  }

  /** The deadline of a value read at {@code now}, whose deadline was {@code current}. */
  public long onAccess(long now, long current) {
    if (eternal) {
      return current;
    }
    try {
      return orCurrent(deadline(policy.getExpiryForAccess(), now), current);
    } catch (RuntimeException e) {
      return current;
    }
  }

  /** The wrapped policy, which the cache closes with itself when it is {@link java.io.Closeable}. */
  public ExpiryPolicy policy() {
    return policy;
  }

  private static long orCurrent(long deadline, long current) {
    return deadline == UNCHANGED ? current : deadline;
  }

  private static long deadline(Duration duration, long now) {
    if (duration == null) {
      return UNCHANGED;
    }
    if (duration.isEternal()) {
      return Versioned.ETERNAL;
    }
    if (duration.isZero()) {
      return now;
    }
    long millis = duration.getTimeUnit().toMillis(duration.getDurationAmount());
    long deadline = now + millis;
    return deadline < now ? Versioned.ETERNAL : deadline;
  }
}
