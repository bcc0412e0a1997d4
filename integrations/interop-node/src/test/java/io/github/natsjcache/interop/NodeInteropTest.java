package io.github.natsjcache.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.natsjcache.embedded.EmbeddedNatsServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import javax.management.JMException;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * nats-jcache and the official NATS JavaScript KV client ({@code @nats-io/kv} on Node.js) share buckets: the
 * JavaScript client reads what Java wrote, byte for byte; its writes and deletes invalidate the Java near-cache and
 * reach Java listeners.
 */
class NodeInteropTest {

  /** An order, stored as {@code {"Id":1}} by the json codec. */
  record Order(@JsonProperty("Id") int id) {}

  /** Records every event it hears. */
  static final class Recorder<K, V> implements CacheEntryCreatedListener<K, V>, CacheEntryUpdatedListener<K, V>,
      CacheEntryRemovedListener<K, V> {
    final BlockingQueue<CacheEntryEvent<? extends K, ? extends V>> events = new LinkedBlockingQueue<>();

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends K, ? extends V>> batch) {
      batch.forEach(events::add);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends K, ? extends V>> batch) {
      batch.forEach(events::add);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends K, ? extends V>> batch) {
      batch.forEach(events::add);
    }

    /** The next event, waiting at most 10 s for it. */
    CacheEntryEvent<? extends K, ? extends V> next() throws InterruptedException {
      CacheEntryEvent<? extends K, ? extends V> event = events.poll(10, TimeUnit.SECONDS);
      assertNotNull(event, "no event within 10 s");
      return event;
    }
  }

  private static EmbeddedNatsServer server;
  private static CacheManager manager;
  private static NodeClient node;

  @BeforeAll
  static void start() {
    server = EmbeddedNatsServer.start();
    node = NodeClient.install(server.url());
    Properties properties = new Properties();
    properties.setProperty("cache.SHOP_ORDERS.codec", "string");
    properties.setProperty("cache.SHOP_ORDERS_JSON.codec", "json");
    manager = Caching.getCachingProvider("io.github.natsjcache.NatsCachingProvider").getCacheManager(
        URI.create("nats://127.0.0.1:" + server.port()), NodeInteropTest.class.getClassLoader(), properties);
  }

  @AfterAll
  static void stop() {
    if (manager != null) {
      manager.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Polls {@code read} until it returns {@code expected}, at most 10 s; returns the last value read. */
  private static <T> T eventually(T expected, Supplier<T> read) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    T value = read.get();
    while (!Objects.equals(expected, value) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      value = read.get();
    }
    return value;
  }

  private static long nearStatistic(String cache, String attribute) {
    try {
      ObjectName name = new ObjectName("io.github.natsjcache:type=NearCacheStatistics,CacheManager="
          + manager.getURI().toString().replaceAll("[,:=\\n*?\"]", ".") + ",Cache=" + cache);
      return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute);
    } catch (JMException e) {
      throw new AssertionError("no " + attribute + " of " + cache, e);
    }
  }

  /**
   * Waits until Java's watch has applied every message of the cache's bucket: after Java's own write, the proof that
   * it knows the value the JavaScript client's next write replaces (the bucket keeps a key's last message only, so a
   * change overwritten before the watch delivered it is gone, and the next one would be heard as a creation).
   */
  private static void awaitWatchCaughtUp(String cache) {
    assertEquals(0L, eventually(0L, () -> nearStatistic(cache, "WatchLag")), cache + "'s watch caught up");
  }

  @Test
  void stringCodecIsSharedWithTheJavaScriptClient() throws Exception {
    Recorder<String, String> recorder = new Recorder<>();
    Cache<String, String> orders = manager.createCache("SHOP_ORDERS",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class).setStatisticsEnabled(true)
            .addCacheEntryListenerConfiguration(
                new MutableCacheEntryListenerConfiguration<>(() -> recorder, null, true, false)));

    // (a) Java writes; the JavaScript client reads exactly that string, from the bucket and key of the same names.
    orders.put("order-1", "{\"Id\":1}");
    assertEquals(EventType.CREATED, recorder.next().getEventType());          // Java's own write, heard once
    assertEquals("{\"Id\":1}", node.get("SHOP_ORDERS", "order-1"));
    assertEquals(List.of("order-1"), node.keys("SHOP_ORDERS"));

    // The value now sits in Java's near-cache: the next read is served from memory.
    long hits = nearStatistic("SHOP_ORDERS", "NearHits");
    assertEquals("{\"Id\":1}", orders.get("order-1"));
    assertEquals(hits + 1, nearStatistic("SHOP_ORDERS", "NearHits"));
    long invalidations = nearStatistic("SHOP_ORDERS", "Invalidations");

    // (b) The JavaScript client updates it: the watch drops Java's copy and the listener hears an update.
    awaitWatchCaughtUp("SHOP_ORDERS");
    node.put("SHOP_ORDERS", "order-1", "{\"Id\":2}");
    CacheEntryEvent<? extends String, ? extends String> updated = recorder.next();
    assertEquals(EventType.UPDATED, updated.getEventType());
    assertEquals("order-1", updated.getKey());
    assertEquals("{\"Id\":2}", updated.getValue());
    assertEquals("{\"Id\":1}", updated.getOldValue());
    assertEquals("{\"Id\":2}", eventually("{\"Id\":2}", () -> orders.get("order-1")));
    assertTrue(nearStatistic("SHOP_ORDERS", "Invalidations") > invalidations, "near-cache invalidated");

    //     ... and creates a key Java never saw: the listener hears a creation.
    node.put("SHOP_ORDERS", "order-2", "{\"Id\":20}");
    CacheEntryEvent<? extends String, ? extends String> created = recorder.next();
    assertEquals(EventType.CREATED, created.getEventType());
    assertEquals("order-2", created.getKey());
    assertEquals("{\"Id\":20}", created.getValue());
    assertEquals("{\"Id\":20}", eventually("{\"Id\":20}", () -> orders.get("order-2")));

    // (c) The JavaScript client deletes a key: the listener hears a removal and Java reads null.
    node.delete("SHOP_ORDERS", "order-1");
    CacheEntryEvent<? extends String, ? extends String> removed = recorder.next();
    assertEquals(EventType.REMOVED, removed.getEventType());
    assertEquals("order-1", removed.getKey());
    assertNull(eventually(null, () -> orders.get("order-1")));
    assertNull(node.get("SHOP_ORDERS", "order-1"));
    assertTrue(recorder.events.isEmpty(), "no further events: " + recorder.events);
  }

  @Test
  void jsonCodecIsSharedWithTheJavaScriptClient() throws Exception {
    Recorder<String, Order> recorder = new Recorder<>();
    Cache<String, Order> orders = manager.createCache("SHOP_ORDERS_JSON",
        new MutableConfiguration<String, Order>().setTypes(String.class, Order.class).setStatisticsEnabled(true)
            .addCacheEntryListenerConfiguration(
                new MutableCacheEntryListenerConfiguration<>(() -> recorder, null, true, false)));

    // (a) A record written by Java is plain JSON to the JavaScript client.
    orders.put("order-1", new Order(1));
    assertEquals(EventType.CREATED, recorder.next().getEventType());
    assertEquals("{\"Id\":1}", node.get("SHOP_ORDERS_JSON", "order-1"));
    assertEquals(new Order(1), orders.get("order-1"));                      // cached in the near-cache

    // (b) JSON written by the JavaScript client is a record to Java, and replaces the cached one.
    awaitWatchCaughtUp("SHOP_ORDERS_JSON");
    node.put("SHOP_ORDERS_JSON", "order-1", "{\"Id\":2}");
    CacheEntryEvent<? extends String, ? extends Order> updated = recorder.next();
    assertEquals(EventType.UPDATED, updated.getEventType());
    assertEquals(new Order(2), updated.getValue());
    assertEquals(new Order(1), updated.getOldValue());
    assertEquals(new Order(2), eventually(new Order(2), () -> orders.get("order-1")));

    // (c) Deleted by the JavaScript client: removed for Java too.
    node.delete("SHOP_ORDERS_JSON", "order-1");
    CacheEntryEvent<? extends String, ? extends Order> removed = recorder.next();
    assertEquals(EventType.REMOVED, removed.getEventType());
    assertEquals("order-1", removed.getKey());
    assertNull(eventually(null, () -> orders.get("order-1")));
  }
}
