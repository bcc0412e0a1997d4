package io.github.natsjcache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ValueCodecsTest {

  record Order(String id, int quantity, List<String> items) {}

  private static final ClassLoader LOADER = ValueCodecsTest.class.getClassLoader();
  private static final JavaSerialization SERIALIZATION = new JavaSerialization(LOADER, SerializationPolicy.DEFAULT);

  private static <V> ValueCodec<V> codec(String name, Class<V> type) {
    return ValueCodecs.create(name, type, SERIALIZATION, LOADER);
  }

  @Test
  void create_eachKnownName_givesCodecOfThatName() {
    assertEquals("java", codec("java", Object.class).name());
    assertEquals("string", codec("string", String.class).name());
    assertEquals("bytes", codec("bytes", byte[].class).name());
    assertEquals("json", codec("json", Order.class).name());
    assertEquals(List.of("java", "string", "bytes", "json"), ValueCodecs.NAMES);
  }

  @Test
  void stringCodec_roundTripsUnicodeAsUtf8() {
    ValueCodec<String> codec = codec("string", String.class);
    String text = "grüße 日本 😀";
    assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), codec.encode(text));
    assertEquals(text, codec.decode(codec.encode(text)));
    assertEquals("", codec.decode(codec.encode("")));
  }

  @Test
  void stringCodec_untypedCache_isAccepted() {
    assertEquals("string", codec("string", Object.class).name());
  }

  @Test
  void stringCodec_integerValueType_throwsIllegalArgumentException() {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> codec("string", Integer.class));
    assertTrue(thrown.getMessage().contains("java.lang.Integer"), thrown.getMessage());
  }

  @Test
  void bytesCodec_roundTripsAndReturnsFreshArrayEachDecode() {
    ValueCodec<byte[]> codec = codec("bytes", byte[].class);
    byte[] value = {0, 1, -1, 127, -128};
    byte[] stored = codec.encode(value);
    assertArrayEquals(value, stored);
    assertNotSame(value, stored);
    byte[] first = codec.decode(stored);
    byte[] second = codec.decode(stored);
    assertArrayEquals(value, first);
    assertNotSame(first, second);
    assertNotSame(stored, first);
    first[0] = 42;
    assertArrayEquals(value, codec.decode(stored));
  }

  @Test
  void bytesCodec_stringValueType_throwsIllegalArgumentException() {
    assertThrows(IllegalArgumentException.class, () -> codec("bytes", String.class));
  }

  @Test
  void jsonCodec_roundTripsRecord() {
    ValueCodec<Order> codec = codec("json", Order.class);
    Order order = new Order("o-1", 3, List.of("apple", "pear"));
    byte[] json = codec.encode(order);
    String text = new String(json, StandardCharsets.UTF_8);
    assertTrue(text.contains("\"id\":\"o-1\""), text);
    Order decoded = codec.decode(json);
    assertEquals(order, decoded);
    assertNotSame(order, decoded);
  }

  @Test
  void jsonCodec_readsJsonWrittenByOtherClients() {
    ValueCodec<Order> codec = codec("json", Order.class);
    byte[] json = "{\"id\":\"x\",\"quantity\":1,\"items\":[]}".getBytes(StandardCharsets.UTF_8);
    assertEquals(new Order("x", 1, List.of()), codec.decode(json));
  }

  @Test
  void jsonCodec_malformedJson_throwsCodecException() {
    ValueCodec<Order> codec = codec("json", Order.class);
    assertThrows(CodecException.class, () -> codec.decode("{not json".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void jsonCodec_objectValueType_throwsIllegalArgumentException() {
    assertThrows(IllegalArgumentException.class, () -> codec("json", Object.class));
  }

  @Test
  void create_unknownName_throwsIllegalArgumentExceptionListingKnownCodecs() {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> codec("yaml", Object.class));
    for (String known : ValueCodecs.NAMES) {
      assertTrue(thrown.getMessage().contains(known), thrown.getMessage());
    }
    assertTrue(thrown.getMessage().contains("yaml"), thrown.getMessage());
  }
}
