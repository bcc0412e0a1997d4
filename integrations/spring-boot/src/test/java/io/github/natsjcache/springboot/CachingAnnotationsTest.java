package io.github.natsjcache.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.natsjcache.NatsCacheManager;
import io.github.natsjcache.NatsCachingProvider;
import io.github.natsjcache.springboot.app.Book;
import io.github.natsjcache.springboot.app.BookService;
import io.github.natsjcache.springboot.app.CachingApplication;
import io.github.natsjcache.springboot.app.Jsr107BookService;
import java.net.URI;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.cache.support.NullValue;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Spring's and JSR-107's caching annotations on one node, configured as a user would: {@code spring.cache.jcache.config}
 * is a {@code file:} URL of a nats-jcache properties file. What the annotations cache is checked in the bucket itself,
 * through a second, plain JCache CacheManager on the same server.
 */
@SpringBootTest(classes = CachingApplication.class)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CachingAnnotationsTest {

  private static final NatsServer SERVER = NatsServer.start();

  @DynamicPropertySource
  static void natsConfig(DynamicPropertyRegistry registry) {
    registry.add("spring.cache.jcache.config", SERVER::configFile);
  }

  @Autowired
  private BookService books;
  @Autowired
  private Jsr107BookService jsr107Books;
  @Autowired
  private CacheManager jcacheManager;
  @Autowired
  private JCacheCacheManager springCacheManager;

  /**
   * Another node: a plain JCache manager on the same server, to look into the buckets. Without a near-cache, so that
   * every read goes to the bucket (a node with one sees another node's change when its watch delivers it, well under a
   * millisecond later, or at once with {@code strict=true}: see {@link TwoNodesTest}).
   */
  private CacheManager otherNode() {
    Properties properties = new Properties();
    properties.setProperty("nearCache", "false");
    properties.setProperty("serialization.allowList", NatsServer.APPLICATION_CLASSES);
    return Caching.getCachingProvider(NatsCachingProvider.class.getName())
        .getCacheManager(URI.create(SERVER.url()), getClass().getClassLoader(), properties);
  }

  @AfterAll
  void stop() {
    // @DirtiesContext closes the context after this method; the manager's connection closes before the server goes
    jcacheManager.close();
    otherNode().close();
    SERVER.close();
  }

  @Test
  void bootBuildsTheCacheManagerWithOurProvider() {
    assertThat(jcacheManager).isInstanceOf(NatsCacheManager.class);
    assertThat(springCacheManager.getCacheManager()).isSameAs(jcacheManager);
    assertThat(jcacheManager.getURI().getScheme()).isEqualTo("file");
    // declared in spring.cache.cache-names, and by the JCacheManagerCustomizer
    assertThat(springCacheManager.getCacheNames())
        .contains("books", "bookPairs", "authors", Jsr107BookService.CACHE);
  }

  @Test
  void cacheableCachesAndIsStoredInTheBucket() {
    int before = books.calls();
    Book first = books.find("b-1");
    Book second = books.find("b-1");
    assertThat(second).isEqualTo(first).isEqualTo(new Book("b-1", "Title of b-1"));
    assertThat(books.calls()).isEqualTo(before + 1);
    assertThat(otherNode().getCache("books").get("b-1")).isEqualTo(first);
  }

  @Test
  void cacheableCachesNullAsSpringsNullValue() {
    int before = books.calls();
    assertThat(books.find("missing-1")).isNull();
    assertThat(books.find("missing-1")).isNull();
    assertThat(books.calls()).isEqualTo(before + 1);
    assertThat(otherNode().getCache("books").get("missing-1")).isSameAs(NullValue.INSTANCE);
  }

  @Test
  void cachePutReplacesAndCacheEvictRemoves() {
    books.find("b-2");
    books.save(new Book("b-2", "Second edition"));
    int before = books.calls();
    assertThat(books.find("b-2")).isEqualTo(new Book("b-2", "Second edition"));
    assertThat(books.calls()).isEqualTo(before);

    books.evict("b-2");
    assertThat(otherNode().getCache("books").containsKey("b-2")).isFalse();
    assertThat(books.find("b-2")).isEqualTo(new Book("b-2", "Title of b-2"));
    assertThat(books.calls()).isEqualTo(before + 2);
  }

  @Test
  void cacheEvictAllEntriesEmptiesTheCache() {
    books.find("b-3");
    books.find("b-4");
    books.evictAll();
    assertThat(otherNode().getCache("books").iterator().hasNext()).isFalse();
    int before = books.calls();
    books.find("b-3");
    assertThat(books.calls()).isEqualTo(before + 1);
  }

  @Test
  void twoParametersGiveASimpleKeyThatTheDefaultFilterAdmits() {
    int before = books.calls();
    String first = books.compare("b-5", 2);
    assertThat(books.compare("b-5", 2)).isEqualTo(first);
    assertThat(books.compare("b-5", 3)).isNotEqualTo(first);
    assertThat(books.calls()).isEqualTo(before + 2);
    // the key went through Java serialization into the bucket and reads back on another node
    Cache<Object, Object> pairs = otherNode().getCache("bookPairs");
    assertThat(pairs.get(new SimpleKey("b-5", 2))).isEqualTo(first);
    assertThat(pairs.iterator().next().getKey()).isInstanceOf(SimpleKey.class);
  }

  @Test
  void cacheFromTheCustomizerWorks() {
    int before = books.calls();
    assertThat(books.author("a-1")).isEqualTo(books.author("a-1"));
    assertThat(books.calls()).isEqualTo(before + 1);
    assertThat(otherNode().getCache("authors").get("a-1")).isEqualTo("Author of a-1");
  }

  @Test
  void jsr107AnnotationsWorkThroughSpring() {
    int before = jsr107Books.calls();
    Book found = jsr107Books.find("j-1");
    assertThat(jsr107Books.find("j-1")).isEqualTo(found);
    assertThat(jsr107Books.calls()).isEqualTo(before + 1);
    Cache<Object, Object> bucket = otherNode().getCache(Jsr107BookService.CACHE);
    assertThat(bucket.get("j-1")).isEqualTo(found);

    // @CachePut: the @CacheValue parameter is cached under the other parameters' key
    jsr107Books.save("j-1", new Book("j-1", "Revised"));
    assertThat(jsr107Books.find("j-1")).isEqualTo(new Book("j-1", "Revised"));
    assertThat(jsr107Books.calls()).isEqualTo(before + 2);

    // @CacheRemove
    jsr107Books.remove("j-1");
    assertThat(bucket.containsKey("j-1")).isFalse();
    jsr107Books.find("j-1");
    assertThat(jsr107Books.calls()).isEqualTo(before + 4);

    // @CacheRemoveAll
    jsr107Books.find("j-2");
    jsr107Books.removeAll();
    assertThat(bucket.iterator().hasNext()).isFalse();
    jsr107Books.find("j-1");
    jsr107Books.find("j-2");
    assertThat(jsr107Books.calls()).isEqualTo(before + 8);
  }
}
