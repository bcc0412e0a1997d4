package io.github.natsjcache.codec;

import java.io.ObjectStreamConstants;
import org.jspecify.annotations.Nullable;

/**
 * A {@code String}'s Java serialization, written and read without object streams: the very bytes
 * {@code ObjectOutputStream.writeObject(string)} writes (the stream header, {@code TC_STRING} or
 * {@code TC_LONGSTRING}, the length, modified UTF-8), so nodes and stored values cannot tell the difference. A
 * cache of Strings under the default codec was measured spending a tenth of a put's allocation on the streams.
 */
final class SerializedStrings {

  private static final byte[] STREAM_HEADER = {
      (byte) (ObjectStreamConstants.STREAM_MAGIC >> 8), (byte) ObjectStreamConstants.STREAM_MAGIC,
      (byte) (ObjectStreamConstants.STREAM_VERSION >> 8), (byte) ObjectStreamConstants.STREAM_VERSION};
  private static final byte TC_STRING = ObjectStreamConstants.TC_STRING;
  private static final byte TC_LONGSTRING = ObjectStreamConstants.TC_LONGSTRING;
  private static final int SHORT_PREFIX = STREAM_HEADER.length + 1 + Short.BYTES;
  private static final int LONG_PREFIX = STREAM_HEADER.length + 1 + Long.BYTES;

  private SerializedStrings() {}

  /** The serialized form of a string. */
  static byte[] encode(String text) {
    long length = modifiedUtf8Length(text);
    boolean isShort = length <= 0xFFFF;
    int prefix = isShort ? SHORT_PREFIX : LONG_PREFIX;
    if (prefix + length > Integer.MAX_VALUE - 8) {
      throw new CodecException("Cannot serialize a String of " + length + " bytes");
    }
    byte[] bytes = new byte[(int) (prefix + length)];
    System.arraycopy(STREAM_HEADER, 0, bytes, 0, STREAM_HEADER.length);
    bytes[STREAM_HEADER.length] = isShort ? TC_STRING : TC_LONGSTRING;
    for (int i = prefix - 1, shift = 0; i > STREAM_HEADER.length; i--, shift += Byte.SIZE) {
      bytes[i] = (byte) (length >>> shift); // big-endian, as DataOutput writes
    }
    int at = prefix;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x0001 && c <= 0x007F) {
        bytes[at++] = (byte) c;
      } else if (c > 0x07FF) {
        bytes[at++] = (byte) (0xE0 | (c >> 12));
        bytes[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        bytes[at++] = (byte) (0x80 | (c & 0x3F));
      } else {
        bytes[at++] = (byte) (0xC0 | (c >> 6));
        bytes[at++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return bytes;
  }

  /**
   * The string these bytes serialize, if they are exactly one serialized string; else {@code null}, and the object
   * stream reads them (and says what is wrong with them).
   */
  static @Nullable String decode(byte[] bytes) {
    if (bytes.length < SHORT_PREFIX || !startsWithHeader(bytes)) {
      return null;
    }
    int prefix;
    long length;
    if (bytes[STREAM_HEADER.length] == TC_STRING) {
      prefix = SHORT_PREFIX;
      length = ((bytes[5] & 0xFFL) << 8) | (bytes[6] & 0xFFL);
    } else if (bytes[STREAM_HEADER.length] == TC_LONGSTRING && bytes.length >= LONG_PREFIX) {
      prefix = LONG_PREFIX;
      length = 0;
      for (int i = STREAM_HEADER.length + 1; i < LONG_PREFIX; i++) {
        length = (length << Byte.SIZE) | (bytes[i] & 0xFF);
      }
    } else {
      return null;
    }
    if (length != bytes.length - prefix) {
      return null; // more follows (or less): not one string alone
    }
    return decodeModifiedUtf8(bytes, prefix);
  }

  private static boolean startsWithHeader(byte[] bytes) {
    for (int i = 0; i < STREAM_HEADER.length; i++) {
      if (bytes[i] != STREAM_HEADER[i]) {
        return false;
      }
    }
    return true;
  }

  /** Modified UTF-8 from {@code from} to the end, as {@code DataInputStream.readUTF} reads it; null if malformed. */
  private static @Nullable String decodeModifiedUtf8(byte[] bytes, int from) {
    char[] chars = new char[bytes.length - from];
    int count = 0;
    int at = from;
    while (at < bytes.length) {
      int b = bytes[at] & 0xFF;
      if (b < 0x80) {
        chars[count++] = (char) b;
        at++;
      } else if ((b & 0xE0) == 0xC0 && at + 1 < bytes.length && isContinuation(bytes[at + 1])) {
        chars[count++] = (char) (((b & 0x1F) << 6) | (bytes[at + 1] & 0x3F));
        at += 2;
      } else if ((b & 0xF0) == 0xE0 && at + 2 < bytes.length && isContinuation(bytes[at + 1])
          && isContinuation(bytes[at + 2])) {
        chars[count++] = (char) (((b & 0x0F) << 12) | ((bytes[at + 1] & 0x3F) << 6) | (bytes[at + 2] & 0x3F));
        at += 3;
      } else {
        return null;
      }
    }
    return new String(chars, 0, count);
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }

  private static long modifiedUtf8Length(String text) {
    long length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      length += c >= 0x0001 && c <= 0x007F ? 1 : c > 0x07FF ? 3 : 2;
    }
    return length;
  }
}
