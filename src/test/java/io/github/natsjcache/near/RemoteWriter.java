package io.github.natsjcache.near;

import java.net.URI;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * A node in its own JVM for {@link NearCacheSeparateJvmTest}: attaches to a String cache (string codec) and puts one
 * value.
 *
 * <p>Arguments: server URL, cache name, key, value. Prints {@code seen <value>} for the key's value before the put,
 * then {@code done}.
 */
public final class RemoteWriter {

  private RemoteWriter() {}

  public static void main(String[] args) {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    CacheManager manager = Caching.getCachingProvider("io.github.natsjcache.NatsCachingProvider")
        .getCacheManager(URI.create(args[0]), RemoteWriter.class.getClassLoader(), properties);
    try {
      Cache<String, String> cache = manager.createCache(args[1],
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      System.out.println("seen " + cache.get(args[2]));
      cache.put(args[2], args[3]);
      System.out.println("done");
    } finally {
      manager.close();
    }
  }
}
