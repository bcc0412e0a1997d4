package io.github.natsjcache.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueEntry;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Expired entries that nobody reads again are reclaimed from the bucket by the periodic sweep. */
@Tag("server")
class ExpirySweepTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  /** Records expiries; static because listener factories build their own instance. */
  public static final class RecordingListener implements CacheEntryExpiredListener<String, String> {
    static final List<String> EXPIRED = new CopyOnWriteArrayList<>();
    static final CountDownLatch FIRST = new CountDownLatch(1);

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(event -> EXPIRED.add(event.getKey()));
      FIRST.countDown();
    }
  }

  @Test
  void sweep_removesExpiredEntriesNobodyReads_andReportsEachOnce() throws Exception {
    Properties quickSweep = new Properties();
    quickSweep.setProperty("expirySweepInterval", "200ms");
    quickSweep.setProperty("codec", "string");
    MutableConfiguration<String, String> configuration = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
            new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 300)))
        .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(RecordingListener.class), null, true, true));
    Cache<String, String> cache = nats.node(quickSweep).createCache("swept", configuration);
    cache.put("short-lived", "v");

    try (Connection plain = Nats.connect(nats.url())) {
      KeyValue bucket = plain.keyValue("swept");
      assertEquals("v", bucket.get("short-lived").getValueAsString());

      assertTrue(RecordingListener.FIRST.await(10, TimeUnit.SECONDS), "the sweep reported the expiry");
      KeyValueEntry after = bucket.get("short-lived");
      assertTrue(after == null || after.getValue() == null, "the sweep removed the entry from the bucket");
    }
    assertEquals(List.of("short-lived"), RecordingListener.EXPIRED);
  }

  @Test
  void expireAfterWriteOption_expiresEntriesOfACacheCreatedWithoutAPolicy() {
    Properties options = new Properties();
    options.setProperty("cache.configured.expireAfterWrite", "300ms");
    Cache<String, String> cache = nats.node(options).createCache("configured",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    long deadline = System.currentTimeMillis() + 300;
    cache.put("k", "v");

    io.github.natsjcache.Eventually.assertTrue(() -> System.currentTimeMillis() > deadline && cache.get("k") == null,
        "the entry expired after 300 ms");
  }
}
