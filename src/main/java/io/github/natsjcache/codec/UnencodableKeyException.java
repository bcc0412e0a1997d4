package io.github.natsjcache.codec;

/** A key that has no bucket form: neither a String, a number, a UUID, nor serializable. */
public final class UnencodableKeyException extends CodecException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which key type, and why
   * @param cause the serialization failure
   */
  public UnencodableKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
