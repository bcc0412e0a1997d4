package io.github.natsjcache.examples;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.natsjcache.NatsCache;
import io.github.natsjcache.bucket.BucketStatus;
import io.github.natsjcache.embedded.EmbeddedNatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueEntry;
import java.net.URI;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;

/**
 * The NATS Key/Value quick start, through JCache: a bucket {@code SHOP_ORDERS}, the key {@code order-1} holding
 * {@code {"Id":1}}, read back, listed as {@code nats kv ls} lists it, and an update seen by a listener.
 *
 * <p>Runs on {@code nats://embedded} (a {@code nats-server} child process of this JVM) unless {@code NATS_URL} is
 * set.
 */
public final class QuickStart {

  /** An order, stored as JSON so that every NATS client can read it. */
  public record Order(@JsonProperty("Id") int id) {}

  /** Prints every update of the cache. */
  public static final class PrintUpdates implements CacheEntryUpdatedListener<String, Order> {
    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends Order>> events) {
      for (CacheEntryEvent<? extends String, ? extends Order> event : events) {
        System.out.println("Listener: " + event.getKey() + " updated from " + event.getOldValue()
            + " to " + event.getValue());
      }
    }
  }

  private QuickStart() {}

  /** Reads a value as any NATS client would, to show what the bucket really holds. */
  private static String readWithPlainNatsClient(URI uri, String bucket, String key) {
    String url = uri.toString().equals("nats://embedded") ? EmbeddedNatsServer.shared().url() : uri.toString();
    try (Connection connection = Nats.connect(url)) {
      KeyValueEntry entry = connection.keyValue(bucket).get(key);
      return entry == null ? "(none)" : entry.getValueAsString();
    } catch (Exception e) {
      return "(cannot read: " + e + ")";
    }
  }

  /**
   * Runs the quick start.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    String natsUrl = System.getenv("NATS_URL");
    URI uri = URI.create(natsUrl == null || natsUrl.isBlank() ? "nats://embedded" : natsUrl);
    Properties properties = new Properties();
    properties.setProperty("cache.SHOP_ORDERS.codec", "json");

    CacheManager manager = Caching.getCachingProvider().getCacheManager(uri, QuickStart.class.getClassLoader(),
        properties);
    try {
      System.out.println("Connected to " + uri);
      MutableConfiguration<String, Order> configuration = new MutableConfiguration<String, Order>()
          .setTypes(String.class, Order.class)
          .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
              FactoryBuilder.factoryOf(PrintUpdates.class), null, true, true));
      // Creates the bucket, or attaches to it when an earlier run or another node created it alike.
      Cache<String, Order> orders = manager.createCache("SHOP_ORDERS", configuration);

      orders.put("order-1", new Order(1));
      System.out.println("Got order-1: " + orders.get("order-1"));

      NatsCache<?, ?> nats = orders.unwrap(NatsCache.class);
      BucketStatus status = nats.bucketStatus();
      System.out.println();
      System.out.println("nats kv ls");
      System.out.printf("  %-14s %-8s %-8s %-8s %s%n", "Bucket", "Values", "Size", "Storage", "Replicas");
      System.out.printf("  %-14s %-8d %-8s %-8s %d%n", status.name(), status.entries(), status.bytes() + " B",
          status.storage(), status.replicas());
      System.out.println("nats kv get " + status.name() + " order-1");
      System.out.println("  " + readWithPlainNatsClient(uri, status.name(), "order-1"));
      System.out.println();

      orders.put("order-1", new Order(2));
      System.out.println("Got order-1: " + orders.get("order-1"));
    } finally {
      manager.close();
    }
  }
}
