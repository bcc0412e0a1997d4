package io.github.natsjcache;

import java.net.URI;
import java.util.Arrays;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * A node in its own JVM that writes a String cache (string codec) blindly, without a listener: for
 * {@link EventsEverywhereTest}.
 *
 * <p>Arguments: server URL, cache name, then steps, each {@code put:<key>:<value>} or {@code remove:<key>}. Prints
 * {@code done} at the end.
 */
public final class ScriptedWriter {

  private ScriptedWriter() {}

  public static void main(String[] args) {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    CacheManager manager = Caching.getCachingProvider(NatsCachingProvider.class.getName())
        .getCacheManager(URI.create(args[0]), ScriptedWriter.class.getClassLoader(), properties);
    try {
      run(manager.createCache(args[1],
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)),
          Arrays.copyOfRange(args, 2, args.length));
      System.out.println("done");
    } finally {
      manager.close();
    }
  }

  /** Runs the steps on a cache, in order. */
  static void run(Cache<String, String> cache, String... steps) {
    for (String step : steps) {
      String[] parts = step.split(":", 3);
      if (parts[0].equals("put")) {
        cache.put(parts[1], parts[2]);
      } else {
        cache.remove(parts[1]);
      }
    }
  }
}
