package io.github.natsjcache.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Run in a JVM started with {@code -Djdk.serialFilter=...}: decodes a serialized {@code ArrayList} as a cache's
 * codec does, and prints {@code decoded} or {@code refused: <reason>}.
 */
public final class JvmFilterProbe {

  private JvmFilterProbe() {}

  /**
   * Decodes and prints the outcome.
   *
   * @param args none
   */
  public static void main(String[] args) {
    ClassLoader loader = JvmFilterProbe.class.getClassLoader();
    JavaSerialization serialization = new JavaSerialization(loader, SerializationPolicy.DEFAULT);
    ValueCodec<Object> codec = ValueCodecs.create("java", Object.class, serialization, loader);
    byte[] bytes = codec.encode(new ArrayList<>(List.of("x")));
    try {
      System.out.println("decoded " + codec.decode(bytes));
    } catch (CodecException e) {
      System.out.println("refused: " + e.getMessage());
    }
  }
}
