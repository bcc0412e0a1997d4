package io.github.natsjcache.embedded;

import io.github.natsjcache.NatsCachingProvider;
import java.io.IOException;
import java.net.URI;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/**
 * A node in its own JVM on {@code nats://embedded}, for {@link EmbeddedServerLifetimeTest}: it writes one entry,
 * prints {@code ready} and then waits to be killed.
 */
public final class EmbeddedNode {

  private EmbeddedNode() {}

  public static void main(String[] args) throws IOException {
    CacheManager manager = new NatsCachingProvider()
        .getCacheManager(URI.create("nats://embedded"), EmbeddedNode.class.getClassLoader(), new Properties());
    manager.createCache("lifetime", new MutableConfiguration<String, String>().setTypes(String.class, String.class))
        .put("k", "v");
    System.out.println("ready");
    System.out.flush();
    while (System.in.read() >= 0) {
      // the test ends this JVM with SIGKILL; its stdin stays open until then
    }
  }
}
