package io.github.natsjcache.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.natsjcache.springboot.app.Book;
import io.github.natsjcache.springboot.app.BookService;
import io.github.natsjcache.springboot.app.CachingApplication;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Closing an application context closes our CacheManager and its connection, so restarts (as devtools does them,
 * with a new class loader for the application's classes each time) leak no connection and never hand out objects of
 * a dead class loader.
 */
class LifecycleTest {

  private static final String APP_PACKAGE = CachingApplication.class.getPackageName() + ".";
  private static NatsServer server;
  private static String config;

  @BeforeAll
  static void start() {
    server = NatsServer.start();
    config = server.configFile();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ConfigurableApplicationContext startContext() {
    return new SpringApplicationBuilder(CachingApplication.class)
        .properties("spring.cache.jcache.config=" + config)
        .run();
  }

  private static void awaitConnections(int expected) {
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(server.connections()).isEqualTo(expected));
  }

  @Test
  void closingTheContextClosesTheCacheManagerAndItsConnection() {
    int baseline = server.connections();
    ConfigurableApplicationContext context = startContext();
    CacheManager jcache = context.getBean(CacheManager.class);
    assertThat(context.getBean(JCacheCacheManager.class).getCacheManager()).isSameAs(jcache);
    context.getBean(BookService.class).find("l-1");
    assertThat(server.connections()).isGreaterThan(baseline);

    context.close();

    assertThat(jcache.isClosed()).isTrue();
    awaitConnections(baseline);
  }

  @Test
  void restartsLeakNoConnectionAndKeepTheEntries() {
    int baseline = server.connections();
    ConfigurableApplicationContext first = startContext();
    first.getBean(BookService.class).find("l-2");
    int perContext = server.connections() - baseline;
    first.close();
    for (int restart = 0; restart < 5; restart++) {
      ConfigurableApplicationContext context = startContext();
      CacheManager jcache = context.getBean(CacheManager.class);
      assertThat(jcache.isClosed()).isFalse(); // a new manager, not the closed one of the previous context
      BookService books = context.getBean(BookService.class);
      books.find("l-2");
      assertThat(books.calls()).isZero(); // the entry outlived the contexts: it is in the bucket
      assertThat(server.connections()).isEqualTo(baseline + perContext);
      context.close();
      assertThat(jcache.isClosed()).isTrue();
    }
    awaitConnections(baseline);
  }

  /**
   * What devtools does on a restart: the application's classes come from a new class loader. Values cached by the
   * old generation come back as instances of the new generation's classes, from the new manager.
   */
  @Test
  void aRestartWithANewClassLoaderGetsObjectsOfTheNewClassLoader() throws Exception {
    URL appClasses = CachingApplication.class.getProtectionDomain().getCodeSource().getLocation();
    try (RestartClassLoader oldLoader = new RestartClassLoader(appClasses);
        RestartClassLoader newLoader = new RestartClassLoader(appClasses)) {
      ConfigurableApplicationContext oldContext = startContext(oldLoader);
      CacheManager oldManager = oldContext.getBean(CacheManager.class);
      Object cachedOld = find(oldContext, "l-3");
      assertThat(cachedOld.getClass().getClassLoader()).isSameAs(oldLoader);
      assertThat(oldManager.getClassLoader()).isSameAs(oldLoader);
      oldContext.close();
      assertThat(oldManager.isClosed()).isTrue();

      ConfigurableApplicationContext newContext = startContext(newLoader);
      try {
        Object cachedNew = find(newContext, "l-3");
        Object service = newContext.getBean("bookService");
        assertThat(service.getClass().getMethod("calls").invoke(service)).isEqualTo(0); // served from the bucket
        assertThat(cachedNew.getClass().getClassLoader()).isSameAs(newLoader);
        assertThat(cachedNew.getClass()).isNotSameAs(cachedOld.getClass()).isNotSameAs(Book.class);
        assertThat(cachedNew.toString()).isEqualTo(cachedOld.toString());
      } finally {
        newContext.close();
      }
    }
  }

  private static ConfigurableApplicationContext startContext(ClassLoader loader) throws ClassNotFoundException {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return new SpringApplicationBuilder(loader.loadClass(CachingApplication.class.getName()))
          .resourceLoader(new DefaultResourceLoader(loader))
          .properties("spring.cache.jcache.config=" + config)
          .run();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static Object find(ConfigurableApplicationContext context, String id) throws Exception {
    Object service = context.getBean("bookService");
    Method find = service.getClass().getMethod("find", String.class);
    return find.invoke(service, id);
  }

  /** Loads the application's package itself (child first), like devtools' RestartClassLoader. */
  private static final class RestartClassLoader extends URLClassLoader {

    RestartClassLoader(URL appClasses) {
      super(new URL[] {appClasses}, LifecycleTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(APP_PACKAGE)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          loaded = findClass(name);
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }
  }
}
