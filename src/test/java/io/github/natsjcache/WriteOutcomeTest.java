package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.bucket.OutcomeUnknownException;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueEntry;
import java.io.IOException;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A write whose acknowledgement does not come is not left to guesswork: it carries a message id, the node asks the
 * server whether it holds that id and sends the write again only if not, so an increment lands once; and when the
 * server stays silent past the timeout, the caller gets an {@link OutcomeUnknownException} saying the write may or
 * may not have been applied. A plain NATS client beside the node sees what the bucket holds.
 */
@Tag("server")
class WriteOutcomeTest {

  @Test
  void invoke_acknowledgementLost_resolvedByItsMessageId_countsOnce() throws Exception {
    try (RestartableServer server = RestartableServer.start();
        CuttingProxy proxy = CuttingProxy.start(URI.create(server.url()).getPort());
        CacheManager node = node(proxy.url(), "8s");
        Connection plain = Nats.connect(server.url())) {
      Cache<String, String> counters = node.createCache("counters", configuration());
      counters.put("n", "0");

      CompletableFuture<String> increment = CompletableFuture.supplyAsync(() -> counters.invoke("n",
          incrementing(proxy::dropReplies))); // read through the proxy; the write's acknowledgement is dropped
      Eventually.assertTrue(() -> "1".equals(valueOf(plain, "counters", "n")), "the server applied the increment");
      proxy.cut(); // the acknowledgement is lost with the connection; the node reconnects

      assertEquals("1", increment.get(30, TimeUnit.SECONDS), "the increment returned as applied");
      assertEquals("1", valueOf(plain, "counters", "n"));
      assertEquals(2, lastSequence(plain, "counters"), "two writes stored: the put and one increment");
    }
  }

  @Test
  void invoke_writeLostOnTheWay_sentAgainUnderItsMessageId_countsOnce() throws Exception {
    try (RestartableServer server = RestartableServer.start();
        CuttingProxy proxy = CuttingProxy.start(URI.create(server.url()).getPort());
        CacheManager node = node(proxy.url(), "8s");
        Connection plain = Nats.connect(server.url())) {
      Cache<String, String> counters = node.createCache("lost", configuration());
      counters.put("n", "0");

      CompletableFuture<String> increment = CompletableFuture.supplyAsync(() -> counters.invoke("n",
          incrementing(proxy::dropRequests))); // read through the proxy; the write is dropped on its way
      Eventually.assertTrue(() -> proxy.droppedRequest("$KV.lost.n"), "the write was sent, and dropped");
      proxy.cut();

      assertEquals("1", increment.get(30, TimeUnit.SECONDS), "the increment returned as applied");
      assertEquals("1", valueOf(plain, "lost", "n"));
      assertEquals(2, lastSequence(plain, "lost"), "two writes stored: the put and one increment");
    }
  }

  @Test
  void invoke_serverFrozenPastTheTimeout_outcomeUnknownNamingCacheAndKey_appliedOnce() throws Exception {
    try (RestartableServer server = RestartableServer.start(); CacheManager node = node(server.url(), "1s");
        Connection plain = Nats.connect(server.url())) {
      Cache<String, String> counters = node.createCache("frozen", configuration());
      counters.put("n", "0");

      OutcomeUnknownException unknown = assertThrows(OutcomeUnknownException.class,
          () -> counters.invoke("n", incrementing(() -> freeze(server)))); // frozen after the read, before the write
      server.resume();

      assertTrue(unknown.getMessage().contains("cache 'frozen'") && unknown.getMessage().contains("key n")
          && unknown.getMessage().contains("may or may not have been applied"), unknown.getMessage());
      counters.put("after", "x"); // handled after everything the node sent before
      assertEquals("1", counters.get("n"), "the increment sent while frozen was applied once, not again");
      assertEquals(3, lastSequence(plain, "frozen"));
    }
  }

  @Test
  void put_serverFrozenPastTheTimeout_outcomeUnknown_appliedOnceResumed() throws Exception {
    try (RestartableServer server = RestartableServer.start(); CacheManager node = node(server.url(), "1s");
        Connection plain = Nats.connect(server.url())) {
      Cache<String, String> cache = node.createCache("frozenPut", configuration());
      server.freeze();

      OutcomeUnknownException unknown = assertThrows(OutcomeUnknownException.class, () -> cache.put("k", "v"));
      server.resume();

      assertTrue(unknown.getMessage().contains("cache 'frozenPut'") && unknown.getMessage().contains("key k"),
          unknown.getMessage());
      cache.put("after", "x");
      assertEquals("v", cache.get("k"));
      assertEquals(2, lastSequence(plain, "frozenPut"), "the put was stored once");
    }
  }

  /** Adds one to the number in the entry, after running {@code first}. */
  private static EntryProcessor<String, String, String> incrementing(Runnable first) {
    return (entry, arguments) -> {
      first.run();
      String next = Integer.toString(Integer.parseInt(entry.getValue()) + 1);
      entry.setValue(next);
      return next;
    };
  }

  private static void freeze(RestartableServer server) {
    try {
      server.freeze();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A key's value as a plain KV client reads it from the server itself, not through the proxy. */
  private static @Nullable String valueOf(Connection plain, String bucket, String key) {
    try {
      KeyValueEntry entry = plain.keyValue(bucket).get(key);
      return entry == null ? null : entry.getValueAsString();
    } catch (IOException | JetStreamApiException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long lastSequence(Connection plain, String bucket) throws Exception {
    return plain.jetStreamManagement().getStreamInfo("KV_" + bucket).getStreamState().getLastSequence();
  }

  private static MutableConfiguration<String, String> configuration() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  private static CacheManager node(String url, String timeout) {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    properties.setProperty("nearCache", "false"); // every read asks the server
    properties.setProperty("timeout", timeout);
    return new NatsCachingProvider().getCacheManager(URI.create(url), WriteOutcomeTest.class.getClassLoader(),
        properties);
  }
}
