package io.github.natsjcache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A String's Java serialization without object streams: byte for byte what the streams write and read. */
@Tag("unit")
class SerializedStringsTest {

  @Test
  void everyKindOfString_encodedAsTheObjectStreamWritesIt_andReadBack() throws Exception {
    for (String text : strings()) {
      byte[] streamed = streamed(text);
      assertArrayEquals(streamed, SerializedStrings.encode(text), () -> "the bytes of a string of " + text.length());
      assertEquals(text, SerializedStrings.decode(streamed));
      assertEquals(text, read(SerializedStrings.encode(text)));
    }
  }

  @Test
  void bytesThatAreNotOneStringAlone_leftToTheObjectStream() throws Exception {
    byte[] one = streamed("value");
    ByteArrayOutputStream two = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(two)) {
      out.writeObject("value");
      out.writeObject("more");
    }
    assertNull(SerializedStrings.decode(two.toByteArray()));
    assertNull(SerializedStrings.decode(Arrays.copyOf(one, one.length - 1)), "truncated");
    assertNull(SerializedStrings.decode(streamed(List.of("a"))), "another object");
    assertNull(SerializedStrings.decode(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 0x74}), "no length");
    byte[] badContinuation = streamed("\u00e9");
    badContinuation[badContinuation.length - 1] = 0x41;
    assertNull(SerializedStrings.decode(badContinuation), "a broken two-byte character");
    byte[] fourByteLead = streamed("abcd");
    fourByteLead[fourByteLead.length - 4] = (byte) 0xF0;
    assertNull(SerializedStrings.decode(fourByteLead), "a lead byte modified UTF-8 never has");
  }

  private static List<String> strings() {
    List<String> strings = new ArrayList<>(List.of("", "a", "value-1", "\0", "caf\u00e9", "\u20ac\u4e2d",
        "\ud83d\ude00", "\ud800", "\udfff x", "\u007f\u0080\u07ff\u0800\uffff"));
    strings.add("x".repeat(0xFFFF)); // the longest TC_STRING
    strings.add("x".repeat(0x10000)); // the shortest TC_LONGSTRING
    strings.add("\u00e9".repeat(0x8000)); // 65,536 bytes from 32,768 characters
    SplittableRandom random = new SplittableRandom(42);
    for (int n = 0; n < 200; n++) {
      char[] chars = new char[random.nextInt(300)];
      for (int i = 0; i < chars.length; i++) {
        chars[i] = (char) random.nextInt(random.nextBoolean() ? 0x80 : 0x10000);
      }
      strings.add(new String(chars));
    }
    return strings;
  }

  private static byte[] streamed(Object object) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    return bytes.toByteArray();
  }

  private static Object read(byte[] bytes) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return in.readObject();
    }
  }
}
