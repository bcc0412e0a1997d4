package io.github.natsjcache.codec;

/** Raw bytes, stored as they are; each read returns a fresh array. */
final class BytesCodec implements ValueCodec<byte[]> {

  @Override
  public String name() {
    return "bytes";
  }

  @Override
  public byte[] encode(byte[] value) {
    return value.clone();
  }

  @Override
  public byte[] decode(byte[] bytes) {
    return bytes.clone();
  }
}
