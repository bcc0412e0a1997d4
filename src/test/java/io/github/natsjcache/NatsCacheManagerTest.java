package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("server")
class NatsCacheManagerTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  private static MutableConfiguration<String, Long> stringToLong() {
    return new MutableConfiguration<String, Long>().setTypes(String.class, Long.class);
  }

  @Test
  void createCache_foundByGetCacheOnAnotherNode_withItsTypesAndValues() {
    Cache<String, Long> created = nats.node().createCache("travels", stringToLong());
    created.put("a", 1L);

    Cache<String, Long> found = nats.node().getCache("travels", String.class, Long.class);

    assertNotNull(found);
    assertEquals(String.class, found.getConfiguration(MutableConfiguration.class).getKeyType());
    assertEquals(Long.class, found.getConfiguration(MutableConfiguration.class).getValueType());
    assertEquals(1L, found.get("a"));
  }

  @Test
  void createCache_existingBucketSameConfiguration_attaches() {
    nats.node().createCache("attach", stringToLong()).put("k", 7L);

    Cache<String, Long> attached = nats.node().createCache("attach", stringToLong());

    assertEquals(7L, attached.get("k"));
  }

  @Test
  void createCache_existingBucketOtherConfiguration_namesTheDifference() {
    nats.node().createCache("differs", stringToLong());

    CacheException thrown = assertThrows(CacheException.class, () -> nats.node().createCache("differs",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class)));

    assertTrue(thrown.getMessage().contains("valueType is java.lang.Long in the bucket but java.lang.String here"),
        thrown.getMessage());
  }

  @Test
  void createCache_nameKnownToThisManager_throws() {
    CacheManager node = nats.node();
    node.createCache("twice", stringToLong());

    assertThrows(CacheException.class, () -> node.createCache("twice", stringToLong()));
  }

  @Test
  void getCache_bucketOfAnotherCodec_isRefusedNamingBoth() {
    Properties strings = new Properties();
    strings.setProperty("codec", "string");
    nats.node(strings).createCache("in-strings",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));

    CacheException refused = assertThrows(CacheException.class, () -> nats.node().getCache("in-strings"));

    assertTrue(refused.getMessage().contains("created with codec string, but this node is configured with codec java"),
        refused.getMessage());
    assertNotNull(nats.node(strings).getCache("in-strings"), "a node configured alike opens it");
  }

  @Test
  void getCache_unknownName_isNull() {
    assertNull(nats.node().getCache("never-created"));
  }

  @Test
  void getCache_wrongTypes_throwsClassCastException() {
    CacheManager node = nats.node();
    node.createCache("typed", stringToLong());

    assertThrows(ClassCastException.class, () -> node.getCache("typed", Long.class, String.class));
    assertThrows(ClassCastException.class, () -> node.getCache("typed", String.class, String.class));
    assertNotNull(node.getCache("typed"));
  }

  @Test
  void getCacheNames_listsTheCachesOfThisManager() {
    CacheManager node = nats.node();
    node.createCache("names-1", stringToLong());
    node.createCache("names-2", stringToLong());

    assertEquals(List.of("names-1", "names-2"),
        ((List<String>) node.getCacheNames()).stream().sorted().toList());
    assertThrows(UnsupportedOperationException.class, () -> ((List<String>) node.getCacheNames()).add("x"));
  }

  /**
   * A cache destroyed and created again at once, as the TCK does between tests: nats-server 2.15.2 may still be
   * removing the old stream's store when the new one is made, and refused it (10049) once in a TCK run.
   */
  @Test
  void destroyCache_thenCreateAgainAtOnce_manyTimes_everyCreationWorks() {
    CacheManager node = nats.node();
    for (int round = 0; round < 150; round++) {
      Cache<String, Long> cache = node.createCache("again", stringToLong());
      Map<String, Long> entries = new HashMap<>();
      for (long key = 0; key < 100; key++) {
        entries.put("k" + key, key + round); // a store with something to remove
      }
      cache.putAll(entries);
      assertEquals(round, cache.get("k0"), "round " + round);
      node.destroyCache("again");
    }
  }

  @Test
  void destroyCache_deletesTheBucketForEveryNode() throws Exception {
    CacheManager first = nats.node();
    CacheManager second = nats.node();
    Cache<String, Long> cache = first.createCache("doomed", stringToLong());
    cache.put("a", 1L);
    assertNotNull(second.getCache("doomed"));

    first.destroyCache("doomed");

    assertTrue(cache.isClosed());
    assertFalse(first.getCacheNames().iterator().hasNext());
    assertNull(nats.node().getCache("doomed"));
    try (Connection plain = Nats.connect(nats.url())) {
      assertFalse(plain.keyValueManagement().getBucketNames().contains("doomed"));
    }
    Cache<String, Long> recreated = first.createCache("doomed", stringToLong());
    assertNull(recreated.get("a"));
  }

  @Test
  void close_closesCachesAndRefusesOperations() {
    CacheManager node = nats.node();
    Cache<String, Long> cache = node.createCache("closing", stringToLong());

    node.close();

    assertTrue(node.isClosed());
    assertTrue(cache.isClosed());
    assertThrows(IllegalStateException.class, () -> cache.get("a"));
    assertThrows(IllegalStateException.class, () -> node.getCache("closing"));
    assertThrows(IllegalStateException.class, () -> node.createCache("other", stringToLong()));
  }

  @Test
  void cacheClose_laterLookupOpensItAgain() {
    CacheManager node = nats.node();
    Cache<String, Long> cache = node.createCache("reopen", stringToLong());
    cache.put("a", 3L);

    cache.close();
    Cache<String, Long> again = node.getCache("reopen", String.class, Long.class);

    assertNotSame(cache, again);
    assertEquals(3L, again.get("a"));
  }

  @Test
  void provider_oneManagerPerUriAndClassLoader_untilClosed() {
    NatsCachingProvider provider = new NatsCachingProvider();
    URI uri = URI.create(nats.url());
    ClassLoader loader = getClass().getClassLoader();
    CacheManager first = provider.getCacheManager(uri, loader);
    try {
      assertSame(first, provider.getCacheManager(uri, loader));
      first.close();
      CacheManager second = provider.getCacheManager(uri, loader);
      assertNotSame(first, second);
      provider.close();
      assertTrue(second.isClosed());
    } finally {
      provider.close();
    }
  }

  @Test
  void namespace_isolatesBucketsOfTheSameCacheName() throws Exception {
    Properties blue = new Properties();
    blue.setProperty("namespace", "blue");
    Properties green = new Properties();
    green.setProperty("namespace", "green");
    nats.node(blue).createCache("orders", stringToLong()).put("a", 1L);
    nats.node(green).createCache("orders", stringToLong()).put("a", 2L);

    assertEquals(1L, nats.node(blue).getCache("orders", String.class, Long.class).get("a"));
    assertEquals(2L, nats.node(green).getCache("orders", String.class, Long.class).get("a"));
    try (Connection plain = Nats.connect(nats.url())) {
      List<String> buckets = plain.keyValueManagement().getBucketNames();
      assertTrue(buckets.contains("blue__orders"), buckets.toString());
      assertTrue(buckets.contains("green__orders"), buckets.toString());
    }
  }

  @Test
  void fileUri_readsServersAndOptionsFromTheFile(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("nats-jcache.properties");
    Files.writeString(file, "servers=" + nats.url() + "\nnamespace=fromfile\ncodec=string\n");

    Cache<String, String> cache = nats.node(file.toUri(), new Properties()).createCache("filed",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("k", "v");

    assertEquals("v", nats.node(file.toUri(), new Properties()).getCache("filed").get("k"));
    assertNull(nats.node().getCache("filed"), "the namespace from the file applies");
  }

  @Test
  void classpathUri_readsTheResourceThroughTheManagersClassLoader(@TempDir Path directory) throws IOException {
    Files.writeString(directory.resolve("cluster.properties"), "servers=" + nats.url() + "\nnamespace=cp\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {directory.toUri().toURL()},
        getClass().getClassLoader())) {
      NatsCachingProvider provider = new NatsCachingProvider();
      try {
        CacheManager node = provider.getCacheManager(URI.create("classpath:cluster.properties"), loader);
        node.createCache("from-classpath", stringToLong()).put("a", 5L);
        assertEquals(URI.create("classpath:cluster.properties"), node.getURI());
        assertSame(loader, node.getClassLoader());
      } finally {
        provider.close();
      }
    }
    Properties cp = new Properties();
    cp.setProperty("namespace", "cp");
    assertEquals(5L, nats.node(cp).getCache("from-classpath", String.class, Long.class).get("a"));
  }

  @Test
  void getProperties_masksSecrets() {
    Properties properties = new Properties();
    properties.setProperty("user", "app");
    properties.setProperty("password", "s3cr3t-value");

    CacheManager node = nats.node(properties);

    assertEquals("****", node.getProperties().getProperty("password"));
    assertEquals("app", node.getProperties().getProperty("user"));
    assertFalse(node.getProperties().toString().contains("s3cr3t-value"));
  }

  @Test
  void getProperties_changedByTheCaller_isNotChangedForTheManager() {
    Properties properties = new Properties();
    properties.setProperty("user", "app");
    properties.setProperty("password", "s3cr3t-value");
    CacheManager node = nats.node(properties);

    node.getProperties().setProperty("password", "s3cr3t-value");
    node.getProperties().setProperty("user", "other");

    assertEquals("****", node.getProperties().getProperty("password"));
    assertEquals("app", node.getProperties().getProperty("user"));
  }

  @Test
  void invalidAllowListPattern_isRefusedBeforeConnecting() {
    Properties properties = new Properties();
    properties.setProperty("serialization.allowList", "x=y");

    // No server listens on port 1: a failure to connect would be a CacheException naming it.
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> nats.node(URI.create("nats://127.0.0.1:1"), properties));

    assertTrue(thrown.getMessage().contains("'x=y' is not a class pattern"), thrown.getMessage());
  }

  @Test
  void secretInUri_isRefusedWithoutEchoingIt() {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> nats.node(URI.create(nats.url() + "?password=hunter2"), new Properties()));

    assertFalse(thrown.getMessage().contains("hunter2"), thrown.getMessage());
  }

  @Test
  void unreachableServer_failsFastWithCacheException() {
    Properties quick = new Properties();
    quick.setProperty("connectionTimeout", "300ms");

    assertThrows(CacheException.class,
        () -> nats.node(URI.create("nats://127.0.0.1:1"), quick));
  }

  @Test
  void embeddedUri_startsTheJvmsOwnServer() {
    CacheManager node = nats.node(URI.create("nats://embedded"), new Properties());
    Cache<String, Long> cache = node.createCache("embedded-cache", stringToLong());

    cache.put("a", 1L);

    assertEquals(1L, cache.get("a"));
    assertEquals(URI.create("nats://embedded"), node.getURI());
    assertTrue(nats.node(URI.create("nats://embedded"), new Properties()).getCache("embedded-cache") != null,
        "a second node on nats://embedded reaches the same server");
  }

  @Test
  void enableStatistics_andManagement_showInTheConfiguration() {
    CacheManager node = nats.node();
    Cache<String, Long> cache = node.createCache("flags", stringToLong());

    node.enableStatistics("flags", true);
    node.enableManagement("flags", true);

    assertTrue(cache.getConfiguration(MutableConfiguration.class).isStatisticsEnabled());
    assertTrue(cache.getConfiguration(MutableConfiguration.class).isManagementEnabled());
  }
}
