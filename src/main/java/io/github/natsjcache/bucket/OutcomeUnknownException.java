package io.github.natsjcache.bucket;

import javax.cache.CacheException;

/**
 * A write was sent to the bucket, but whether the server applied it could not be told before the operation's
 * {@code timeout}: it may or may not have been applied, and the message names the cache and the key.
 *
 * <p>This one is left when the server stayed silent: the node asked it whether it holds the write's message id
 * ({@code Nats-Msg-Id}), to send the write again if not, for as long as the timeout allowed, without an answer (or the
 * waiting thread was interrupted). Read the key to learn the outcome; a write sent before this exception cannot land
 * twice, since the server ignores a second copy of a message id it stored within the bucket's duplicate window (two
 * minutes for KV buckets). A caller that retries an operation which is not idempotent (an increment by
 * {@code invoke}, say) after this exception may apply it twice.
 *
 * <p>Every other failure of a write means it did not take effect and never will, but one: an
 * {@link IllegalStateException} saying that the CacheManager was closed during the write. That write was sent and
 * its answer cut short by the close, so it may have been stored too.
 *
 * <p>A cache's {@code CacheWriter}, called before the write, is left as it is after either: it holds the write, which
 * may have taken effect. (After any other failure of a write that followed a writer call, the writer is told the
 * state that stands.)
 */
public class OutcomeUnknownException extends CacheException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was written where, and that it may or may not have been applied
   */
  public OutcomeUnknownException(String message) {
    super(message);
  }
}
