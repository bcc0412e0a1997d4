package io.github.natsjcache.benchmarks.footprint;

import io.github.natsjcache.NatsCachingProvider;
import io.github.natsjcache.benchmarks.Workload;
import io.github.natsjcache.embedded.EmbeddedNatsServer;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;

/**
 * What it costs a node to start following a bucket with a listener: time and heap. With a listener, a node's watch
 * keeps every key's last value (the bytes stored) to tell creations from updates and give old values, whoever wrote.
 * Fills a bucket with {@code keys} entries of {@code valueBytes} bytes from one node, then, on another node (a
 * CacheManager in this JVM, near-cache off), measures the heap before it registers a listener and after its watch
 * has gone through every key, and the time from registering until {@code registerCacheEntryListener} returns and
 * until the watch has caught up (the listener hears a key written after the fill). Prints the times, bytes per key,
 * and beside the value; writes them to {@code FILE.json} if given.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.github.natsjcache.benchmarks.footprint.ListenerFootprint 100000 100 [FILE.json]</pre>
 */
public final class ListenerFootprint {

  private ListenerFootprint() {}

  public static void main(String[] args) throws Exception {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int valueBytes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    Path json = args.length > 2 ? Path.of(args[2]) : null;
    try (EmbeddedNatsServer server = EmbeddedNatsServer.start()) {
      Properties options = new Properties();
      options.setProperty("codec", "string");
      options.setProperty("nearCache", "false");
      URI uri = URI.create(server.url());
      // Two providers: two nodes, each with its own connection, as two JVMs would have.
      try (CacheManager writer = new NatsCachingProvider().getCacheManager(uri, null, options);
          CacheManager measured = new NatsCachingProvider().getCacheManager(uri, null, options)) {
        Cache<String, String> filled = Workload.of(keys, valueBytes).fill(writer.createCache("footprint",
            new MutableConfiguration<String, String>().setTypes(String.class, String.class)), 1_000);
        Cache<String, String> cache = measured.getCache("footprint", String.class, String.class);
        long before = Heap.settled();
        CountDownLatch learned = new CountDownLatch(1);
        long start = System.nanoTime();
        cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(new Marker(learned)), null, /* isOldValueRequired= */ true,
            /* isSynchronous= */ true));
        long registered = System.nanoTime();
        filled.put("marker", "m"); // heard after the watch has gone through every key's last message
        if (!learned.await(5, TimeUnit.MINUTES)) {
          throw new IllegalStateException("The listener never heard the marker");
        }
        long caughtUp = System.nanoTime();
        long after = Heap.settled();
        double perKey = (double) (after - before) / keys;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("kind", "listener");
        figures.put("keys", keys);
        figures.put("valueBytes", valueBytes);
        figures.put("registerMillis", (registered - start) / 1e6);
        figures.put("caughtUpMillis", (caughtUp - start) / 1e6);
        figures.put("heapBefore", before);
        figures.put("heapAfter", after);
        figures.put("bytesPerKey", perKey);
        figures.put("besideValue", perKey - valueBytes);
        Figures.report(figures, json);
      }
    }
  }

  /** Counts down when it hears the marker key. */
  private record Marker(CountDownLatch learned) implements CacheEntryCreatedListener<String, String>, Serializable {
    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> event : events) {
        if (event.getKey().equals("marker")) {
          learned.countDown();
        }
      }
    }
  }
}
