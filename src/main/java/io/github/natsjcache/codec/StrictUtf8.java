package io.github.natsjcache.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * UTF-8 that refuses what it cannot represent. {@code String.getBytes(UTF_8)} silently turns a lone surrogate into
 * {@code ?}, which would map two different names to one.
 */
final class StrictUtf8 {

  private StrictUtf8() {}

  /** The UTF-8 bytes of a text, or {@code null} when it is not well-formed UTF-16. */
  static byte @Nullable [] encode(String text) {
    try {
      ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
