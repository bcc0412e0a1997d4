package io.github.natsjcache.copy;

import io.github.natsjcache.codec.ValueCodec;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;
import java.util.UUID;

/**
 * Copies values so that a near-cache hit keeps store-by-value semantics: changing what {@code get} returned changes
 * nothing in the cache. Immutable types are returned as they are; everything else goes through the cache's codec.
 *
 * @param <V> the value type
 */
public final class ValueCopier<V> {

  private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Boolean.class, Character.class, Byte.class,
      Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class, BigDecimal.class,
      UUID.class);

  private final ValueCodec<V> codec;
  /**
   * Whether every value the cache takes is immutable, by its configured type: then no value is looked at (on a near
   * hit, reading the value's class costs a memory access the hit makes for nothing else).
   */
  private final boolean immutableType;

  /**
   * Creates the copier.
   *
   * @param codec the cache's codec, which copies mutable values
   * @param valueType the cache's configured value type
   */
  public ValueCopier(ValueCodec<V> codec, Class<?> valueType) {
    this.codec = codec;
    // Only a final class stands for its values (a BigDecimal may be a mutable subclass); an enum's constants are one.
    this.immutableType = valueType.isEnum()
        || (Modifier.isFinal(valueType.getModifiers()) && IMMUTABLE.contains(valueType));
  }

  /** Whether no value the cache takes is ever copied: its configured type is immutable. */
  public boolean copiesNothing() {
    return immutableType;
  }

  /** Whether a value can be shared as it is: an immutable type. */
  public boolean isImmutable(V value) {
    if (immutableType) {
      return true;
    }
    Class<?> type = value.getClass();
    return type == String.class || IMMUTABLE.contains(type) || value instanceof Enum<?>;
  }

  /** A copy of the value that shares nothing mutable with it. */
  public V copy(V value) {
    return isImmutable(value) ? value : codec.decode(codec.encode(value));
  }
}
