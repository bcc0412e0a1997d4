package io.github.natsjcache.benchmarks.footprint;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.natsjcache.NatsCachingProvider;
import io.github.natsjcache.benchmarks.Workload;
import io.github.natsjcache.embedded.EmbeddedNatsServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/**
 * What a near-cached entry costs in heap, against a plain Caffeine cache bounded to the same size holding the same
 * entries. Fills a bucket with {@code keys} entries of 100-byte String values ({@code codec=string}) from one node,
 * then measures the heap of another node (a CacheManager in this JVM, {@code nearCache.maxEntries} = {@code keys})
 * before and after it has read every key with {@code getAll} (1,000 keys a call), and again 35 s later, when the
 * near-cache's fences (each read key's revision, kept 30 s) have expired. Against it, measured first and dropped
 * before our nodes start: the heap before and after a {@code Caffeine.newBuilder().maximumSize(keys)} cache is filled
 * with the same key objects and a fresh copy of each value, as a decoded read gives. Key objects are this program's,
 * in memory before every measurement, so neither figure counts them; both count the value's String. Prints bytes per
 * entry; writes them to {@code FILE.json} if given.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.github.natsjcache.benchmarks.footprint.NearCacheFootprint 100000 [FILE.json]</pre>
 */
public final class NearCacheFootprint {

  /** How long the near-cache remembers a read key's revision, and a margin. */
  private static final long FENCES_EXPIRED_MILLIS = 35_000;

  private NearCacheFootprint() {}

  public static void main(String[] args) throws Exception {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path json = args.length > 1 ? Path.of(args[1]) : null;
    Workload workload = Workload.of(keys, 100);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("kind", "nearCache");
    figures.put("keys", keys);
    figures.put("valueBytes", 100);
    // First, so that nothing of our node (its connection's buffers, threads ending) is still reachable meanwhile.
    figures.put("caffeineBytesPerEntry", caffeineBytesPerEntry(workload));
    try (EmbeddedNatsServer server = EmbeddedNatsServer.start()) {
      URI uri = URI.create(server.url());
      Properties writing = new Properties();
      writing.setProperty("codec", "string");
      writing.setProperty("nearCache", "false");
      Properties reading = new Properties();
      reading.setProperty("codec", "string");
      reading.setProperty("nearCache.maxEntries", Integer.toString(keys));
      // Two providers: two nodes, each with its own connection, as two JVMs would have.
      try (CacheManager writer = new NatsCachingProvider().getCacheManager(uri, null, writing);
          CacheManager measured = new NatsCachingProvider().getCacheManager(uri, null, reading)) {
        workload.fill(writer.createCache("footprint",
            new MutableConfiguration<String, String>().setTypes(String.class, String.class)), 1_000);
        Cache<String, String> cache = measured.getCache("footprint", String.class, String.class);
        long before = Heap.settled();
        long start = System.nanoTime();
        for (Set<String> chunk : workload.chunks(1_000)) {
          if (cache.getAll(chunk).size() != chunk.size()) {
            throw new IllegalStateException("a getAll did not read every key");
          }
        }
        figures.put("warmMillis", (System.nanoTime() - start) / 1e6);
        long after = Heap.settled();
        TimeUnit.MILLISECONDS.sleep(FENCES_EXPIRED_MILLIS); // the fences' lifetime: a measurement, not a wait
        cache.get("absent"); // a read the near-cache records: its fences' table drops what has expired
        long later = Heap.settled();
        figures.put("bytesPerEntry", (double) (after - before) / keys);
        figures.put("bytesPerEntryFencesExpired", (double) (later - before) / keys);
      }
    }
    Figures.report(figures, json);
  }

  /** The heap per entry of a bounded Caffeine cache holding every key and a fresh copy of its value. */
  private static double caffeineBytesPerEntry(Workload workload) throws InterruptedException {
    int keys = workload.size();
    long before = Heap.settled();
    com.github.benmanes.caffeine.cache.Cache<String, String> caffeine = Caffeine.newBuilder().maximumSize(keys).build();
    for (int i = 0; i < keys; i++) {
      caffeine.put(workload.key(i), new String(workload.value(i).toCharArray()));
    }
    long after = Heap.settled();
    if (caffeine.estimatedSize() != keys) { // also keeps the cache reachable until it is measured
      throw new IllegalStateException("the Caffeine cache holds " + caffeine.estimatedSize() + " of " + keys);
    }
    return (double) (after - before) / keys;
  }
}
