package io.github.natsjcache.codec;

/**
 * Turns a cache's values into the bytes a KV bucket stores, and back.
 *
 * <p>Decoding always builds a new object, which is what makes a cache store-by-value: a value read twice is two
 * copies, and changing one changes neither the other nor the bucket.
 *
 * @param <V> the value type
 */
public interface ValueCodec<V> {

  /** The codec's name, stored with every entry (in a header) and used in configuration. */
  String name();

  /**
   * Encodes a value.
   *
   * @throws CodecException if the value cannot be encoded (nothing is stored then)
   */
  byte[] encode(V value);

  /**
   * Decodes bytes written by this codec, or by another client in this codec's format.
   *
   * @throws CodecException if the bytes are not a value of this codec
   */
  V decode(byte[] bytes);
}
