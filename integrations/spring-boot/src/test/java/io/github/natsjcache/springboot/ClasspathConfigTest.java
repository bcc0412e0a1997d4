package io.github.natsjcache.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.natsjcache.NatsCachingProvider;
import io.github.natsjcache.springboot.app.Book;
import io.github.natsjcache.springboot.app.BookService;
import io.github.natsjcache.springboot.app.CachingApplication;
import java.net.URI;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.cache.autoconfigure.JCachePropertiesCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code classpath:} form: {@code spring.cache.jcache.config=classpath:nats-jcache.properties}, a file packaged
 * with the application (here {@code src/test/resources/nats-jcache.properties}: a namespace and strict mode). The
 * servers come from Spring's {@code Environment} through Boot's {@code JCachePropertiesCustomizer}, whose
 * {@code Properties} override the file.
 */
@SpringBootTest(classes = {CachingApplication.class, ClasspathConfigTest.ServersFromEnvironment.class},
    properties = "spring.cache.jcache.config=classpath:nats-jcache.properties")
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClasspathConfigTest {

  private static final NatsServer SERVER = NatsServer.start();

  @DynamicPropertySource
  static void natsServers(DynamicPropertyRegistry registry) {
    registry.add("nats.servers", SERVER::url);
  }

  /** How an application can keep its NATS servers in application.properties (or the environment). */
  @Configuration(proxyBeanMethods = false)
  static class ServersFromEnvironment {
    @Bean
    JCachePropertiesCustomizer natsServers(Environment environment) {
      return properties -> properties.setProperty("servers", environment.getRequiredProperty("nats.servers"));
    }
  }

  @Autowired
  private CacheManager jcacheManager;
  @Autowired
  private BookService books;

  private CacheManager probe(String namespace) {
    Properties properties = new Properties();
    properties.setProperty("nearCache", "false");
    properties.setProperty("serialization.allowList", NatsServer.APPLICATION_CLASSES);
    if (namespace != null) {
      properties.setProperty("namespace", namespace);
    }
    return Caching.getCachingProvider(NatsCachingProvider.class.getName())
        .getCacheManager(URI.create(SERVER.url() + (namespace == null ? "" : "?ns=" + namespace)),
            getClass().getClassLoader(), properties);
  }

  @AfterAll
  void stop() {
    jcacheManager.close(); // the context (closed by @DirtiesContext after this) closes it too; the server goes now
    probe("shop").close();
    probe(null).close();
    SERVER.close();
  }

  @Test
  void bootResolvesTheClasspathResourceAndOurProviderReadsIt() {
    // Boot hands our provider the resource's URL: file:.../nats-jcache.properties (or jar:...!/ when packaged)
    assertThat(jcacheManager.getURI().toString()).endsWith("/nats-jcache.properties");
    assertThat(jcacheManager.getURI().getScheme()).isIn("file", "jar");
  }

  @Test
  void cachesLiveInTheNamespaceOfTheFile() {
    Book cached = books.find("c-1");
    assertThat(books.find("c-1")).isEqualTo(cached);
    assertThat(books.calls()).isEqualTo(1);
    assertThat(probe("shop").getCache("books").get("c-1")).isEqualTo(cached);
    assertThat(probe(null).getCache("books")).isNull();
  }
}
