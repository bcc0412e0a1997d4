package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.codec.KeyEncoding;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keys of every shape through a real cache: each one stored, found, listed and removed as itself, and distinct from
 * every other key; plain String keys are what other NATS clients see.
 */
@Tag("server")
class KeyMappingIntegrationTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  private Cache<Object, String> cache;

  @BeforeEach
  void createCache(TestInfo test) {
    // Object keys admit no application class by default: the record keys below are admitted by name.
    Properties properties = new Properties();
    properties.setProperty("serialization.allowList", Point.class.getName());
    cache = nats.node(properties).createCache(test.getTestMethod().orElseThrow().getName(),
        new MutableConfiguration<Object, String>().setTypes(Object.class, String.class));
  }

  @Test
  void oddKeys_putGetContainsIterateRemove() {
    assertRoundTrips(oddKeys());
  }

  @Test
  void randomUnicodeStrings_putGetContainsIterateRemove() {
    Random random = new Random(107);
    Set<Object> keys = new LinkedHashSet<>();
    while (keys.size() < 200) {
      keys.add(randomString(random, random.nextInt(1 + random.nextInt(40))));
    }
    keys.add(randomString(random, 1500));
    keys.add(randomString(random, 5000));
    assertRoundTrips(keys);
  }

  @Test
  void randomNumbersAndUuids_putGetContainsIterateRemove() {
    Random random = new Random(42);
    Set<Object> keys = new LinkedHashSet<>();
    for (int i = 0; i < 40; i++) {
      keys.add(random.nextLong());
      keys.add(random.nextInt());
      keys.add(new UUID(random.nextLong(), random.nextLong()));
      keys.add(new Point(random.nextInt(), "p" + i));
    }
    keys.addAll(List.of(Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 0L, -1, -1L));
    assertRoundTrips(keys);
  }

  @Test
  void sameTextDifferentTypes_areDistinctKeys() {
    cache.put(5, "Integer");
    cache.put(5L, "Long");
    cache.put("5", "String");
    cache.put("=i-5", "String looking like an encoded Integer");
    cache.put("=l-5", "String looking like an encoded Long");
    assertAll(
        () -> assertEquals("Integer", cache.get(5)),
        () -> assertEquals("Long", cache.get(5L)),
        () -> assertEquals("String", cache.get("5")),
        () -> assertEquals("String looking like an encoded Integer", cache.get("=i-5")),
        () -> assertEquals("String looking like an encoded Long", cache.get("=l-5")));
    assertTrue(cache.remove(5L));
    assertEquals("Integer", cache.get(5));
    assertEquals("String", cache.get("5"));
    assertNull(cache.get(5L));
    assertEquals(Set.of(5, "5", "=i-5", "=l-5"), keysInCache());
  }

  @Test
  void stringKeyWithLoneSurrogate_isDistinctFromQuestionMark() {
    String loneSurrogate = "a\uD800b";
    cache.put("a?b", "question mark");
    cache.put(loneSurrogate, "lone surrogate");
    assertEquals("question mark", cache.get("a?b"));
    assertEquals("lone surrogate", cache.get(loneSurrogate));
  }

  @Test
  void equalRecords_sameKey() {
    cache.put(new Point(1, "a"), "first");
    cache.put(new Point(1, "a"), "second");
    assertEquals("second", cache.get(new Point(1, "a")));
    assertNull(cache.get(new Point(1, "b")));
    assertEquals(Set.of(new Point(1, "a")), keysInCache());
  }

  @Test
  void everyKvKeyInTheBucket_isValid() throws Exception {
    Set<Object> keys = oddKeys();
    for (Object key : keys) {
      cache.put(key, "v");
    }
    try (Connection connection = Nats.connect(nats.url())) {
      List<String> kvKeys = connection.keyValue(cache.getName()).keys();
      assertEquals(keys.size(), kvKeys.size());
      assertAll(kvKeys.stream().map(kvKey ->
          () -> assertTrue(KeyEncoding.isValidKvKey(kvKey), "not a valid KV key: " + kvKey)));
    }
  }

  @Test
  void plainStringKeys_appearAsIsInTheBucket() throws Exception {
    Cache<String, String> orders = nats.node().createCache("SHOP_ORDERS",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    orders.put("order-1", "one");
    orders.put("orders/2024/7", "seven");
    orders.put("Order_A.b=c", "dotted");
    orders.put("order 1", "with a space");
    try (Connection connection = Nats.connect(nats.url())) {
      List<String> kvKeys = connection.keyValue("SHOP_ORDERS").keys();
      assertTrue(kvKeys.containsAll(List.of("order-1", "orders/2024/7", "Order_A.b=c")), kvKeys::toString);
      assertFalse(kvKeys.contains("order 1"), kvKeys::toString);
      assertEquals(4, kvKeys.size(), kvKeys::toString);
    }
  }

  /** Puts every key with its own value, then checks get, containsKey, the iterator and remove. */
  private void assertRoundTrips(Set<Object> keys) {
    Map<Object, String> values = new HashMap<>();
    int i = 0;
    for (Object key : keys) {
      String value = "value-" + i++;
      values.put(key, value);
      cache.put(key, value);
    }
    assertAll(keys.stream().map(key -> () -> {
      assertEquals(values.get(key), cache.get(key), () -> "get " + describe(key));
      assertTrue(cache.containsKey(key), () -> "containsKey " + describe(key));
    }));
    assertEquals(keys, keysInCache());
    Map<Object, String> iterated = new HashMap<>();
    cache.forEach(entry -> iterated.put(entry.getKey(), entry.getValue()));
    assertEquals(values, iterated);
    assertAll(keys.stream().map(key -> () -> {
      assertTrue(cache.remove(key), () -> "remove " + describe(key));
      assertFalse(cache.containsKey(key), () -> "containsKey after remove " + describe(key));
      assertNull(cache.get(key), () -> "get after remove " + describe(key));
    }));
    assertEquals(Set.of(), keysInCache());
  }

  private Set<Object> keysInCache() {
    List<Object> listed = new ArrayList<>();
    cache.forEach(entry -> listed.add(entry.getKey()));
    Set<Object> distinct = new HashSet<>(listed);
    assertEquals(listed.size(), distinct.size(), () -> "the iterator repeated a key: " + listed);
    return distinct;
  }

  private static Set<Object> oddKeys() {
    Set<Object> keys = new LinkedHashSet<>();
    keys.addAll(List.of("order-1", "with space", " ", "  leading", "trailing ", "*", ">", "a.*", "a.>", ".", "..",
        "a..b", "trailing.", ".leading", "a.b.c", "tab\there", "new\nline", "nul\0char", "=", "=s-", "=h-abc",
        "_kv", "_kvsecret", "$KV", "ünïcödé", "日本語のキー", "emoji 😀🎉", "👍", "", "a/b/c", "a=b", "CaSe", "case",
        "\\", "\"quoted\"", "%2F", "a".repeat(1024), "a".repeat(1025), "a".repeat(2048), "b".repeat(5000),
        "x y".repeat(700), "é".repeat(5000), "😀".repeat(3000)));
    keys.addAll(List.of(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), UUID.randomUUID()));
    keys.addAll(List.of(42L, -42L, 0L, Long.MAX_VALUE, 42, -42, 0, Integer.MIN_VALUE));
    keys.addAll(List.of(new Point(1, "one"), new Point(1, "one.*>"), new Point(2, "x".repeat(3000))));
    keys.add(new ArrayList<>(List.of("list", "key")));
    keys.add('c');
    keys.add(3.5d);
    return keys;
  }

  private static String randomString(Random random, int length) {
    StringBuilder text = new StringBuilder();
    while (text.length() < length) {
      int codePoint = switch (random.nextInt(6)) {
        case 0 -> 'a' + random.nextInt(26);
        case 1 -> " .*>-_/=$\\\t".charAt(random.nextInt(11));
        case 2 -> 0x80 + random.nextInt(0x700);
        case 3 -> 0x3040 + random.nextInt(0x100);
        case 4 -> 0x1F300 + random.nextInt(0x300);
        default -> '0' + random.nextInt(10);
      };
      text.appendCodePoint(codePoint);
    }
    return text.toString();
  }

  private static String describe(Object key) {
    String text = String.valueOf(key);
    return key.getClass().getSimpleName() + " " + (text.length() > 40 ? text.substring(0, 40) + "…("
        + text.length() + " chars)" : text);
  }

  /** A record key: serialized, so its KV key is the {@code =j-} form. */
  record Point(int x, String label) implements Serializable {}
}
