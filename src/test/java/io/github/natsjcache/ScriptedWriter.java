package io.github.natsjcache;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * A node in its own JVM that writes a String cache (string codec) blindly, without a listener: for
 * {@link EventsEverywhereTest}.
 *
 * <p>Arguments: server URL, cache name. Then it reads steps from its standard input, one per line, each
 * {@code put:<key>:<value>} or {@code remove:<key>}, and prints {@code done} after each, so that the test can
 * wait for the listening node between two steps.
 */
public final class ScriptedWriter {

  private ScriptedWriter() {}

  public static void main(String[] args) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    CacheManager manager = Caching.getCachingProvider(NatsCachingProvider.class.getName())
        .getCacheManager(URI.create(args[0]), ScriptedWriter.class.getClassLoader(), properties);
    try {
      Cache<String, String> cache = manager.createCache(args[1],
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      BufferedReader steps = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String step = steps.readLine(); step != null; step = steps.readLine()) {
        run(cache, step);
        System.out.println("done");
        System.out.flush();
      }
    } finally {
      manager.close();
    }
  }

  /** Runs one step on a cache. */
  static void run(Cache<String, String> cache, String step) {
    String[] parts = step.split(":", 3);
    if (parts[0].equals("put")) {
      cache.put(parts[1], parts[2]);
    } else {
      cache.remove(parts[1]);
    }
  }
}
