package io.github.natsjcache.config;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of a cache's configuration that every node must share, kept in its bucket's description so that a node
 * which never created the cache can open it, and a node creating it again can tell whether it agrees.
 *
 * <p>The description reads {@code nats-jcache cache v1: name=SHOP_ORDERS; keyType=java.lang.String; ...} in
 * {@code nats kv status}. Listeners, loaders, writers and expiry policies are objects of each node and do not
 * travel.
 *
 * @param name the cache name
 * @param keyType the configured key type's class name
 * @param valueType the configured value type's class name
 * @param storeByValue whether the cache is store-by-value
 * @param codec the value codec's name
 */
public record CacheDescriptor(String name, String keyType, String valueType, boolean storeByValue, String codec) {

  private static final String PREFIX = "nats-jcache cache v1: ";

  /** The bucket description holding this descriptor. */
  public String toDescription() {
    return PREFIX + "name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "; keyType=" + keyType
        + "; valueType=" + valueType + "; storeByValue=" + storeByValue + "; codec=" + codec;
  }

  /**
   * Reads a descriptor from a bucket description.
   *
   * @return the descriptor, or empty when the bucket was not created by nats-jcache
   */
  public static Optional<CacheDescriptor> fromDescription(String description) {
    if (!description.startsWith(PREFIX)) {
      return Optional.empty();
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String field : description.substring(PREFIX.length()).split("; ", -1)) {
      int equals = field.indexOf('=');
      if (equals > 0) {
        fields.put(field.substring(0, equals), field.substring(equals + 1));
      }
    }
    String name = fields.get("name");
    String keyType = fields.get("keyType");
    String valueType = fields.get("valueType");
    String codec = fields.get("codec");
    if (name == null || keyType == null || valueType == null || codec == null) {
      return Optional.empty();
    }
    return Optional.of(new CacheDescriptor(URLDecoder.decode(name, StandardCharsets.UTF_8), keyType, valueType,
        Boolean.parseBoolean(fields.get("storeByValue")), codec));
  }

  /** What differs between this descriptor and another, one phrase per field; empty when they agree. */
  public List<String> differencesFrom(CacheDescriptor other) {
    List<String> differences = new ArrayList<>();
    compare(differences, "name", name, other.name);
    compare(differences, "keyType", keyType, other.keyType);
    compare(differences, "valueType", valueType, other.valueType);
    compare(differences, "storeByValue", storeByValue, other.storeByValue);
    compare(differences, "codec", codec, other.codec);
    return differences;
  }

  private static void compare(List<String> differences, String field, Object mine, Object theirs) {
    if (!Objects.equals(mine, theirs)) {
      differences.add(field + " is " + theirs + " in the bucket but " + mine + " here");
    }
  }
}
