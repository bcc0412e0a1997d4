package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writes in flight while their cache or CacheManager closes: each either returns normally, its value stored, or
 * fails saying that the cache or manager is closed; never with an executor's rejection or a misleading timeout.
 */
@Tag("server")
class CloseRaceTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  private static final int WRITERS = 4;
  private static final int ROUNDS = 5;
  /** Puts done before the close starts, so that it meets writes in flight. */
  private static final int PUTS_BEFORE_CLOSE = 40;

  @Test
  void cacheClose_racingWrites_eachStoredOrRefusedAsClosed(TestInfo test) throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      CacheManager node = nats.node();
      Cache<String, String> cache = createListenedCache(node, test, round);
      assertEachStoredOrRefusedAsClosed(cache, round, cache::close);
    }
  }

  @Test
  void managerClose_racingWrites_eachStoredOrRefusedAsClosed(TestInfo test) throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      CacheManager node = nats.node();
      Cache<String, String> cache = createListenedCache(node, test, round);
      assertEachStoredOrRefusedAsClosed(cache, round, node::close);
    }
  }

  /**
   * A put sent but not yet acknowledged (the server is frozen) when its manager closes: it fails at once saying the
   * manager closed under it and that it may have been stored; not, once the timeout has passed, that NATS did not
   * answer.
   */
  @Test
  void managerClose_putAwaitingItsAck_failsSayingClosedAndOutcomeUnknown() throws Exception {
    assertCutShortByManagerClose("put", cache -> cache.put("k", "v"));
  }

  /** The same for a putAll: an atomic batch's commit on 2.12+, messages each with its own id before. */
  @Test
  void managerClose_putAllAwaitingItsAck_failsSayingClosedAndOutcomeUnknown() throws Exception {
    assertCutShortByManagerClose("putAll", cache -> cache.putAll(Map.of("a", "1", "b", "2")));
  }

  /**
   * Runs {@code write} on a frozen server and closes the manager once the write awaits its answer: the write must fail
   * within 10 s (its timeout is 20 s) with an {@link IllegalStateException} saying so.
   */
  private static void assertCutShortByManagerClose(String operation, Consumer<Cache<String, String>> write)
      throws Exception {
    Properties properties = new Properties();
    properties.setProperty("timeout", "20s");
    try (RestartableServer server = RestartableServer.start();
        CacheManager node = new NatsCachingProvider().getCacheManager(URI.create(server.url()),
            CloseRaceTest.class.getClassLoader(), properties)) {
      Cache<String, String> cache = node.createCache("inFlight",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.put("before", "v");
      server.freeze();
      CompletableFuture<Void> written = new CompletableFuture<>();
      Thread writer = new Thread(() -> {
        try {
          write.accept(cache);
          written.complete(null);
        } catch (RuntimeException e) {
          written.completeExceptionally(e);
        }
      });
      writer.start();
      Eventually.assertTrue(() -> writer.getState() == Thread.State.TIMED_WAITING, operation + " awaits its ack");
      long closing = System.nanoTime();
      node.close();

      ExecutionException failed = assertThrows(ExecutionException.class, () -> written.get(30, TimeUnit.SECONDS));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
      IllegalStateException closed = assertInstanceOf(IllegalStateException.class, failed.getCause(),
          () -> "not a closed manager's failure: " + failed.getCause());
      assertTrue(closed.getMessage().contains("CacheManager was closed during put")
          && closed.getMessage().contains("may have been stored"), closed::getMessage);
      assertTrue(millis < 10_000, () -> "failed " + millis + " ms after the close, not at once");
    }
  }

  /** A cache with an asynchronous listener: its events are still being handed over while it closes. */
  private static Cache<String, String> createListenedCache(CacheManager node, TestInfo test, int round) {
    Cache<String, String> cache = node.createCache(test.getTestMethod().orElseThrow().getName() + round,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new EventRecorder()), null, /* isOldValueRequired= */ true,
        /* isSynchronous= */ false));
    return cache;
  }

  /**
   * {@link #WRITERS} threads put new keys until a put fails; {@code close} runs once they have done some. Every put
   * that returned is then read back from another node, and every failure must say that something is closed.
   */
  private static void assertEachStoredOrRefusedAsClosed(Cache<String, String> cache, int round, Runnable close)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    CountDownLatch started = new CountDownLatch(PUTS_BEFORE_CLOSE);
    List<Future<Writer>> writers = new ArrayList<>();
    try {
      for (int w = 0; w < WRITERS; w++) {
        Writer writer = new Writer(cache, "w" + w + "-", started);
        writers.add(pool.submit(writer::run, writer));
      }
      started.await();
      close.run();
      Cache<String, String> reader = nats.node().getCache(cache.getName(), String.class, String.class);
      for (Future<Writer> future : writers) {
        Writer writer = future.get();
        RuntimeException failure = writer.failure;
        assertTrue(failure instanceof IllegalStateException || failure instanceof CacheException,
            () -> "round " + round + ": not a closed cache's failure: " + failure);
        assertTrue(String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT).contains("closed"),
            () -> "round " + round + ": does not say closed: " + failure);
        for (String key : writer.stored) {
          assertEquals(key, reader.get(key), "round " + round + ": a put that returned is stored");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Puts new keys until a put fails; remembers the keys of the puts that returned, and the failure. */
  private static final class Writer {

    private final Cache<String, String> cache;
    private final String prefix;
    private final CountDownLatch started;
    private final List<String> stored = new ArrayList<>();
    private RuntimeException failure;

    Writer(Cache<String, String> cache, String prefix, CountDownLatch started) {
      this.cache = cache;
      this.prefix = prefix;
      this.started = started;
    }

    void run() {
      for (int i = 0; ; i++) {
        String key = prefix + i;
        try {
          cache.put(key, key);
        } catch (RuntimeException e) {
          failure = e;
          return;
        }
        stored.add(key);
        started.countDown();
      }
    }
  }
}
