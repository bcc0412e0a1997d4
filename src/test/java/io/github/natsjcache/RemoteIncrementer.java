package io.github.natsjcache;

import java.net.URI;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * A node in its own JVM for {@link SeparateJvmNodeTest}: attaches to a cache and increments a counter in it.
 *
 * <p>Arguments: server URL, cache name, key, number of increments. Prints {@code seen <value>} for the key's value
 * when it started, then {@code done}.
 */
public final class RemoteIncrementer {

  private RemoteIncrementer() {}

  public static void main(String[] args) {
    CacheManager manager = Caching.getCachingProvider("io.github.natsjcache.NatsCachingProvider")
        .getCacheManager(URI.create(args[0]), RemoteIncrementer.class.getClassLoader(), new Properties());
    try {
      Cache<String, Integer> cache = manager.createCache(args[1],
          new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
      System.out.println("seen " + cache.get(args[2]));
      int increments = Integer.parseInt(args[3]);
      for (int i = 0; i < increments; i++) {
        cache.invoke(args[2], (entry, arguments) -> {
          entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
          return null;
        });
      }
      System.out.println("done");
    } finally {
      manager.close();
    }
  }
}
