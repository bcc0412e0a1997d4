package io.github.natsjcache.springboot.app;

import java.util.concurrent.TimeUnit;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.JCacheManagerCustomizer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;

/**
 * The application under test: nothing in it knows about NATS. Boot's cache auto-configuration builds the JCache
 * {@code CacheManager} from {@code spring.cache.jcache.*} (see {@code application.properties}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableCaching
public class CachingApplication {

  @Bean
  public BookService bookService() {
    return new BookService();
  }

  @Bean
  public Jsr107BookService jsr107BookService() {
    return new Jsr107BookService();
  }

  /**
   * Caches declared in code. Boot calls this on every start of every node; {@code createCache} attaches to the
   * bucket when another node (or an earlier run) created it already.
   */
  @Bean
  public JCacheManagerCustomizer natsCaches() {
    return cacheManager -> {
      cacheManager.createCache("authors", new MutableConfiguration<Object, Object>()
          .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 10))));
      cacheManager.createCache(Jsr107BookService.CACHE, new MutableConfiguration<Object, Object>());
    };
  }
}
