package io.github.natsjcache.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.Tripwire;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class KeyEncodingTest {

  record OrderId(String region, long number) implements Serializable {}

  record Nested(OrderId order, List<String> tags) implements Serializable {}

  enum Color { RED, GREEN }

  /** The encoding of a cache whose key type is {@link OrderId}: it admits the classes of this package. */
  private final KeyEncoding encoding = new KeyEncoding(
      new JavaSerialization(KeyEncodingTest.class.getClassLoader(), SerializationPolicy.DEFAULT)
          .forTypes(OrderId.class, String.class));

  /** Keys chosen to break a naive mapping: subject wildcards, dots, reserved prefixes, odd types. */
  private static List<Object> oddKeys() {
    List<Object> keys = new ArrayList<>(List.of(
        "order-1", "a b", " leading", "trailing ", "*", ">", "a.*", "a.>", ".", "..", ".a", "a.", "a..b", "a.b",
        "", "=", "=s-", "=s-YQ", "=l-5", "=h-abc", "==", "_kv", "_kv.x", "_kvx", "_KV", "kv_", "a/b", "a=b",
        "a\tb", "a\nb", "a\u0000b", "ümlaut", "日本語のキー", "키", "emoji-😀", "😀", "🇩🇪", "é", "e\u0301",
        "%41", "+", "a+b", "a,b", "$", "#", "\\", "\"", "'", "a\u2028b", "5", "-5", "0",
        5L, 5, -5L, -5, 0L, 0, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE,
        UUID.fromString("00000000-0000-0000-0000-000000000000"), UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
        new OrderId("eu", 1), new OrderId("eu.west", -1), new OrderId("", Long.MIN_VALUE),
        new Nested(new OrderId("us", 7), List.of("a", "b")), Color.RED, Color.GREEN,
        (short) 5, (byte) 5, 5.0d, 5.0f, 'c', true, "x".repeat(1024), "x".repeat(1025), "x".repeat(2_000),
        "é".repeat(2_000), "a.b ".repeat(2_500), "y".repeat(10_000), new OrderId("z".repeat(2_000), 3)));
    for (int i = 0; i < 5; i++) {
      keys.add(UUID.nameUUIDFromBytes(new byte[] {(byte) i}));
    }
    return keys;
  }

  @Test
  void encode_oddKeys_areValidBoundedAndRoundTrip() {
    for (Object key : oddKeys()) {
      EncodedKey encoded = encoding.encode(key);
      assertTrue(KeyEncoding.isValidKvKey(encoded.kvKey()), () -> "invalid KV key for " + describe(key));
      assertTrue(encoded.kvKey().length() <= KeyEncoding.MAX_KV_KEY_LENGTH, () -> "too long for " + describe(key));
      assertEquals(key, encoding.decode(encoded.kvKey(), encoded.fullForm(), Object.class),
          () -> "round trip of " + describe(key));
    }
  }

  @Test
  void encode_oddKeys_areInjective() {
    assertInjective(oddKeys());
  }

  @Test
  void encode_sameKeyTwice_isDeterministic() {
    for (Object key : oddKeys()) {
      assertEquals(encoding.encode(key), encoding.encode(key), () -> "not deterministic for " + describe(key));
    }
    assertEquals(encoding.encode(new OrderId("eu", 1)), encoding.encode(new OrderId("eu", 1)));
  }

  @Test
  void encode_validPlainString_isItself() {
    for (String key : List.of("order-1", "a", "A.b.C", "a/b", "a=b", "a_b", "-", "1", "x".repeat(1024))) {
      assertEquals(new EncodedKey(key, null), encoding.encode(key));
    }
  }

  @Test
  void encode_stringStartingWithEqualsOrKv_isBase64WithPrefix() {
    assertTrue(encoding.encode("=order").kvKey().startsWith("=s-"));
    assertTrue(encoding.encode("_kv").kvKey().startsWith("=s-"));
    assertTrue(encoding.encode("_kvfoo").kvKey().startsWith("=s-"));
  }

  @Test
  void encode_stringWithSpaces_isBase64WithPrefix() {
    EncodedKey encoded = encoding.encode("a b");
    assertEquals("=s-YSBi", encoded.kvKey());
    assertNull(encoded.fullForm());
  }

  @Test
  void encode_emptyString_isEncodedAndDecodesToEmpty() {
    EncodedKey encoded = encoding.encode("");
    assertEquals("=s-", encoded.kvKey());
    assertEquals("", encoding.decode(encoded.kvKey(), null, Object.class));
  }

  @Test
  void encode_numbers_useReadableTypedPrefixes() {
    assertEquals("=l-42", encoding.encode(42L).kvKey());
    assertEquals("=i-42", encoding.encode(42).kvKey());
    assertEquals("=l--9223372036854775808", encoding.encode(Long.MIN_VALUE).kvKey());
    assertEquals("=i--7", encoding.encode(-7).kvKey());
  }

  @Test
  void encode_longIntegerAndStringFive_areThreeKeys() {
    String forLong = encoding.encode(5L).kvKey();
    String forInteger = encoding.encode(5).kvKey();
    String forString = encoding.encode("5").kvKey();
    assertNotEquals(forLong, forInteger);
    assertNotEquals(forLong, forString);
    assertNotEquals(forInteger, forString);
    assertEquals(5L, encoding.decode(forLong, null, Object.class));
    assertEquals(5, encoding.decode(forInteger, null, Object.class));
    assertEquals("5", encoding.decode(forString, null, Object.class));
  }

  @Test
  void encode_uuid_isReadable() {
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertEquals("=u-123e4567-e89b-12d3-a456-426614174000", encoding.encode(uuid).kvKey());
  }

  @Test
  void encode_serializableRecordAndEnum_useJavaFormAndDecodeToEqualCopies() {
    OrderId key = new OrderId("eu", 1);
    EncodedKey encoded = encoding.encode(key);
    assertTrue(encoded.kvKey().startsWith("=j-"));
    assertEquals(key, encoding.decode(encoded.kvKey(), encoded.fullForm(), Object.class));
    EncodedKey color = encoding.encode(Color.GREEN);
    assertTrue(color.kvKey().startsWith("=j-"));
    assertEquals(Color.GREEN, encoding.decode(color.kvKey(), null, Object.class));
  }

  @Test
  void encode_nonSerializableKey_throwsCodecException() {
    Object key = new Object();
    assertThrows(CodecException.class, () -> encoding.encode(key));
  }

  @Test
  void encode_overlongKeys_areHashedWithFullForm() {
    for (Object key : List.of("x".repeat(1025), "y".repeat(10_000), "a b".repeat(1_000), new OrderId("z".repeat(2_000), 1))) {
      EncodedKey encoded = encoding.encode(key);
      assertTrue(encoded.kvKey().startsWith("=h-"), () -> "not hashed: " + describe(key));
      assertNotNull(encoded.fullForm());
      assertTrue(encoded.fullForm().length() > KeyEncoding.MAX_KV_KEY_LENGTH);
      assertEquals(key, encoding.decode(encoded.kvKey(), encoded.fullForm(), Object.class));
    }
  }

  @Test
  void decode_hashedKeyWithoutFullForm_isNull() {
    EncodedKey encoded = encoding.encode("y".repeat(10_000));
    assertNull(encoding.decode(encoded.kvKey(), null, Object.class));
  }

  @Test
  void encode_overlongKeysDifferingInLastCharacter_haveDistinctHashes() {
    String base = "q".repeat(5_000);
    assertNotEquals(encoding.encode(base + "a").kvKey(), encoding.encode(base + "b").kvKey());
  }

  @Test
  void decode_unknownPrefix_throwsCodecException() {
    assertThrows(CodecException.class, () -> encoding.decode("=x-abc", null, Object.class));
    assertThrows(CodecException.class, () -> encoding.decode("=", null, Object.class));
  }

  @Test
  void decode_malformedEncodedKey_throwsCodecException() {
    assertThrows(CodecException.class, () -> encoding.decode("=l-notanumber", null, Object.class));
    assertThrows(CodecException.class, () -> encoding.decode("=i-99999999999", null, Object.class));
    assertThrows(CodecException.class, () -> encoding.decode("=u-not-a-uuid", null, Object.class));
    assertThrows(CodecException.class, () -> encoding.decode("=s-!!", null, Object.class));
    assertThrows(CodecException.class, () -> encoding.decode("=j-AAAA", null, Object.class));
  }

  @Test
  void decode_otherFormsOfAKey_areNotThatKey() {
    String plain = "=s-" + Base64.getUrlEncoder().withoutPadding().encodeToString("k".getBytes(UTF_8));
    String hashedOther = encoding.encode("y".repeat(10_000)).kvKey();
    String longPlain = "x".repeat(KeyEncoding.MAX_KV_KEY_LENGTH + 1);
    for (String alias : List.of(plain, "=l-042", "=l-+42", "=i-042", "=u-123E4567-E89B-12D3-A456-426614174000",
        "=u-123e4567-e89b-12d3-a456-42661417400", longPlain, "_kvx")) {
      assertThrows(CodecException.class, () -> encoding.decode(alias, null, Object.class), alias);
    }
    assertThrows(CodecException.class, () -> encoding.decode(hashedOther, "=l-5", Object.class),
        "a hash whose stored full form is another key's");
    assertEquals(42L, encoding.decode("=l-42", null, Object.class));
  }

  @Test
  void encode_randomStrings_areValidBoundedRoundTripAndInjective() {
    Random random = new Random(20_240_607L);
    List<Object> keys = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      keys.add(randomString(random, random.nextInt(i % 50 == 0 ? 1_500 : 40)));
    }
    for (Object key : keys) {
      EncodedKey encoded = encoding.encode(key);
      assertTrue(KeyEncoding.isValidKvKey(encoded.kvKey()), () -> "invalid KV key for " + describe(key));
      assertTrue(encoded.kvKey().length() <= KeyEncoding.MAX_KV_KEY_LENGTH);
      assertEquals(key, encoding.decode(encoded.kvKey(), encoded.fullForm(), Object.class),
          () -> "round trip of " + describe(key));
    }
    assertInjective(keys);
  }

  @Test
  void encode_randomNumbersAndTheirTexts_areInjective() {
    Random random = new Random(42L);
    List<Object> keys = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      long number = random.nextBoolean() ? random.nextLong() : random.nextInt(1_000) - 500;
      keys.add(number);
      keys.add(String.valueOf(number));
      if (number == (int) number) {
        keys.add((int) number);
      }
      keys.add(new UUID(random.nextLong(), random.nextLong()));
    }
    for (Object key : keys) {
      EncodedKey encoded = encoding.encode(key);
      assertTrue(KeyEncoding.isValidKvKey(encoded.kvKey()));
      assertEquals(key, encoding.decode(encoded.kvKey(), encoded.fullForm(), Object.class));
    }
    assertInjective(keys);
  }

  /** A Java String may hold an unpaired surrogate; it is a key distinct from "?" and must not share its KV key. */
  @Test
  void encode_loneSurrogate_isDistinctFromQuestionMarkAndRoundTrips() {
    String lone = "a\uD800b";
    EncodedKey encoded = encoding.encode(lone);
    assertNotEquals(encoding.encode("a?b").kvKey(), encoded.kvKey());
    assertEquals(lone, encoding.decode(encoded.kvKey(), encoded.fullForm(), Object.class));
    assertEquals(lone, encoding.decode(encoded.kvKey(), encoded.fullForm(), String.class));
  }

  @Test
  void decode_serializedObjectAsKeyOfAStringOrNumberCache_isRefusedWithoutBuildingIt() {
    Tripwire.TRIPPED.set(false);
    String serialized = encoding.encode(new Tripwire()).kvKey(); // what anyone allowed to publish could write

    for (Class<?> keyType : List.of(String.class, Long.class, Integer.class, UUID.class)) {
      assertThrows(CodecException.class, () -> encoding.decode(serialized, null, keyType), keyType.getName());
    }
    assertThrows(CodecException.class, () -> encoding.decode(serialized, null, Object.class),
        "a cache whose types are of another package admits no Tripwire");
    assertFalse(Tripwire.TRIPPED.get(), "the object was built while decoding a key");
    KeyEncoding admitting = new KeyEncoding(new JavaSerialization(KeyEncodingTest.class.getClassLoader(),
        SerializationPolicy.DEFAULT).forTypes(Tripwire.class, String.class));
    assertTrue(admitting.decode(serialized, null, Object.class) instanceof Tripwire, "a Tripwire cache's key it is");
  }

  @Test
  void isValidKvKey_followsNatsRules() {
    for (String valid : List.of("a", "a.b", "A-Z_0/9=", "=x", "a.b.c")) {
      assertTrue(KeyEncoding.isValidKvKey(valid), valid);
    }
    for (String invalid : List.of("", ".", ".a", "a.", "a..b", "a b", "*", ">", "a.*", "é", "a\tb")) {
      assertTrue(!KeyEncoding.isValidKvKey(invalid), invalid);
    }
  }

  private void assertInjective(List<Object> keys) {
    Map<String, Object> seen = new HashMap<>();
    for (Object key : keys) {
      String kvKey = encoding.encode(key).kvKey();
      Object previous = seen.putIfAbsent(kvKey, key);
      if (previous != null) {
        assertTrue(previous.equals(key), () -> describe(previous) + " and " + describe(key) + " share " + kvKey);
      }
    }
  }

  /** Well-formed text: code points from ASCII (often the KV alphabet), Latin, CJK, emoji and other planes. */
  private static String randomString(Random random, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int codePoint = switch (random.nextInt(8)) {
        case 0, 1, 2 -> "abcXYZ019-_/=.".charAt(random.nextInt(14));
        case 3 -> 0x20 + random.nextInt(0x5F);
        case 4 -> 0xA0 + random.nextInt(0x200);
        case 5 -> 0x4E00 + random.nextInt(0x5000);
        case 6 -> 0x1F600 + random.nextInt(0x50);
        default -> randomNonSurrogate(random);
      };
      text.appendCodePoint(codePoint);
    }
    return text.toString();
  }

  private static int randomNonSurrogate(Random random) {
    while (true) {
      int codePoint = random.nextInt(Character.MAX_CODE_POINT + 1);
      if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
        return codePoint;
      }
    }
  }

  private static String describe(Object key) {
    String text = String.valueOf(key);
    return key.getClass().getSimpleName() + " '" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'";
  }
}
