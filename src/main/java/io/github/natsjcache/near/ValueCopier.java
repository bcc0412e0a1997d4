package io.github.natsjcache.near;

import io.github.natsjcache.codec.ValueCodec;
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
final class ValueCopier<V> {

  private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Boolean.class, Character.class, Byte.class,
      Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class, BigDecimal.class,
      UUID.class);

  private final ValueCodec<V> codec;

  ValueCopier(ValueCodec<V> codec) {
    this.codec = codec;
  }

  /** Whether a value can be shared as it is: an immutable type. */
  boolean isImmutable(V value) {
    Class<?> type = value.getClass();
    return type == String.class || IMMUTABLE.contains(type) || value instanceof Enum<?>;
  }

  V copy(V value) {
    return isImmutable(value) ? value : codec.decode(codec.encode(value));
  }
}
