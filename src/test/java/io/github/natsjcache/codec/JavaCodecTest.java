package io.github.natsjcache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.HostilePayloads;
import io.github.natsjcache.codec.SerializationPolicy.Mode;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.BadAttributeValueExpException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class JavaCodecTest {

  record Customer(String name, List<String> tags) implements Serializable {}

  record Link(Link next) implements Serializable {}

  record Holder(Object content) implements Serializable {}

  static final class NotSerializableValue {}

  /** A value whose own readObject refuses what it reads, as value classes that check their invariants do. */
  static final class SelfChecking implements Serializable {
    private static final long serialVersionUID = 1L;

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
      in.defaultReadObject();
      throw new IllegalStateException("invariant broken");
    }
  }

  private static final ClassLoader LOADER = JavaCodecTest.class.getClassLoader();

  /** The codec of a cache whose value type is {@link Customer}: it admits the classes of this package. */
  private static ValueCodec<Object> javaCodec(SerializationPolicy policy) {
    return ValueCodecs.create("java", Object.class,
        new JavaSerialization(LOADER, policy).forTypes(String.class, Customer.class), LOADER);
  }

  /** The codec of an untyped cache ({@code Object} keys and values), which admits no application class. */
  private static ValueCodec<Object> untypedCodec(SerializationPolicy policy) {
    return ValueCodecs.create("java", Object.class,
        new JavaSerialization(LOADER, policy).forTypes(Object.class, Object.class), LOADER);
  }

  private static SerializationPolicy allowing(String... patterns) {
    return new SerializationPolicy(100, 1_000, 1_000, 1_000_000, Mode.ALLOW_LIST, List.of(patterns));
  }

  private static SerializationPolicy limits(int maxDepth, long maxReferences, long maxArrayLength, long maxBytes) {
    return new SerializationPolicy(maxDepth, maxReferences, maxArrayLength, maxBytes, Mode.ALLOW_LIST, List.of());
  }

  private static Link chain(int length) {
    Link link = null;
    for (int i = 0; i < length; i++) {
      link = new Link(link);
    }
    return link;
  }

  @Test
  void roundTrip_record_isEqualCopy() {
    ValueCodec<Object> codec = javaCodec(SerializationPolicy.DEFAULT);
    Customer customer = new Customer("Ada", new ArrayList<>(List.of("vip")));
    Object decoded = codec.decode(codec.encode(customer));
    assertEquals(customer, decoded);
    assertNotSame(customer, decoded);
    assertNotSame(customer.tags(), ((Customer) decoded).tags());
  }

  enum Size { SMALL, LARGE }

  /** Each form of the stream grammar that the expanded-graph count follows before deserializing. */
  @Test
  void roundTrip_everyFormOfTheStream_isFollowed() {
    ValueCodec<Object> codec = javaCodec(SerializationPolicy.DEFAULT);
    Map<String, Object> map = new HashMap<>();
    map.put("class", String.class);
    map.put("enum", Size.LARGE);
    map.put("long string", "x".repeat(70_000));
    map.put("matrix", new int[][] {{1, 2}, {3}});
    map.put("objects", new Object[] {"a", null, 7L, Size.SMALL});
    map.put("externalizable", LocalDate.of(2024, 6, 7));
    map.put("written by writeObject", new java.util.TreeMap<>(Map.of("k", 1)));
    map.put("immutable", List.of(new BigDecimal("1.5"), "b"));
    map.put("shared", new ArrayList<>(List.of(map.get("immutable"), map.get("immutable"))));
    Object decoded = codec.decode(codec.encode(map));
    Map<?, ?> copy = (Map<?, ?>) decoded;
    assertEquals(map.keySet(), copy.keySet());
    assertArrayEquals((int[][]) map.get("matrix"), (int[][]) copy.get("matrix"));
    assertArrayEquals((Object[]) map.get("objects"), (Object[]) copy.get("objects"));
    for (String key : List.of("class", "enum", "long string", "externalizable", "written by writeObject",
        "immutable", "shared")) {
      assertEquals(map.get(key), copy.get(key), key);
    }
  }

  @Test
  void decode_twice_givesTwoCopies() {
    ValueCodec<Object> codec = javaCodec(SerializationPolicy.DEFAULT);
    byte[] bytes = codec.encode(new ArrayList<>(List.of(1, 2)));
    Object first = codec.decode(bytes);
    Object second = codec.decode(bytes);
    assertEquals(first, second);
    assertNotSame(first, second);
  }

  @Test
  void name_isJava() {
    assertEquals("java", javaCodec(SerializationPolicy.DEFAULT).name());
  }

  @Test
  void decode_deniedGadget_throwsCodecException() {
    ValueCodec<Object> codec = javaCodec(SerializationPolicy.DEFAULT);
    byte[] bytes = codec.encode(new BadAttributeValueExpException("payload"));
    assertThrows(CodecException.class, () -> codec.decode(bytes));
  }

  @Test
  void decode_deniedGadgetNestedInValue_throwsCodecException() {
    ValueCodec<Object> codec = javaCodec(SerializationPolicy.DEFAULT);
    byte[] bytes = codec.encode(new Holder(new BadAttributeValueExpException("payload")));
    assertThrows(CodecException.class, () -> codec.decode(bytes));
  }

  @Test
  void decode_deniedGadgetInAllowListMode_throwsCodecException() {
    ValueCodec<Object> codec = untypedCodec(allowing("javax.management.*"));
    byte[] bytes = javaCodec(SerializationPolicy.DEFAULT).encode(new BadAttributeValueExpException("payload"));
    assertThrows(CodecException.class, () -> codec.decode(bytes));
  }

  @Test
  void decode_allowListMode_refusesUnlistedApplicationClass() {
    ValueCodec<Object> lockedDown = untypedCodec(allowing("com.example.**"));
    byte[] bytes = javaCodec(SerializationPolicy.DEFAULT).encode(new Customer("Ada", List.of()));
    assertThrows(CodecException.class, () -> lockedDown.decode(bytes));
  }

  @Test
  void decode_allowListMode_admitsListedApplicationClass() {
    ValueCodec<Object> codec = untypedCodec(allowing("io.github.natsjcache.codec.*"));
    Customer customer = new Customer("Ada", List.of("vip"));
    assertEquals(customer, codec.decode(codec.encode(customer)));
  }

  @Test
  void decode_allowListMode_admitsJdkValues() {
    ValueCodec<Object> codec = untypedCodec(allowing("com.example.**"));
    Map<String, Object> map = new HashMap<>();
    map.put("list", new ArrayList<>(List.of(1L, 2, "three")));
    map.put("immutable", List.of("a", "b"));
    map.put("decimal", new BigDecimal("1.50"));
    map.put("date", LocalDate.of(2024, 6, 7));
    for (Object value : List.of("text", 42L, 7, map)) {
      assertEquals(value, codec.decode(codec.encode(value)));
    }
  }

  @Test
  void decode_deeperThanMaxDepth_throwsCodecException() {
    ValueCodec<Object> codec = javaCodec(limits(5, 1_000, 1_000, 1_000_000));
    byte[] bytes = javaCodec(SerializationPolicy.DEFAULT).encode(chain(20));
    assertThrows(CodecException.class, () -> codec.decode(bytes));
  }

  @Test
  void decode_withinMaxDepth_succeeds() {
    ValueCodec<Object> codec = javaCodec(limits(50, 1_000, 1_000, 1_000_000));
    Link value = chain(10);
    assertEquals(value, codec.decode(codec.encode(value)));
  }

  @Test
  void decode_graphLargerThanMaxBytes_throwsCodecException() {
    ValueCodec<Object> codec = javaCodec(limits(100, 1_000_000, 1_000_000, 1_000));
    List<Long> many = new ArrayList<>();
    for (long i = 0; i < 1_000; i++) {
      many.add(1_000 + i);
    }
    byte[] bytes = javaCodec(SerializationPolicy.DEFAULT).encode(many);
    assertThrows(CodecException.class, () -> codec.decode(bytes));
  }

  /** A 10 KB serialized String is a serialized form larger than maxBytes, whatever classes it holds. */
  @Test
  void decode_stringLargerThanMaxBytes_throwsCodecException() {
    ValueCodec<Object> codec = javaCodec(limits(100, 1_000, 1_000, 1_000));
    byte[] bytes = javaCodec(SerializationPolicy.DEFAULT).encode("x".repeat(10_000));
    assertThrows(CodecException.class, () -> codec.decode(bytes));
  }

  @Test
  void decode_byteArrayLargerThanMaxBytes_throwsCodecException() {
    ValueCodec<Object> codec = javaCodec(limits(100, 1_000, 1_000_000, 1_000));
    byte[] bytes = javaCodec(SerializationPolicy.DEFAULT).encode(new byte[10_000]);
    assertThrows(CodecException.class, () -> codec.decode(bytes));
  }

  @Test
  void decode_longerArrayThanMaxArrayLength_throwsCodecException() {
    ValueCodec<Object> codec = javaCodec(limits(100, 1_000, 100, 1_000_000));
    byte[] bytes = javaCodec(SerializationPolicy.DEFAULT).encode(new int[1_000]);
    assertThrows(CodecException.class, () -> codec.decode(bytes));
    int[] small = {1, 2, 3};
    assertArrayEquals(small, (int[]) codec.decode(codec.encode(small)));
  }

  @Test
  void decode_tinyValueClaimingAHugeArray_isRefusedBeforeAllocating() {
    ValueCodec<Object> codec = javaCodec(SerializationPolicy.DEFAULT);
    byte[] lie = HostilePayloads.hugeArrayClaim();
    long before = allocatedBytes();

    CodecException refused = assertThrows(CodecException.class, () -> codec.decode(lie));

    assertTrue(lie.length < 40, "a value of " + lie.length + " bytes");
    assertTrue(refused.getMessage().contains("refused"), refused.getMessage());
    assertTrue(allocatedBytes() - before < 16L * 1024 * 1024, "128 MiB were allocated for it");
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  /** Nested sets whose deserialization hashes 2^60 sets ("SerialDOS"): the default depth refuses it at once. */
  @Test
  void decode_nestedSetsHashFlood_isRefusedByTheDefaults() {
    ValueCodec<Object> codec = javaCodec(SerializationPolicy.DEFAULT);
    byte[] bytes = HostilePayloads.nestedSetsHashFlood(60);

    assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertThrows(CodecException.class, () -> codec.decode(bytes)));
  }

  /**
   * Four sets per level, each holding all four of the next level, 18 levels: 2.8 KB whose deserialization would hash
   * 4^18 sets (hours), within the default depth. Shared sets counted each time they are reached exceed the default
   * references at once.
   */
  @Test
  void decode_sharedSetsHashFlood_isRefusedByTheDefaults() {
    ValueCodec<Object> codec = javaCodec(SerializationPolicy.DEFAULT);
    byte[] bytes = HostilePayloads.sharedSetsHashFlood(4, 18);

    CodecException refused = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertThrows(CodecException.class, () -> codec.decode(bytes)));
    assertTrue(refused.getMessage().contains("serialization.maxReferences"), refused.getMessage());
  }

  @Test
  void decode_sharedObjectsWithinMaxReferences_succeed() {
    ValueCodec<Object> codec = javaCodec(limits(20, 10_000, 100_000, 1_000_000));
    Customer shared = new Customer("Ada", List.of("vip")); // five objects, each reached once per copy
    List<Customer> many = new ArrayList<>(java.util.Collections.nCopies(1_000, shared));
    assertEquals(many, codec.decode(codec.encode(many)));
    List<Customer> tooMany = new ArrayList<>(java.util.Collections.nCopies(5_000, shared));
    assertThrows(CodecException.class, () -> codec.decode(codec.encode(tooMany)));
  }

  @Test
  void decode_moreReferencesThanMaxReferences_throwsCodecException() {
    ValueCodec<Object> codec = javaCodec(limits(100, 10, 1_000, 1_000_000));
    List<Long> many = new ArrayList<>();
    for (long i = 0; i < 100; i++) {
      many.add(1_000 + i);
    }
    byte[] bytes = javaCodec(SerializationPolicy.DEFAULT).encode(many);
    assertThrows(CodecException.class, () -> codec.decode(bytes));
  }

  @Test
  void policy_nonPositiveLimits_throwIllegalArgumentException() {
    assertThrows(IllegalArgumentException.class, () -> limits(0, 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> limits(1, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> limits(1, 1, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> limits(1, 1, 1, 0));
  }

  @Test
  void policy_allowList_isCopied() {
    List<String> patterns = new ArrayList<>(List.of("com.example.**"));
    SerializationPolicy policy = new SerializationPolicy(1, 1, 1, 1, Mode.ALLOW_LIST, patterns);
    patterns.add("org.evil.**");
    assertEquals(List.of("com.example.**"), policy.allowList());
  }

  @Test
  void encode_nonSerializableValue_throwsCodecExceptionNamingTheClass() {
    ValueCodec<Object> codec = javaCodec(SerializationPolicy.DEFAULT);
    CodecException thrown = assertThrows(CodecException.class, () -> codec.encode(new NotSerializableValue()));
    assertTrue(thrown.getMessage().contains(NotSerializableValue.class.getName()), thrown.getMessage());
  }

  @Test
  void encode_nonSerializableField_throwsCodecExceptionNamingTheFieldClass() {
    ValueCodec<Object> codec = javaCodec(SerializationPolicy.DEFAULT);
    CodecException thrown = assertThrows(CodecException.class,
        () -> codec.encode(new Holder(new NotSerializableValue())));
    assertTrue(thrown.getMessage().contains(NotSerializableValue.class.getName()), thrown.getMessage());
  }

  @Test
  void decode_storedStringForIntegerCodec_throwsCodecException() {
    JavaSerialization serialization = new JavaSerialization(LOADER, SerializationPolicy.DEFAULT);
    ValueCodec<Integer> integers = ValueCodecs.create("java", Integer.class, serialization, LOADER);
    ValueCodec<String> strings = ValueCodecs.create("java", String.class, serialization, LOADER);
    byte[] bytes = strings.encode("forty-two");
    CodecException thrown = assertThrows(CodecException.class, () -> integers.decode(bytes));
    assertTrue(thrown.getMessage().contains("java.lang.Integer"), thrown.getMessage());
    assertEquals(42, integers.decode(integers.encode(42)));
  }

  @Test
  void decode_garbage_throwsCodecException() {
    ValueCodec<Object> codec = javaCodec(SerializationPolicy.DEFAULT);
    assertThrows(CodecException.class, () -> codec.decode(new byte[] {1, 2, 3}));
    assertThrows(CodecException.class, () -> codec.decode(new byte[0]));
  }

  @Test
  void decode_truncatedBytes_throwsCodecException() {
    ValueCodec<Object> codec = javaCodec(SerializationPolicy.DEFAULT);
    byte[] bytes = codec.encode(new Customer("Ada", List.of("vip")));
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
    assertThrows(CodecException.class, () -> codec.decode(truncated));
  }

  @Test
  void decode_readObjectThrowsRuntimeException_throwsCodecException() {
    ValueCodec<Object> codec = javaCodec(SerializationPolicy.DEFAULT);
    byte[] bytes = codec.encode(new SelfChecking());
    CodecException thrown = assertThrows(CodecException.class, () -> codec.decode(bytes));
    assertTrue(thrown.getMessage().contains("invariant broken"), thrown.getMessage());
  }
}
