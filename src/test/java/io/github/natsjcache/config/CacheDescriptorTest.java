package io.github.natsjcache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CacheDescriptorTest {

  private static final CacheDescriptor ORDERS =
      new CacheDescriptor("SHOP_ORDERS", "java.lang.String", "java.lang.Object", true, "java");

  @Test
  void toDescription_isReadable() {
    assertEquals("nats-jcache cache v1: name=SHOP_ORDERS; keyType=java.lang.String; valueType=java.lang.Object; "
        + "storeByValue=true; codec=java", ORDERS.toDescription());
  }

  @Test
  void fromDescription_roundTrips() {
    assertEquals(Optional.of(ORDERS), CacheDescriptor.fromDescription(ORDERS.toDescription()));
  }

  @Test
  void fromDescription_nameWithSeparators_roundTrips() {
    for (String name : List.of("my cache", "a; keyType=evil", "x=y", "a;b=c; d", "100% + more", "日本 😀", "%2B")) {
      CacheDescriptor descriptor = new CacheDescriptor(name, "java.lang.Long", "[B", false, "bytes");
      assertEquals(Optional.of(descriptor), CacheDescriptor.fromDescription(descriptor.toDescription()), name);
    }
  }

  @Test
  void fromDescription_foreignDescription_isEmpty() {
    assertEquals(Optional.empty(), CacheDescriptor.fromDescription(""));
    assertEquals(Optional.empty(), CacheDescriptor.fromDescription("orders of the web shop"));
    assertEquals(Optional.empty(), CacheDescriptor.fromDescription("name=SHOP_ORDERS; keyType=x; valueType=y"));
  }

  @Test
  void fromDescription_missingFields_isEmpty() {
    assertEquals(Optional.empty(), CacheDescriptor.fromDescription("nats-jcache cache v1: name=x; keyType=y"));
  }

  @Test
  void differencesFrom_sameDescriptor_isEmpty() {
    assertEquals(List.of(), ORDERS.differencesFrom(
        new CacheDescriptor("SHOP_ORDERS", "java.lang.String", "java.lang.Object", true, "java")));
  }

  @Test
  void differencesFrom_listsEachDifferingField() {
    CacheDescriptor bucket = new CacheDescriptor("SHOP_ORDERS", "java.lang.String", "java.lang.Integer", false, "json");
    List<String> differences = ORDERS.differencesFrom(bucket);
    assertEquals(3, differences.size(), differences::toString);
    assertTrue(differences.get(0).startsWith("valueType"), differences::toString);
    assertTrue(differences.get(0).contains("java.lang.Integer"), differences::toString);
    assertTrue(differences.get(1).startsWith("storeByValue"), differences::toString);
    assertTrue(differences.get(2).startsWith("codec"), differences::toString);
    assertTrue(differences.get(2).contains("json") && differences.get(2).contains("java"), differences::toString);
  }

  @Test
  void differencesFrom_keyTypeAndName_areCompared() {
    CacheDescriptor other = new CacheDescriptor("other", "java.lang.Long", "java.lang.Object", true, "java");
    List<String> differences = ORDERS.differencesFrom(other);
    assertEquals(2, differences.size(), differences::toString);
    assertTrue(differences.get(0).startsWith("name"), differences::toString);
    assertTrue(differences.get(1).startsWith("keyType"), differences::toString);
  }
}
