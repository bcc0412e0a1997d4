package io.github.natsjcache.codec;

import java.nio.charset.StandardCharsets;

/** UTF-8 text: what {@code nats kv get} prints and every NATS client reads as a string. */
final class StringCodec implements ValueCodec<String> {

  @Override
  public String name() {
    return "string";
  }

  @Override
  public byte[] encode(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String decode(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
