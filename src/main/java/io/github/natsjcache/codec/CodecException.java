package io.github.natsjcache.codec;

import javax.cache.CacheException;

/** A value or key that a codec cannot encode or decode. */
public class CodecException extends CacheException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be encoded or decoded, and why
   * @param cause the underlying failure
   */
  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception.
   *
   * @param message what could not be encoded or decoded, and why
   */
  public CodecException(String message) {
    super(message);
  }
}
