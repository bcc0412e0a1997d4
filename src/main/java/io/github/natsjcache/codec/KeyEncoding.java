package io.github.natsjcache.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Maps cache keys to KV keys, injectively and deterministically, and back.
 *
 * <ul>
 *   <li>A {@code String} that is a valid KV key, does not start with {@code =} or {@code _kv} and is at most
 *       {@value #MAX_KV_KEY_LENGTH} characters long is its own KV key: {@code order-1} is what {@code nats kv ls}
 *       shows.
 *   <li>Every other key gets a readable prefix naming its type, then its text: {@code =s-} and the base64url of a
 *       String's UTF-8, {@code =l-42} (Long), {@code =i-42} (Integer), {@code =u-<uuid>} (UUID), {@code =j-} and the
 *       base64url of the Java serialized form of any other key. A key of another type never equals one of these
 *       types, so the prefixes keep the mapping injective; only {@code =} can start an encoded key. A String that
 *       is not well-formed UTF-16 (a lone surrogate) takes the {@code =j-} form, since UTF-8 cannot hold it.
 *   <li>An encoding longer than {@value #MAX_KV_KEY_LENGTH} characters becomes {@code =h-} and the base64url of its
 *       SHA-256; the full encoding travels with the entry, so a read can tell a (never yet observed) collision from
 *       a hit, and the iterator can return the original key. Nothing is truncated.
 * </ul>
 *
 * <p>Keys of the {@code =j-} form must serialize deterministically (records, enums, most value classes do; a
 * {@code HashMap} key may not), since equal keys must map to the same bucket key.
 */
public final class KeyEncoding {

  /**
   * The longest KV key used as is. JetStream reads back keys of up to about 3,900 characters (a 4 KB control line),
   * and a shorter bound leaves room for long bucket names and keeps subjects cheap.
   */
  public static final int MAX_KV_KEY_LENGTH = 1024;
  /** The prefixes of encoded keys: each says how to decode the rest (hashed keys keep their full form elsewhere). */
  private static final String HASHED = "=h-";
  private static final String STRING = "=s-";
  private static final String LONG = "=l-";
  private static final String INTEGER = "=i-";
  private static final String UUID_KEY = "=u-";
  private static final String SERIALIZED = "=j-";

  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder BASE64_DECODER = Base64.getUrlDecoder();

  private final JavaSerialization serialization;

  /**
   * Creates the encoding.
   *
   * @param serialization deserializes {@code =j-} keys with the cache manager's class loader and filter
   */
  public KeyEncoding(JavaSerialization serialization) {
    this.serialization = serialization;
  }

  /**
   * Encodes a cache key.
   *
   * @throws UnencodableKeyException if the key has no bucket form (it is not serializable)
   */
  public EncodedKey encode(Object key) {
    String full = fullForm(key);
    if (full.length() <= MAX_KV_KEY_LENGTH) {
      return new EncodedKey(full, null);
    }
    return new EncodedKey(HASHED + BASE64.encodeToString(sha256(full)), full);
  }

  /** Whether a KV key is a hash, whose full encoding is stored with its entry. */
  public static boolean isHashed(String kvKey) {
    return kvKey.startsWith(HASHED);
  }

  /**
   * Decodes a KV key back to the cache key.
   *
   * <p>A serialized key is deserialized only if a key of {@code keyType} can take that form: never for {@code Long},
   * {@code Integer} or {@code UUID} keys, and for {@code String} keys (a string with a lone surrogate) as a string
   * alone, no object of any class. Anyone allowed to publish to the bucket can write a key, and every node's watch
   * decodes each key it sees.
   *
   * <p>A key is accepted only in the one form {@link #encode} gives it. Other clients can write other texts that
   * decode to the same key ({@code =l-042}, the {@code =s-} form of a plain string, a hash whose stored full form is
   * another key's): they are not that key, or the cache would report their changes as its own, with values its reads
   * never return, and list the key twice.
   *
   * @param kvKey the key in the bucket
   * @param fullForm the full encoding stored with a hashed key's entry, or {@code null}
   * @param keyType the cache's key type
   * @return the cache key, or {@code null} when a hashed key has no full form stored with it
   * @throws CodecException if the key is not one this encoding produces for {@code keyType}
   */
  public @Nullable Object decode(String kvKey, @Nullable String fullForm, Class<?> keyType) {
    Object key = isHashed(kvKey) ? (fullForm == null ? null : decodeFullForm(fullForm, keyType))
        : decodeFullForm(kvKey, keyType);
    if (key != null && !encode(key).kvKey().equals(kvKey)) {
      throw new CodecException("Not the form nats-jcache gives its key: " + kvKey);
    }
    return key;
  }

  private Object decodeFullForm(String kvKey, Class<?> keyType) {
    if (!kvKey.startsWith("=")) {
      return kvKey;
    }
    String text = kvKey.substring(Math.min(3, kvKey.length()));
    try {
      return switch (kvKey.substring(0, Math.min(3, kvKey.length()))) {
        case STRING -> new String(BASE64_DECODER.decode(text), StandardCharsets.UTF_8);
        case LONG -> Long.valueOf(text);
        case INTEGER -> Integer.valueOf(text);
        case UUID_KEY -> UUID.fromString(text);
        case SERIALIZED -> deserializedKey(BASE64_DECODER.decode(text), kvKey, keyType);
        default -> throw new CodecException("Not a key written by nats-jcache: " + kvKey);
      };
    } catch (IllegalArgumentException e) {
      throw new CodecException("Malformed encoded key: " + kvKey, e);
    }
  }

  private Object deserializedKey(byte[] bytes, String kvKey, Class<?> keyType) {
    if (keyType == String.class) {
      return serialization.deserializeString(bytes);
    }
    if (keyType == Long.class || keyType == Integer.class || keyType == UUID.class) {
      throw new CodecException("A " + keyType.getSimpleName() + " key is never serialized: " + kvKey);
    }
    return serialization.deserialize(bytes);
  }

  /** Whether a text is a KV key that every NATS client and server accepts. */
  public static boolean isValidKvKey(String key) {
    if (key.isEmpty() || key.startsWith(".") || key.endsWith(".") || key.contains("..")) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '/' || c == '=' || c == '.';
      if (!valid) {
        return false;
      }
    }
    return true;
  }

  private String fullForm(Object key) {
    if (key instanceof String text) {
      if (isValidKvKey(text) && !text.startsWith("=") && !text.startsWith("_kv")) {
        return text;
      }
      byte[] utf8 = StrictUtf8.encode(text);
      // A string with a lone surrogate has no UTF-8 form; serialization keeps it exactly.
      return utf8 == null ? SERIALIZED + BASE64.encodeToString(serialization.serialize(text))
          : STRING + BASE64.encodeToString(utf8);
    }
    if (key instanceof Long number) {
      return LONG + number;
    }
    if (key instanceof Integer number) {
      return INTEGER + number;
    }
    if (key instanceof UUID uuid) {
      return UUID_KEY + uuid;
    }
    try {
      return SERIALIZED + BASE64.encodeToString(serialization.serialize(key));
    } catch (CodecException e) {
      throw new UnencodableKeyException("A key of type " + key.getClass().getName() + " has no bucket form: "
          + e.getMessage(), e);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }
}
