package io.github.natsjcache.codec;

import java.util.List;

/** Finds a value codec by its configured name. */
public final class ValueCodecs {

  /** The names of the codecs that {@link #create} knows. */
  public static final List<String> NAMES = List.of("java", "string", "bytes", "json");

  private ValueCodecs() {}

  /**
   * Creates the codec of that name for values of a type.
   *
   * @param name {@code java}, {@code string}, {@code bytes} or {@code json}
   * @param valueType the cache's value type ({@code Object} for an untyped cache)
   * @param serialization the Java serialization of the cache manager
   * @param classLoader the cache manager's class loader, for JSON binding
   * @param <V> the value type
   * @return the codec
   * @throws IllegalArgumentException if the name is unknown or the codec cannot hold values of that type
   */
  @SuppressWarnings("unchecked") // each branch checks that V is the codec's own value type
  public static <V> ValueCodec<V> create(String name, Class<V> valueType, JavaSerialization serialization,
      ClassLoader classLoader) {
    return switch (name) {
      case "java" -> new JavaCodec<>(serialization, valueType);
      case "string" -> (ValueCodec<V>) requireType(name, valueType, String.class, new StringCodec());
      case "bytes" -> (ValueCodec<V>) requireType(name, valueType, byte[].class, new BytesCodec());
      case "json" -> json(valueType, classLoader);
      default -> throw new IllegalArgumentException("Unknown codec '" + name + "'; known codecs: " + NAMES);
    };
  }

  private static <V> ValueCodec<V> json(Class<V> valueType, ClassLoader classLoader) {
    if (valueType == Object.class) {
      throw new IllegalArgumentException("The json codec needs the cache's value type; set it with "
          + "MutableConfiguration.setTypes");
    }
    try {
      Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, ValueCodecs.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("The json codec needs com.fasterxml.jackson.core:jackson-databind on "
          + "the class path", e);
    }
    return new JsonCodec<>(valueType, classLoader);
  }

  private static ValueCodec<?> requireType(String name, Class<?> valueType, Class<?> codecType,
      ValueCodec<?> codec) {
    if (valueType != Object.class && valueType != codecType) {
      throw new IllegalArgumentException("The " + name + " codec holds " + codecType.getSimpleName()
          + " values, not " + valueType.getName());
    }
    return codec;
  }
}
