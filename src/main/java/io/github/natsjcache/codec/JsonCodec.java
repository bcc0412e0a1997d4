package io.github.natsjcache.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * JSON through Jackson, for buckets shared with NATS clients in other languages. Jackson is an optional dependency,
 * loaded only when a cache uses this codec.
 *
 * @param <V> the value type, which Jackson must be able to bind
 */
final class JsonCodec<V> implements ValueCodec<V> {

  private final ObjectMapper mapper;
  private final Class<V> type;

  JsonCodec(Class<V> type, ClassLoader classLoader) {
    this.mapper = new ObjectMapper();
    this.mapper.setTypeFactory(mapper.getTypeFactory().withClassLoader(classLoader));
    this.type = type;
  }

  @Override
  public String name() {
    return "json";
  }

  @Override
  public byte[] encode(V value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new CodecException("Cannot write a " + value.getClass().getName() + " as JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  @Override
  public V decode(byte[] bytes) {
    try {
      return mapper.readValue(bytes, type);
    } catch (IOException e) {
      throw new CodecException("Cannot read JSON as a " + type.getName() + ": " + e.getMessage(), e);
    }
  }
}
