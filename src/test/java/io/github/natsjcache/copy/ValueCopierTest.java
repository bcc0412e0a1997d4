package io.github.natsjcache.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.natsjcache.codec.JavaSerialization;
import io.github.natsjcache.codec.SerializationPolicy;
import io.github.natsjcache.codec.SerializationPolicy.Mode;
import io.github.natsjcache.codec.ValueCodecs;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Store-by-value on a near hit: what can be shared as it is, and what is copied. */
@Tag("unit")
class ValueCopierTest {

  private static final ClassLoader LOADER = ValueCopierTest.class.getClassLoader();
  private static final SerializationPolicy POLICY = new SerializationPolicy(100, 1_000, 1_000, 1_000_000,
      Mode.ALLOW_LIST, List.of("io.github.natsjcache.copy.*"));

  private static <V> ValueCopier<V> copierOf(Class<V> valueType) {
    return new ValueCopier<>(ValueCodecs.create("java", valueType,
        new JavaSerialization(LOADER, POLICY).forTypes(String.class, valueType), LOADER), valueType);
  }

  @Test
  void valuesOfAnImmutableFinalType_sharedAsTheyAre() {
    String value = new String("v".toCharArray());
    assertSame(value, copierOf(String.class).copy(value));
  }

  /** A declared type that is not final stands for no value: a subclass may be mutable. */
  @Test
  void mutableSubclassOfADeclaredImmutableType_copied() {
    MutableDecimal value = new MutableDecimal();
    BigDecimal copy = copierOf(BigDecimal.class).copy(value);
    assertNotSame(value, copy);
    assertEquals(value, copy);
  }

  @Test
  void untypedCache_sharesImmutableValues_copiesMutableOnes() {
    ValueCopier<Object> untyped = copierOf(Object.class);
    Long immutable = 1_000_000L;
    ArrayList<String> mutable = new ArrayList<>(List.of("a"));
    assertSame(immutable, untyped.copy(immutable));
    Object copy = untyped.copy(mutable);
    assertNotSame(mutable, copy);
    assertEquals(mutable, copy);
  }

  /** A subclass of BigDecimal: a value of a declared BigDecimal type, which could carry state of its own. */
  static final class MutableDecimal extends BigDecimal {
    private static final long serialVersionUID = 1L;

    MutableDecimal() {
      super("1.5");
    }
  }
}
