package io.github.natsjcache.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.natsjcache.springboot.app.BookService;
import io.github.natsjcache.springboot.app.CachingApplication;
import java.net.URI;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * No {@code spring.cache.jcache.config} at all: Boot asks for the provider's default CacheManager, whose URI is the
 * system property {@code natsjcache.url} (else the environment variable {@code NATS_URL}, else
 * {@code nats://localhost:4222}).
 */
class NoConfigTest {

  private static NatsServer server;
  private static String url;

  @BeforeAll
  static void start() {
    server = NatsServer.start();
    // Options can ride in the URI's query: here the one that admits the application's cached classes.
    url = server.url() + "?serialization.allowList=" + NatsServer.APPLICATION_CLASSES;
    System.setProperty("natsjcache.url", url);
  }

  @AfterAll
  static void stop() {
    System.clearProperty("natsjcache.url");
    server.close();
  }

  @Test
  void theDefaultUriComesFromNatsjcacheUrl() {
    CacheManager jcache;
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CachingApplication.class).run()) {
      assertThat(context.getEnvironment().containsProperty("spring.cache.jcache.config")).isFalse();
      jcache = context.getBean(CacheManager.class);
      assertThat(jcache.getURI()).isEqualTo(URI.create(url));
      BookService books = context.getBean(BookService.class);
      books.find("d-1");
      books.find("d-1");
      assertThat(books.calls()).isEqualTo(1);
      assertThat(jcache.getCache("books").containsKey("d-1")).isTrue();
    }
    assertThat(jcache.isClosed()).isTrue();
  }
}
