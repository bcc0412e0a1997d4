package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.configuration.OptionalFeature;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Store-by-reference: this node's own instances come back as they were put, while the bucket stays the truth. */
@Tag("server")
class StoreByReferenceTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  private static MutableConfiguration<String, List<String>> byReference() {
    @SuppressWarnings("unchecked")
    Class<List<String>> listType = (Class<List<String>>) (Class<?>) List.class;
    return new MutableConfiguration<String, List<String>>().setTypes(String.class, listType)
        .setStoreByValue(false);
  }

  @Test
  void provider_supportsStoreByReference() {
    assertTrue(new NatsCachingProvider().isSupported(OptionalFeature.STORE_BY_REFERENCE));
  }

  @Test
  void get_afterPutOnThisNode_returnsTheSameInstance(TestInfo test) {
    Cache<String, List<String>> cache = nats.node().createCache(test.getDisplayName(), byReference());
    List<String> value = new ArrayList<>(List.of("a"));

    cache.put("k", value);

    assertSame(value, cache.get("k"));
    assertSame(value, cache.getAll(Set.of("k")).get("k"));
    assertSame(value, cache.getAndPut("k", new ArrayList<>(List.of("b"))));
  }

  @Test
  void putAll_thenGet_returnsTheSameInstances(TestInfo test) {
    Cache<String, List<String>> cache = nats.node().createCache(test.getDisplayName(), byReference());
    List<String> first = new ArrayList<>(List.of("1"));
    List<String> second = new ArrayList<>(List.of("2"));

    cache.putAll(Map.of("first", first, "second", second));

    assertSame(first, cache.get("first"));
    assertSame(second, cache.get("second"));
  }

  @Test
  void get_afterAnotherNodeWrote_returnsTheOtherNodesValueAsACopy(TestInfo test) {
    Cache<String, List<String>> here = nats.node().createCache(test.getDisplayName(), byReference());
    Cache<String, List<String>> there = nats.node().createCache(test.getDisplayName(), byReference());
    List<String> mine = new ArrayList<>(List.of("mine"));
    here.put("k", mine);
    List<String> theirs = new ArrayList<>(List.of("theirs"));

    there.put("k", theirs);
    List<String> read = here.get("k");

    assertEquals(theirs, read);
    assertNotSame(theirs, read);
    assertNotSame(mine, read);
  }

  @Test
  void get_pastTheReferenceCapacity_returnsAnEqualCopy(TestInfo test) {
    Properties one = new Properties();
    one.setProperty("referenceCapacity", "1");
    Cache<String, List<String>> cache = nats.node(one).createCache(test.getDisplayName(), byReference());
    List<String> older = new ArrayList<>(List.of("older"));
    List<String> newer = new ArrayList<>(List.of("newer"));
    cache.put("older", older);
    cache.put("newer", newer);

    List<String> read = cache.get("older");

    assertEquals(older, read);
    assertNotSame(older, read);
    assertSame(newer, cache.get("newer"));
  }

  @Test
  void remove_forgetsTheInstance(TestInfo test) {
    Cache<String, List<String>> cache = nats.node().createCache(test.getDisplayName(), byReference());
    List<String> value = new ArrayList<>(List.of("a"));
    cache.put("k", value);

    cache.remove("k");
    cache.put("k", new ArrayList<>(List.of("a")));

    assertNotSame(value, cache.get("k"));
  }
}
