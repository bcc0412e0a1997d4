package io.github.natsjcache.springboot.app;

import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/** The JSR-107 annotations, which Spring interprets when cache-api is on the class path. */
public class Jsr107BookService {

  /** Created by the {@code JCacheManagerCustomizer}. */
  public static final String CACHE = "jsr107-books";

  private final AtomicInteger calls = new AtomicInteger();

  @CacheResult(cacheName = CACHE)
  public Book find(String id) {
    calls.incrementAndGet();
    return new Book(id, "JSR-107 title of " + id);
  }

  @CachePut(cacheName = CACHE)
  public void save(String id, @CacheValue Book book) {
    calls.incrementAndGet();
  }

  @CacheRemove(cacheName = CACHE)
  public void remove(String id) {
    calls.incrementAndGet();
  }

  @CacheRemoveAll(cacheName = CACHE)
  public void removeAll() {
    calls.incrementAndGet();
  }

  public int calls() {
    return calls.get();
  }
}
