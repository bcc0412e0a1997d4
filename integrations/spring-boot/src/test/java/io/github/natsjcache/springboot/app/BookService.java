package io.github.natsjcache.springboot.app;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;

/** Spring's caching annotations; every method counts the invocations that got past the cache. */
public class BookService {

  private final AtomicInteger calls = new AtomicInteger();

  /** Cached in {@code books} (declared in {@code spring.cache.cache-names}); unknown ids are cached as null. */
  @Cacheable("books")
  public Book find(String id) {
    calls.incrementAndGet();
    return id.startsWith("missing") ? null : new Book(id, "Title of " + id);
  }

  @CachePut(cacheNames = "books", key = "#book.id()")
  public Book save(Book book) {
    calls.incrementAndGet();
    return book;
  }

  @CacheEvict("books")
  public void evict(String id) {
    calls.incrementAndGet();
  }

  @CacheEvict(cacheNames = "books", allEntries = true)
  public void evictAll() {
    calls.incrementAndGet();
  }

  /** Two parameters: Spring's key is a {@code SimpleKey}, stored in the bucket in its serialized form. */
  @Cacheable("bookPairs")
  public String compare(String id, int edition) {
    calls.incrementAndGet();
    return id + " edition " + edition + " #" + calls.get();
  }

  /** Cached in {@code authors}, a cache that the {@code JCacheManagerCustomizer} creates. */
  @Cacheable("authors")
  public String author(String id) {
    calls.incrementAndGet();
    return "Author of " + id;
  }

  public int calls() {
    return calls.get();
  }
}
