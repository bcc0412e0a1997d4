package io.github.natsjcache.benchmarks.footprint;

import io.github.natsjcache.NatsCachingProvider;
import io.github.natsjcache.embedded.EmbeddedNatsServer;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.net.URI;
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
 * What registering a listener costs a node in heap: with a listener, a node's watch keeps every key's last value
 * (the bytes stored) to tell creations from updates and give old values, whoever wrote. Fills a bucket with
 * {@code keys} entries of {@code valueBytes} bytes from one node, then measures the heap of another node (a
 * CacheManager in this JVM, near-cache off) before and after it registers a listener and its watch has learned every
 * key. Prints bytes per key, and beside the value bytes.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.github.natsjcache.benchmarks.footprint.ListenerFootprint 100000 100</pre>
 */
public final class ListenerFootprint {

  private ListenerFootprint() {}

  public static void main(String[] args) throws Exception {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int valueBytes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    try (EmbeddedNatsServer server = EmbeddedNatsServer.start()) {
      Properties options = new Properties();
      options.setProperty("codec", "string");
      options.setProperty("nearCache", "false");
      URI uri = URI.create(server.url());
      // Two providers: two nodes, each with its own connection, as two JVMs would have.
      try (CacheManager writer = new NatsCachingProvider().getCacheManager(uri, null, options);
          CacheManager measured = new NatsCachingProvider().getCacheManager(uri, null, options)) {
        MutableConfiguration<String, String> configuration =
            new MutableConfiguration<String, String>().setTypes(String.class, String.class);
        Cache<String, String> filled = writer.createCache("footprint", configuration);
        String value = "v".repeat(valueBytes);
        Map<String, String> chunk = new LinkedHashMap<>();
        for (int key = 0; key < keys; key++) {
          chunk.put("key-" + key, value);
          if (chunk.size() == 1_000 || key == keys - 1) {
            filled.putAll(chunk);
            chunk.clear();
          }
        }
        Cache<String, String> cache = measured.getCache("footprint", String.class, String.class);
        long before = settledHeap();
        CountDownLatch learned = new CountDownLatch(1);
        cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(new Marker(learned)), null, /* isOldValueRequired= */ true,
            /* isSynchronous= */ true));
        filled.put("marker", "m"); // heard after the watch has gone through every key's last message
        if (!learned.await(5, TimeUnit.MINUTES)) {
          throw new IllegalStateException("The listener never heard the marker");
        }
        long after = settledHeap();
        double perKey = (double) (after - before) / keys;
        System.out.printf("keys=%d valueBytes=%d heapBefore=%d heapAfter=%d perKey=%.0f B beside the value=%.0f B%n",
            keys, valueBytes, before, after, perKey, perKey - valueBytes);
      }
    }
  }

  /** The heap in use after repeated collections, once it stops shrinking. */
  private static long settledHeap() throws InterruptedException {
    long previous = Long.MAX_VALUE;
    long used = usedHeap();
    for (int round = 0; round < 10 && used < previous; round++) {
      previous = used;
      System.gc();
      TimeUnit.MILLISECONDS.sleep(100); // lets the collector's reference processing finish; a measurement, not a wait
      used = usedHeap();
    }
    return used;
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
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
