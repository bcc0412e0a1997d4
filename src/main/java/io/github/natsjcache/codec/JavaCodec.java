package io.github.natsjcache.codec;

/**
 * Java serialization, the default codec: any {@link java.io.Serializable} value, deserialized behind the
 * {@link SerializationPolicy} filter.
 *
 * @param <V> the value type
 */
final class JavaCodec<V> implements ValueCodec<V> {

  private final JavaSerialization serialization;
  private final Class<V> type;

  JavaCodec(JavaSerialization serialization, Class<V> type) {
    this.serialization = serialization;
    this.type = type;
  }

  @Override
  public String name() {
    return "java";
  }

  @Override
  public byte[] encode(V value) {
    return serialization.serialize(value);
  }

  @Override
  public V decode(byte[] bytes) {
    Object value = serialization.deserialize(bytes);
    if (!type.isInstance(value)) {
      throw new CodecException("Stored value is a " + value.getClass().getName() + ", not a " + type.getName());
    }
    return type.cast(value);
  }
}
