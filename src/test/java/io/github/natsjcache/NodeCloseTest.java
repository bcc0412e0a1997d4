package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.natsjcache.lifecycle.Closing;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CompletionListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Closing a CacheManager ends everything its node started: every thread (watch recovery, strict heartbeats, expiry
 * sweeps, event delivery, loads, the NATS connection's own) and every consumer on the server.
 */
@Tag("server")
class NodeCloseTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  @RegisterExtension
  final ForeignBucket foreign = new ForeignBucket(nats);

  @Test
  void close_endsEveryThreadAndConsumerTheNodeStarted() throws Exception {
    foreign.connection().jetStreamManagement().getAccountStatistics(); // starts this client's own reply thread
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    CacheManager node = new NatsCachingProvider().getCacheManager(URI.create(nats.url()),
        NodeCloseTest.class.getClassLoader(), strictStrings());
    Cache<String, String> cache = node.createCache(foreign.name(), everyFeature());
    EventRecorder recorder = new EventRecorder();
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(recorder), null, /* isOldValueRequired= */ true, /* isSynchronous= */ false));

    cache.put("k", "v");
    assertEquals("v", cache.get("k"));
    loadAll(cache, "loaded");
    foreign.keyValue().put("foreign", "x".getBytes(StandardCharsets.UTF_8));
    recorder.awaitCreated("foreign"); // delivered on the cache's asynchronous event thread
    List<String> started = namesOf(startedSince(before));
    assertTrue(started.stream().anyMatch(name -> name.startsWith("nats-jcache-events-")), started::toString);
    assertTrue(started.stream().anyMatch(name -> name.startsWith("nats-jcache-load-all-")), started::toString);
    assertTrue(started.contains("nats-jcache-heartbeat"), started::toString);
    assertTrue(started.contains("nats-jcache-expiry-sweep"), started::toString);
    assertEquals(1, consumers());

    node.close();

    awaitEnded(before);
    Eventually.assertTrue(() -> consumers() == 0, "the node's consumer is deleted");
    assertFalse(recorder.seen().isEmpty());
  }

  @Test
  void close_afterReconnect_endsTheWatchRecoveryThread() throws Exception {
    try (RestartableServer server = RestartableServer.start()) {
      Set<Thread> before = Thread.getAllStackTraces().keySet();
      Properties properties = new Properties();
      properties.setProperty("codec", "string");
      CacheManager node = new NatsCachingProvider().getCacheManager(URI.create(server.url()),
          NodeCloseTest.class.getClassLoader(), properties);
      Cache<String, String> cache = node.createCache("recovering",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      EventRecorder recorder = EventRecorder.listenTo(cache);

      server.restart();
      Eventually.assertTrue(() -> namesOf(startedSince(before)).contains("nats-jcache-watch-recovery"),
          "the node resubscribes its watch after the reconnect");
      putRetrying(cache, "k", "v");
      recorder.awaitCreated("k");

      node.close();

      awaitEnded(before);
      // The node deletes the consumers it dropped; one jnats' ordered subscription replaced on its own while the
      // server was away is the server's to reap, 5 s after its interest went (nats-server 2.9: flaky at 5 s).
      Eventually.assertTrue(() -> consumersOf(server.url(), "recovering") == 0, "no consumer is left behind",
          3 * Eventually.BOUND_MILLIS);
    }
  }

  @Test
  void createCacheFailingOnTheLoaderFactory_leavesNoStrictBarrierBehind() throws Exception {
    try (CacheManager node = new NatsCachingProvider().getCacheManager(URI.create(nats.url()),
        NodeCloseTest.class.getClassLoader(), strictStrings())) {
      Subscription presence = foreign.connection().subscribe("_jcache." + foreign.name() + ".presence");
      foreign.connection().flush(java.time.Duration.ofSeconds(5));

      assertThrows(IllegalStateException.class, () -> node.createCache(foreign.name(), everyFeature()
          .setCacheLoaderFactory(() -> {
            throw new IllegalStateException("no system of record");
          })));

      // A barrier announces itself every 500 ms: four heartbeats' silence says none was left (review M17).
      assertNull(presence.nextMessage(java.time.Duration.ofSeconds(2)), "the half-built cache still announces");
    }
  }

  /** Writes once the node has reconnected. */
  private static void putRetrying(Cache<String, String> cache, String key, String value) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Eventually.BOUND_MILLIS);
    while (true) {
      try {
        cache.put(key, value);
        return;
      } catch (CacheException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    }
  }

  /** Waits until every thread started since {@code before} has ended; fails naming those still alive. */
  private static void awaitEnded(Set<Thread> before) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Eventually.BOUND_MILLIS);
    for (Set<Thread> alive = startedSince(before); !alive.isEmpty(); alive = startedSince(before)) {
      if (System.nanoTime() > deadline) {
        fail("threads of the closed node still alive after " + Eventually.BOUND_MILLIS + " ms: " + namesOf(alive));
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  private long consumers() {
    return consumersOf(foreign.connection(), foreign.name());
  }

  private static long consumersOf(String url, String bucket) {
    try (Connection connection = Nats.connect(url)) {
      return consumersOf(connection, bucket);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long consumersOf(Connection connection, String bucket) {
    try {
      return connection.jetStreamManagement().getStreamInfo("KV_" + bucket).getStreamState().getConsumerCount();
    } catch (IOException | JetStreamApiException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void loadAll(Cache<String, String> cache, String key) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    cache.loadAll(Set.of(key), /* replaceExistingValues= */ true, new CompletionListener() {
      @Override
      public void onCompletion() {
        done.complete(null);
      }

      @Override
      public void onException(Exception e) {
        done.completeExceptionally(e);
      }
    });
    done.get(Eventually.BOUND_MILLIS, TimeUnit.MILLISECONDS);
    assertEquals(key, cache.get(key));
  }

  /**
   * Threads alive now that were not before; the JDK's shared pool is nobody's to close, and a restarted server's log
   * reader is the server's.
   */
  private static Set<Thread> startedSince(Set<Thread> before) {
    Set<Thread> now = new HashSet<>(Thread.getAllStackTraces().keySet());
    now.removeAll(before);
    // The JDK's own: the common pool, and the reaper that waits for a test's server process (restarted ones too).
    now.removeIf(thread -> !thread.isAlive() || thread.getName().startsWith("ForkJoinPool.commonPool")
        || thread.getName().startsWith("process reaper") || thread.getName().equals("nats-jcache-embedded-log"));
    return now;
  }

  private static List<String> namesOf(Set<Thread> threads) {
    return threads.stream().map(Thread::getName).sorted().toList();
  }

  private static Properties strictStrings() {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    properties.setProperty("strict", "true");
    return properties;
  }

  /** A near-cached cache with an expiry policy (so a sweep), a loader, and read-through. */
  private static MutableConfiguration<String, String> everyFeature() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_HOUR))
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(new EchoLoader()))
        .setReadThrough(true);
  }

  /** Loads every key as its own value. */
  private static final class EchoLoader implements CacheLoader<String, String>, Serializable {

    private static final long serialVersionUID = 1L;

    @Override
    public String load(String key) {
      return key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> loaded = new HashMap<>();
      keys.forEach(key -> loaded.put(key, key));
      return loaded;
    }
  }
}
