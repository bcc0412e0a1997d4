package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The quick start's claims, checked with the real {@code nats} CLI: a JCache cache is a KV bucket the CLI lists, its
 * JSON value is what {@code nats kv get} returns byte for byte, and a {@code nats kv put} reaches a JCache listener and
 * the near-cache at once.
 */
@Tag("server")
class NatsCliTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  /** The quick start's order: JSON {@code {"Id":1}}. */
  public record Order(@JsonProperty("Id") int id) implements Serializable {}

  /** Hands every update to the test. */
  public static final class Updates implements CacheEntryUpdatedListener<String, Order>, Serializable {
    private static final long serialVersionUID = 1L;
    static final BlockingQueue<List<Order>> HEARD = new LinkedBlockingQueue<>();

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends Order>> events) {
      events.forEach(event -> HEARD.add(List.of(event.getOldValue(), event.getValue())));
    }
  }

  @Test
  void quickStartBucket_isWhatTheCliListsAndReads_andACliPutReachesJCache() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("cache.SHOP_ORDERS.codec", "json");
    Cache<String, Order> orders = nats.node(properties).createCache("SHOP_ORDERS",
        new MutableConfiguration<String, Order>().setTypes(String.class, Order.class).setStatisticsEnabled(true)
            .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                FactoryBuilder.factoryOf(Updates.class), null, /* isOldValueRequired= */ true,
                /* isSynchronous= */ true)));
    orders.put("order-1", new Order(1));
    assertEquals(new Order(1), orders.get("order-1")); // now in the near-cache
    NatsCli cli = NatsCli.on(nats.url());

    assertTrue(cli.text("kv", "ls", "--names").lines().anyMatch("SHOP_ORDERS"::equals),
        () -> "nats kv ls does not list SHOP_ORDERS");
    assertArrayEquals("{\"Id\":1}".getBytes(StandardCharsets.UTF_8),
        cli.run("kv", "get", "SHOP_ORDERS", "order-1", "--raw"));

    Updates.HEARD.clear();
    NearStatistics.awaitWatchCaughtUp(orders); // the CLI's put replaces a value this node's watch knows
    cli.run("kv", "put", "SHOP_ORDERS", "order-1", "{\"Id\":3}");
    assertEquals(List.of(new Order(1), new Order(3)), Updates.HEARD.poll(Eventually.BOUND_MILLIS,
        TimeUnit.MILLISECONDS), "the listener heard the CLI's put, with the old value");
    assertEquals(new Order(3), orders.get("order-1"), "the near-cache no longer serves the old value");
  }
}
