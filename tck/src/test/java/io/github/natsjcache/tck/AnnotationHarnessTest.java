package io.github.natsjcache.tck;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import domain.Blog;
import io.github.natsjcache.NatsCache;
import io.github.natsjcache.NatsCachingProvider;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.BeanProvider;
import javax.cache.spi.CachingProvider;
import manager.BlogManager;
import manager.ClassLevelCacheConfigBlogManagerImpl;
import org.junit.Test;
import org.springframework.aop.support.AopUtils;

/**
 * TCK-only guard, run with the TCK's annotation tests: proves that their harness really started.
 *
 * <p>{@code org.jsr107.tck.annotation.AbstractInterceptionTest} loads its {@link BeanProvider} once, in a static
 * initializer that swallows every failure; without one it logs each of the 12 annotation tests as excluded and they
 * pass without running. These checks fail instead: the TCK holds our provider, its beans are interception proxies,
 * and what an annotated method caches lands in a nats-jcache cache, in the NATS bucket that a second node (another
 * connection) reads.
 */
public class AnnotationHarnessTest {

  /** The cache named by {@code @CacheDefaults(cacheName = "blgMngr")} on the TCK's class-level bean. */
  private static final String CLASS_LEVEL_CACHE = "blgMngr";

  @Test
  public void tckHoldsOurBeanProvider() throws ReflectiveOperationException {
    BeanProvider provider = tckBeanProvider();
    assertNotNull("the TCK found no BeanProvider: its 12 annotation tests were skipped, not run", provider);
    assertEquals(SpringAnnotationsBeanProvider.class, provider.getClass());
  }

  @Test
  public void annotatedBeanCachesThroughNatsJCache() throws Exception {
    CachingProvider cachingProvider = Caching.getCachingProvider();
    assertEquals("the only caching provider is ours", NatsCachingProvider.class, cachingProvider.getClass());

    BlogManager blogManager = tckBeanProvider().getBeanByType(ClassLevelCacheConfigBlogManagerImpl.class);
    assertTrue("the bean is a Spring AOP proxy", AopUtils.isAopProxy(blogManager));
    assertNotSame(ClassLevelCacheConfigBlogManagerImpl.class, blogManager.getClass());

    String title = "harness-" + UUID.randomUUID();
    blogManager.createEntry(new Blog(title, "body one"));
    assertEquals("body one", blogManager.getEntryCached(title).getBody());
    blogManager.clearEntry(title); // changes the bean's own map only; the cached value must still be served
    assertEquals("served from the cache", "body one", blogManager.getEntryCached(title).getBody());

    CacheManager manager = cachingProvider.getCacheManager();
    Cache<Object, Object> cache = manager.getCache(CLASS_LEVEL_CACHE);
    assertNotNull("the RI interceptor created '" + CLASS_LEVEL_CACHE + "' in our default CacheManager", cache);
    assertNotNull(cache.unwrap(NatsCache.class));
    assertEquals("this node's cache holds the entry", "body one", cachedBody(cache, title));

    // A second node: a CacheManager for another class loader has its own NATS connection, and sees the bucket.
    ClassLoader otherLoader = new URLClassLoader(new URL[0], getClass().getClassLoader());
    try (CacheManager otherNode = cachingProvider.getCacheManager(cachingProvider.getDefaultURI(), otherLoader)) {
      assertNotSame(manager, otherNode);
      Cache<Object, Object> remote = otherNode.getCache(CLASS_LEVEL_CACHE);
      assertNotNull("the bucket of '" + CLASS_LEVEL_CACHE + "' is visible from another connection", remote);
      assertEquals("the entry is in the NATS bucket", "body one", cachedBody(remote, title));
    }
  }

  /** The TCK's static {@code beanProvider}: null means it skips every annotation test. */
  private static BeanProvider tckBeanProvider() throws ReflectiveOperationException {
    Class<?> tckBase = Class.forName("org.jsr107.tck.annotation.AbstractInterceptionTest");
    Field field = tckBase.getDeclaredField("beanProvider");
    field.setAccessible(true);
    return (BeanProvider) field.get(null);
  }

  /** The body of the cached blog titled {@code title}, found by scanning the cache (keys are RI-generated). */
  private static String cachedBody(Cache<Object, Object> cache, String title) {
    for (Cache.Entry<Object, Object> entry : cache) {
      if (entry.getValue() instanceof Blog blog && title.equals(blog.getTitle())) {
        return blog.getBody();
      }
    }
    return null;
  }
}
