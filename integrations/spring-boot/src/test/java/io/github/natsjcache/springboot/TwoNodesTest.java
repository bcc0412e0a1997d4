package io.github.natsjcache.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.natsjcache.springboot.app.Book;
import io.github.natsjcache.springboot.app.BookService;
import io.github.natsjcache.springboot.app.CachingApplication;
import io.github.natsjcache.springboot.app.Jsr107BookService;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two application contexts on one nats-server are two nodes of one application: what one caches, the other gets
 * without invoking its method, and what one evicts or replaces, the other sees. The configuration file sets
 * {@code strict=true}, so a change has reached the other node when the annotated method returns, and every assertion
 * here holds at once, without polling.
 *
 * <p>Each node has its own configuration file (same content): JSR-107 keeps one CacheManager per URI and class loader,
 * so two contexts in one JVM with the same {@code spring.cache.jcache.config} would share one manager, i.e. be one
 * node. Separate JVMs, the real deployment, can use the same file.
 */
class TwoNodesTest {

  private static NatsServer server;
  private static ConfigurableApplicationContext node1;
  private static ConfigurableApplicationContext node2;

  @BeforeAll
  static void start() {
    server = NatsServer.start();
    node1 = startNode(server.configFile("strict=true"));
    node2 = startNode(server.configFile("strict=true"));
  }

  static ConfigurableApplicationContext startNode(String config) {
    return new SpringApplicationBuilder(CachingApplication.class)
        .properties("spring.cache.jcache.config=" + config)
        .run();
  }

  @AfterAll
  static void stop() {
    node1.close();
    node2.close();
    server.close();
  }

  private static BookService books(ConfigurableApplicationContext node) {
    return node.getBean(BookService.class);
  }

  private static Jsr107BookService jsr107Books(ConfigurableApplicationContext node) {
    return node.getBean(Jsr107BookService.class);
  }

  @Test
  void theNodesHaveTheirOwnCacheManagers() {
    assertThat(node1.getBean(CacheManager.class)).isNotSameAs(node2.getBean(CacheManager.class));
  }

  @Test
  void node2GetsWhatNode1Cached() {
    Book cached = books(node1).find("n-1");
    int before = books(node2).calls();
    assertThat(books(node2).find("n-1")).isEqualTo(cached);
    assertThat(books(node2).calls()).isEqualTo(before);
  }

  @Test
  void node2SeesAnEvictionOnNode1() {
    books(node1).find("n-2");
    books(node2).find("n-2"); // now in node 2's near-cache too
    int before = books(node2).calls();
    books(node1).evict("n-2");
    books(node2).find("n-2");
    assertThat(books(node2).calls()).isEqualTo(before + 1);
  }

  @Test
  void node2SeesACachePutOnNode1() {
    books(node2).find("n-3");
    books(node1).save(new Book("n-3", "Updated on node 1"));
    int before = books(node2).calls();
    assertThat(books(node2).find("n-3")).isEqualTo(new Book("n-3", "Updated on node 1"));
    assertThat(books(node2).calls()).isEqualTo(before);
  }

  @Test
  void node2SeesAnEvictAllOnNode1() {
    books(node1).find("n-4");
    books(node2).find("n-4");
    books(node1).evictAll();
    int before = books(node2).calls();
    books(node2).find("n-4");
    assertThat(books(node2).calls()).isEqualTo(before + 1);
  }

  @Test
  void simpleKeysAreSharedToo() {
    String cached = books(node1).compare("n-5", 7);
    int before = books(node2).calls();
    assertThat(books(node2).compare("n-5", 7)).isEqualTo(cached);
    assertThat(books(node2).calls()).isEqualTo(before);
  }

  @Test
  void jsr107AnnotationsAcrossNodes() {
    Book cached = jsr107Books(node1).find("n-6");
    int before = jsr107Books(node2).calls();
    assertThat(jsr107Books(node2).find("n-6")).isEqualTo(cached);
    assertThat(jsr107Books(node2).calls()).isEqualTo(before);

    jsr107Books(node1).save("n-6", new Book("n-6", "Put on node 1"));
    assertThat(jsr107Books(node2).find("n-6")).isEqualTo(new Book("n-6", "Put on node 1"));
    assertThat(jsr107Books(node2).calls()).isEqualTo(before);

    jsr107Books(node1).remove("n-6");
    jsr107Books(node2).find("n-6");
    assertThat(jsr107Books(node2).calls()).isEqualTo(before + 1);

    jsr107Books(node1).removeAll();
    jsr107Books(node2).find("n-6");
    assertThat(jsr107Books(node2).calls()).isEqualTo(before + 2);
  }
}
