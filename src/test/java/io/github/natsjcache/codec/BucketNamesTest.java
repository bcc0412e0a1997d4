package io.github.natsjcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class BucketNamesTest {

  private static final Pattern BUCKET_ALPHABET = Pattern.compile("[A-Za-z0-9_-]+");

  private static final List<String> ODD_NAMES = List.of(
      "SHOP_ORDERS", "orders", "a", "_", "__", "___", "_a", "a_", "a__b", "a___b", "a_5Fb", "a_2Eb", "_5F",
      "__a", "shop.orders", "shop orders", "shop/orders", "*", ">", "ä", "日本", "😀", "a-b", "-", "A", "a",
      "cache:1", "a%2Eb", "a.b.c", "x".repeat(252));

  @Test
  void bucketName_plainName_isItself() {
    assertEquals("SHOP_ORDERS", BucketNames.bucketName(null, "SHOP_ORDERS"));
    assertEquals("orders-2024", BucketNames.bucketName(null, "orders-2024"));
    assertEquals("a_b_c", BucketNames.bucketName("", "a_b_c"));
  }

  @Test
  void bucketName_nameWithDot_isEscapedBehindSeparator() {
    assertEquals("__shop_2Eorders", BucketNames.bucketName(null, "shop.orders"));
  }

  @Test
  void bucketName_nameWithDoubleUnderscore_isEscaped() {
    assertEquals("__a_5F_5Fb", BucketNames.bucketName(null, "a__b"));
  }

  @Test
  void bucketName_unicodeName_isEscapedAsUtf8() {
    assertEquals("__caf_C3_A9", BucketNames.bucketName(null, "café"));
  }

  @Test
  void bucketName_withNamespace_isNamespaceSeparatorName() {
    assertEquals("app__SHOP_5FORDERS", BucketNames.bucketName("app", "SHOP_ORDERS"));
    assertEquals("my_2Eapp__orders", BucketNames.bucketName("my.app", "orders"));
  }

  @Test
  void bucketName_namespaceChangesBucket() {
    assertNotEquals(BucketNames.bucketName(null, "orders"), BucketNames.bucketName("app", "orders"));
    assertNotEquals(BucketNames.bucketName("app", "orders"), BucketNames.bucketName("other", "orders"));
  }

  @Test
  void bucketName_oddNames_useOnlyBucketAlphabet() {
    for (String namespace : Arrays.asList(null, "", "app", "a_b", "a.b", "ü")) {
      for (String name : ODD_NAMES) {
        if (name.length() > 100) {
          continue;
        }
        String bucket = BucketNames.bucketName(namespace, name);
        assertTrue(BUCKET_ALPHABET.matcher(bucket).matches(), () -> namespace + "/" + name + " -> " + bucket);
        assertTrue(bucket.length() <= BucketNames.MAX_LENGTH);
      }
    }
  }

  @Test
  void bucketName_oddNamesAndNamespaces_areInjective() {
    List<String[]> pairs = new ArrayList<>();
    for (String namespace : Arrays.asList(null, "app", "app_", "app__", "_app", "a", "a_5F", "a__b", "a.b")) {
      for (String name : ODD_NAMES) {
        if (namespace == null || name.length() < 100) {
          pairs.add(new String[] {namespace, name});
        }
      }
    }
    assertInjective(pairs);
  }

  @Test
  void bucketName_randomPairs_areInjectiveAndUseOnlyBucketAlphabet() {
    Random random = new Random(7L);
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      String namespace = switch (random.nextInt(4)) {
        case 0 -> null;
        case 1 -> "";
        default -> randomName(random, 1 + random.nextInt(6));
      };
      pairs.add(new String[] {namespace, randomName(random, 1 + random.nextInt(12))});
    }
    for (String[] pair : pairs) {
      String bucket = BucketNames.bucketName(pair[0], pair[1]);
      assertTrue(BUCKET_ALPHABET.matcher(bucket).matches(), () -> Arrays.toString(pair) + " -> " + bucket);
    }
    assertInjective(pairs);
  }

  @Test
  void bucketName_longestPlainName_isAccepted() {
    String name = "x".repeat(BucketNames.MAX_LENGTH);
    assertEquals(name, BucketNames.bucketName(null, name));
  }

  @Test
  void bucketName_tooLong_throwsIllegalArgumentException() {
    assertThrows(IllegalArgumentException.class,
        () -> BucketNames.bucketName(null, "x".repeat(BucketNames.MAX_LENGTH + 1)));
    assertThrows(IllegalArgumentException.class, () -> BucketNames.bucketName(null, ".".repeat(100)));
    assertThrows(IllegalArgumentException.class, () -> BucketNames.bucketName("ns", "x".repeat(250)));
  }

  @Test
  void bucketName_empty_throwsIllegalArgumentException() {
    assertThrows(IllegalArgumentException.class, () -> BucketNames.bucketName(null, ""));
    assertThrows(IllegalArgumentException.class, () -> BucketNames.bucketName("app", ""));
  }

  /** A Java String may hold an unpaired surrogate; such a cache name must not share a bucket with "a?b". */
  @Test
  void bucketName_loneSurrogate_isRefusedRatherThanMappedLikeQuestionMark() {
    assertEquals("__a_3Fb", BucketNames.bucketName(null, "a?b"));
    assertThrows(IllegalArgumentException.class, () -> BucketNames.bucketName(null, "a\uD800b"));
    assertThrows(IllegalArgumentException.class, () -> BucketNames.bucketName("\uDC00", "orders"));
  }

  private static void assertInjective(List<String[]> pairs) {
    Map<String, String> seen = new HashMap<>();
    for (String[] pair : pairs) {
      String namespace = pair[0] == null || pair[0].isEmpty() ? "" : pair[0];
      String identity = namespace + "\u0000" + pair[1];
      String bucket = BucketNames.bucketName(pair[0], pair[1]);
      String previous = seen.putIfAbsent(bucket, identity);
      if (previous != null) {
        assertEquals(previous, identity, () -> "two caches share bucket " + bucket);
      }
    }
  }

  private static String randomName(Random random, int length) {
    String alphabet = "aA0_-.__ é日😀";
    StringBuilder name = new StringBuilder();
    int[] codePoints = alphabet.codePoints().toArray();
    for (int i = 0; i < length; i++) {
      name.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
    }
    return name.toString();
  }
}
