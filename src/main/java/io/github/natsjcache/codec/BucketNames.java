package io.github.natsjcache.codec;

import org.jspecify.annotations.Nullable;

/**
 * Maps (namespace, cache name) to a KV bucket name, injectively and deterministically.
 *
 * <ul>
 *   <li>Without a namespace, a cache name made of {@code A-Z a-z 0-9 _ -} that does not contain {@code __} is its
 *       own bucket name: cache {@code SHOP_ORDERS} is bucket {@code SHOP_ORDERS}.
 *   <li>Every other name is escaped: {@code A-Z a-z 0-9 -} stay, every other UTF-8 byte (including {@code _})
 *       becomes {@code _} and two hex digits. An escaped text never contains {@code __}, so {@code __} can separate
 *       the namespace from the name: bucket = escaped namespace + {@code __} + escaped name, with an empty namespace
 *       part for names that are escaped without one ({@code shop.orders} → {@code __shop_2Eorders}; namespace
 *       {@code app}, name {@code SHOP_ORDERS} → {@code app__SHOP_5FORDERS}).
 * </ul>
 *
 * <p>Names whose bucket name would exceed {@value #MAX_LENGTH} characters are refused rather than truncated.
 */
public final class BucketNames {

  /** The longest bucket name used; JetStream's stream name {@code KV_<bucket>} must stay within 255 bytes. */
  public static final int MAX_LENGTH = 252;

  private static final String SEPARATOR = "__";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private BucketNames() {}

  /**
   * The bucket of a cache.
   *
   * @param namespace the application's namespace, or {@code null} for none
   * @param cacheName the JCache cache name
   * @return the bucket name
   * @throws IllegalArgumentException if the name is empty or its bucket name would be too long
   */
  public static String bucketName(@Nullable String namespace, String cacheName) {
    if (cacheName.isEmpty()) {
      throw new IllegalArgumentException("A cache name must not be empty");
    }
    String bucket;
    if (namespace == null || namespace.isEmpty()) {
      bucket = isPlain(cacheName) ? cacheName : SEPARATOR + escape(cacheName);
    } else {
      bucket = escape(namespace) + SEPARATOR + escape(cacheName);
    }
    if (bucket.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("The bucket name for cache '" + cacheName + "' would be "
          + bucket.length() + " characters long, more than the " + MAX_LENGTH + " that NATS allows");
    }
    return bucket;
  }

  private static boolean isPlain(String name) {
    if (name.contains(SEPARATOR)) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(isKept(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isKept(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  }

  private static String escape(String text) {
    byte[] utf8 = StrictUtf8.encode(text);
    if (utf8 == null) {
      throw new IllegalArgumentException("A cache name or namespace must be well-formed Unicode (no lone "
          + "surrogates)");
    }
    StringBuilder escaped = new StringBuilder();
    for (byte b : utf8) {
      int unsigned = b & 0xFF;
      if (isKept(unsigned)) {
        escaped.append((char) unsigned);
      } else {
        escaped.append('_').append(HEX[unsigned >> 4]).append(HEX[unsigned & 0xF]);
      }
    }
    return escaped.toString();
  }
}
