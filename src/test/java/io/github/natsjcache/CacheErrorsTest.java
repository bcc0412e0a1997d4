package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.github.natsjcache.codec.CodecException;
import io.github.natsjcache.embedded.EmbeddedNatsServer;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a cache refuses, and that a refused or failed operation leaves the cache as it was. */
@Tag("server")
class CacheErrorsTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  private static final Duration NEVER_HANGS = Duration.ofSeconds(10);

  private String name;

  @BeforeEach
  void nameCache(TestInfo test) {
    name = test.getTestMethod().orElseThrow().getName();
  }

  // nulls

  /** A read of a bucket deleted under an open cache fails at once with a CacheException that says why. */
  @Test
  void get_bucketDeletedUnderTheCache_cacheExceptionNamingIt() throws Exception {
    Properties noNearCache = new Properties();
    noNearCache.setProperty("nearCache", "false");
    Cache<String, String> cache = nats.node(noNearCache).createCache(name,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("k", "v");
    try (io.nats.client.Connection operator = io.nats.client.Nats.connect(nats.url())) {
      operator.keyValueManagement().delete(cache.unwrap(NatsCache.class).bucketStatus().name());
    }

    // 2.15.2 says no replica listens; 2.9.10 does not, and the repeated read's message get says the stream is gone.
    CacheException thrown = assertThrows(CacheException.class, () -> cache.get("k"));
    assertTrue(thrown.getMessage().contains("no responders") || thrown.getMessage().contains("stream not found"),
        thrown.getMessage());
  }

  /**
   * A value of the wrong type that the cache's own methods cannot see (an entry processor's or a loader's, through an
   * unchecked cast) is refused before it is stored: nothing in the bucket, nothing in a near-cache that shares the
   * values of an immutable type as they are.
   */
  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void wrongTypeFromAProcessorOrALoader_refusedAndNothingStored() {
    MutableConfiguration<String, String> typed = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setReadThrough(true)
        .setCacheLoaderFactory(() -> new javax.cache.integration.CacheLoader<String, String>() {
          @Override
          public String load(String key) {
            return (String) (Object) new ArrayList<>(List.of("loaded"));
          }

          @Override
          public Map<String, String> loadAll(Iterable<? extends String> keys) {
            return Map.of();
          }
        });
    Cache<String, String> cache = nats.node().createCache(name, typed);
    List<String> mutable = new ArrayList<>(List.of("set"));

    Exception fromProcessor = assertThrows(Exception.class, () -> cache.invoke("k", (entry, args) -> {
      ((javax.cache.processor.MutableEntry) entry).setValue(mutable);
      return null;
    }));
    Exception fromLoader = assertThrows(Exception.class, () -> cache.get("loaded"));

    for (Exception refused : List.of(fromProcessor, fromLoader)) {
      Throwable cause = refused;
      while (!(cause instanceof ClassCastException) && cause.getCause() != null) {
        cause = cause.getCause();
      }
      assertInstanceOf(ClassCastException.class, cause, refused::toString);
      assertTrue(cause.getMessage().contains("java.util.ArrayList"), cause.getMessage());
    }
    Cache<String, String> other = nats.node().getCache(name, String.class, String.class);
    assertNull(other.get("k"));
    assertNull(other.get("loaded"));
  }

  @TestFactory
  Stream<DynamicTest> nullArgument_throwsNullPointerAndStoresNothing() {
    Cache<String, String> cache = nats.node().createCache(name,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    EntryProcessor<String, String, String> processor = (entry, args) -> {
      entry.setValue("processed");
      return null;
    };
    Set<String> keysWithNull = new HashSet<>(Arrays.asList("k", null, "fresh"));
    Map<String, String> nullValue = new LinkedHashMap<>();
    nullValue.put("fresh", "1");
    nullValue.put("other", null);
    nullValue.put("k", "overwritten");
    Map<String, String> nullKey = new LinkedHashMap<>();
    nullKey.put("fresh", "1");
    nullKey.put(null, "2");
    Map<String, Executable> operations = new LinkedHashMap<>();
    operations.put("get(null)", () -> cache.get(null));
    operations.put("getAll(null)", () -> cache.getAll(null));
    operations.put("getAll({k, null})", () -> cache.getAll(keysWithNull));
    operations.put("containsKey(null)", () -> cache.containsKey(null));
    operations.put("loadAll(null)", () -> cache.loadAll(null, false, null));
    operations.put("loadAll({k, null})", () -> cache.loadAll(keysWithNull, false, null));
    operations.put("put(null, v)", () -> cache.put(null, "v"));
    operations.put("put(k, null)", () -> cache.put("k", null));
    operations.put("getAndPut(null, v)", () -> cache.getAndPut(null, "v"));
    operations.put("getAndPut(k, null)", () -> cache.getAndPut("k", null));
    operations.put("putAll(null)", () -> cache.putAll(null));
    operations.put("putAll(map with a null key)", () -> cache.putAll(nullKey));
    operations.put("putAll(map with a null value)", () -> cache.putAll(nullValue));
    operations.put("putIfAbsent(null, v)", () -> cache.putIfAbsent(null, "v"));
    operations.put("putIfAbsent(fresh, null)", () -> cache.putIfAbsent("fresh", null));
    operations.put("remove(null)", () -> cache.remove(null));
    operations.put("remove(null, v)", () -> cache.remove(null, "v"));
    operations.put("remove(k, null)", () -> cache.remove("k", null));
    operations.put("getAndRemove(null)", () -> cache.getAndRemove(null));
    operations.put("replace(null, v)", () -> cache.replace(null, "v"));
    operations.put("replace(k, null)", () -> cache.replace("k", null));
    operations.put("replace(null, v, new)", () -> cache.replace(null, "v", "new"));
    operations.put("replace(k, null, new)", () -> cache.replace("k", null, "new"));
    operations.put("replace(k, v, null)", () -> cache.replace("k", "v", null));
    operations.put("getAndReplace(null, v)", () -> cache.getAndReplace(null, "v"));
    operations.put("getAndReplace(k, null)", () -> cache.getAndReplace("k", null));
    operations.put("removeAll(null)", () -> cache.removeAll(null));
    operations.put("removeAll({k, null})", () -> cache.removeAll(keysWithNull));
    operations.put("invoke(null, p)", () -> cache.invoke(null, processor));
    operations.put("invoke(fresh, null)", () -> cache.invoke("fresh", null));
    operations.put("invokeAll(null, p)", () -> cache.invokeAll(null, processor));
    operations.put("invokeAll({k, null}, p)", () -> cache.invokeAll(keysWithNull, processor));
    operations.put("invokeAll({fresh}, null)", () -> cache.invokeAll(Set.of("fresh"), null));
    operations.put("registerCacheEntryListener(null)", () -> cache.registerCacheEntryListener(null));
    operations.put("deregisterCacheEntryListener(null)", () -> cache.deregisterCacheEntryListener(null));
    return operations.entrySet().stream().map(operation -> dynamicTest(operation.getKey(), () -> {
      cache.clear();
      cache.put("k", "v");
      assertThrows(NullPointerException.class, operation.getValue());
      assertEquals(Map.of("k", "v"), contents(cache));
    }));
  }

  // types

  @TestFactory
  @SuppressWarnings({"rawtypes", "unchecked"}) // wrong types can only reach a typed cache through a raw reference
  Stream<DynamicTest> wrongType_throwsClassCastAndStoresNothing() {
    Cache<String, Long> typed = nats.node().createCache(name,
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
    Cache raw = typed;
    Map<String, Executable> operations = new LinkedHashMap<>();
    operations.put("get(Integer)", () -> raw.get(1));
    operations.put("containsKey(Integer)", () -> raw.containsKey(1));
    operations.put("getAll({Integer})", () -> raw.getAll(Set.of(1)));
    operations.put("put(Integer, Long)", () -> raw.put(1, 1L));
    operations.put("put(String, String)", () -> raw.put("fresh", "not a Long"));
    operations.put("put(k, Integer)", () -> raw.put("k", 2));
    operations.put("getAndPut(k, String)", () -> raw.getAndPut("k", "2"));
    operations.put("putAll(one value a String)", () -> raw.putAll(mapOf("fresh", 1L, "other", "2")));
    operations.put("putAll(one key an Integer)", () -> raw.putAll(mapOf("fresh", 1L, 2, 2L)));
    operations.put("putIfAbsent(fresh, String)", () -> raw.putIfAbsent("fresh", "1"));
    operations.put("remove(Integer)", () -> raw.remove(1));
    operations.put("remove(k, String)", () -> raw.remove("k", "1"));
    operations.put("getAndRemove(Integer)", () -> raw.getAndRemove(1));
    operations.put("replace(k, String)", () -> raw.replace("k", "2"));
    operations.put("replace(k, 1L, String)", () -> raw.replace("k", 1L, "2"));
    operations.put("getAndReplace(k, String)", () -> raw.getAndReplace("k", "2"));
    operations.put("removeAll({Integer})", () -> raw.removeAll(Set.of(1)));
    operations.put("invoke(Integer, p)", () -> raw.invoke(1, (entry, args) -> null));
    return operations.entrySet().stream().map(operation -> dynamicTest(operation.getKey(), () -> {
      typed.clear();
      typed.put("k", 1L);
      assertThrows(ClassCastException.class, operation.getValue());
      assertEquals(Map.of("k", 1L), contents(typed));
    }));
  }

  // values the codec or the server cannot take

  @Test
  void put_nonSerializableValue_codecExceptionAndPreviousValueKept() {
    Cache<String, Object> cache = nats.node().createCache(name, new MutableConfiguration<>());
    cache.put("k", "previous");
    Object notSerializable = new Object();
    CacheException failure = assertThrows(CacheException.class, () -> cache.put("k", notSerializable));
    assertInstanceOf(CodecException.class, failure);
    assertTrue(failure.getMessage().contains(name), failure.getMessage());
    assertThrows(CacheException.class, () -> cache.getAndPut("k", notSerializable));
    assertThrows(CacheException.class, () -> cache.replace("k", notSerializable));
    assertThrows(CacheException.class, () -> cache.replace("k", "previous", notSerializable));
    assertThrows(CacheException.class, () -> cache.putIfAbsent("fresh", notSerializable));
    assertEquals(Map.of("k", "previous"), contents(cache));
  }

  @Test
  void put_valueWithNonSerializableField_codecExceptionAndPreviousValueKept() {
    Cache<String, Object> cache = nats.node().createCache(name, new MutableConfiguration<>());
    cache.put("k", "previous");
    assertThrows(CodecException.class, () -> cache.put("k", new Holder(new Object())));
    assertEquals("previous", cache.get("k"));
  }

  @Test
  void putAll_oneNonSerializableValue_storesNothingOfTheMap() {
    Cache<String, Object> cache = nats.node().createCache(name, new MutableConfiguration<>());
    cache.put("k", "previous");
    Map<String, Object> entries = new LinkedHashMap<>();
    entries.put("fresh", "1");
    entries.put("k", "overwritten");
    entries.put("bad", new Object());
    assertThrows(CodecException.class, () -> cache.putAll(entries));
    assertEquals(Map.of("k", "previous"), contents(cache));
  }

  @Test
  void put_valueOverMaxPayload_cacheExceptionNamingMaxPayloadAndPreviousValueKept() {
    Cache<String, byte[]> cache = nats.node().createCache(name,
        new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
    byte[] previous = {1, 2, 3};
    cache.put("k", previous);
    byte[] twoMebibytes = new byte[2 * 1024 * 1024];
    CacheException failure = assertThrows(CacheException.class, () -> cache.put("k", twoMebibytes));
    assertTrue(failure.getMessage().contains("max_payload"), failure.getMessage());
    assertTrue(failure.getMessage().contains(name), failure.getMessage());
    assertThrows(CacheException.class, () -> cache.replace("k", twoMebibytes));
    assertThrows(CacheException.class, () -> cache.putIfAbsent("fresh", twoMebibytes));
    assertArrayEquals(previous, cache.get("k"));
    assertFalse(cache.containsKey("fresh"));
  }

  @Test
  void putAll_oneValueOverMaxPayload_storesNothingOfTheMap() {
    Cache<String, Object> cache = nats.node().createCache(name, new MutableConfiguration<>());
    cache.put("k", "previous");
    Map<String, Object> entries = new LinkedHashMap<>();
    entries.put("fresh", "1");
    entries.put("k", "overwritten");
    entries.put("huge", new byte[2 * 1024 * 1024]);
    CacheException failure = assertThrows(CacheException.class, () -> cache.putAll(entries));
    assertTrue(failure.getMessage().contains("max_payload"), failure.getMessage());
    assertEquals(Map.of("k", "previous"), contents(cache));
  }

  @Test
  void put_stringOverMaxPayload_cacheExceptionAndPreviousValueKept() {
    Cache<String, String> cache = nats.node().createCache(name,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("k", "previous");
    String big = "x".repeat(2 * 1024 * 1024);
    CacheException failure = assertThrows(CacheException.class, () -> cache.put("k", big));
    assertTrue(failure.getMessage().contains("max_payload"), failure.getMessage());
    assertEquals("previous", cache.get("k"));
  }

  // a server that is gone

  @Test
  void operations_serverStopped_failWithinTimeoutNamingTheCache() {
    Properties properties = new Properties();
    properties.setProperty("timeout", "500ms");
    properties.setProperty("connectionTimeout", "500ms");
    properties.setProperty("nearCache", "false"); // about timeouts; the near-cache's disconnection has its own test
    try (EmbeddedNatsServer server = EmbeddedNatsServer.start()) {
      Cache<String, String> cache = nats.node(URI.create(server.url()), properties).createCache(name,
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.put("k", "v");
      server.close();
      List<Executable> operations = new ArrayList<>(List.of(
          () -> cache.get("k"),
          () -> cache.put("k", "v2"),
          () -> cache.putIfAbsent("fresh", "v"),
          () -> cache.remove("k"),
          () -> cache.getAll(Set.of("k", "other")),
          () -> cache.putAll(Map.of("a", "1", "b", "2"))));
      for (Executable operation : operations) {
        CacheException failure = assertTimeoutPreemptively(NEVER_HANGS,
            () -> assertThrows(CacheException.class, operation));
        assertTrue(failure.getMessage().contains(name), failure.getMessage());
      }
    }
  }

  private static <K, V> Map<K, V> contents(Cache<K, V> cache) {
    Map<K, V> contents = new HashMap<>();
    for (Cache.Entry<K, V> entry : cache) {
      contents.put(entry.getKey(), entry.getValue());
    }
    return contents;
  }

  private static Map<Object, Object> mapOf(Object key1, Object value1, Object key2, Object value2) {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put(key1, value1);
    map.put(key2, value2);
    return map;
  }

  /** A serializable class whose field is not. */
  record Holder(Object content) implements Serializable {}
}
