package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two nodes (CacheManagers with their own connections), two threads each, racing on the same keys. */
@Tag("server")
class ConcurrentNodesTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  private static final int NODES = 2;
  private static final int THREADS_PER_NODE = 2;
  private static final int WORKERS = NODES * THREADS_PER_NODE;

  private final ExecutorService pool = Executors.newFixedThreadPool(WORKERS);

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  private List<Cache<String, Integer>> caches(String name) {
    MutableConfiguration<String, Integer> configuration =
        new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class);
    List<Cache<String, Integer>> perNode = new ArrayList<>();
    perNode.add(nats.node().createCache(name, configuration));
    for (int node = 1; node < NODES; node++) {
      perNode.add(nats.node().createCache(name, configuration));
    }
    List<Cache<String, Integer>> perWorker = new ArrayList<>();
    for (int worker = 0; worker < WORKERS; worker++) {
      perWorker.add(perNode.get(worker % NODES));
    }
    return perWorker;
  }

  /** Runs one task per worker, all released at once, and returns their results. */
  private <T> List<T> race(List<Callable<T>> tasks) throws Exception {
    return Race.run(pool, tasks, 120);
  }

  @Test
  void putIfAbsent_racingNodes_exactlyOneWinnerPerKey() throws Exception {
    List<Cache<String, Integer>> caches = caches("race-put-if-absent");
    for (int round = 0; round < 25; round++) {
      String key = "key-" + round;
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (int worker = 0; worker < WORKERS; worker++) {
        Cache<String, Integer> cache = caches.get(worker);
        int value = worker;
        tasks.add(() -> cache.putIfAbsent(key, value));
      }

      List<Boolean> won = race(tasks);

      assertEquals(1, won.stream().filter(Boolean::booleanValue).count(), "winners of " + key);
      int winner = won.indexOf(true);
      assertEquals(winner, caches.get(0).get(key));
      assertEquals(winner, caches.get(1).get(key));
    }
  }

  @Test
  void remove_racingNodes_exactlyOneRemovesTheValue() throws Exception {
    List<Cache<String, Integer>> caches = caches("race-remove");
    for (int round = 0; round < 25; round++) {
      String key = "key-" + round;
      caches.get(0).put(key, round);
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int worker = 0; worker < WORKERS; worker++) {
        Cache<String, Integer> cache = caches.get(worker);
        tasks.add(() -> cache.getAndRemove(key));
      }

      List<Integer> removed = race(tasks);

      assertEquals(1, removed.stream().filter(value -> value != null).count(), "removers of " + key);
    }
  }

  @Test
  void invoke_counterIncrementedFromTwoNodesTimesTwoThreads_endsAtExactlyOneThousand() throws Exception {
    List<Cache<String, Integer>> caches = caches("race-invoke");
    EntryProcessor<String, Integer, Void> increment = (entry, arguments) -> {
      entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
      return null;
    };
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int worker = 0; worker < WORKERS; worker++) {
      Cache<String, Integer> cache = caches.get(worker);
      tasks.add(() -> {
        for (int i = 0; i < 1000 / WORKERS; i++) {
          cache.invoke("counter", increment);
        }
        return null;
      });
    }

    race(tasks);

    assertEquals(1000, caches.get(0).get("counter"));
    assertEquals(1000, caches.get(1).get("counter"));
  }

  @Test
  void replace_compareAndSetLoopsOnBothNodes_loseNoIncrement() throws Exception {
    List<Cache<String, Integer>> caches = caches("race-replace");
    caches.get(0).put("counter", 0);
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int worker = 0; worker < WORKERS; worker++) {
      Cache<String, Integer> cache = caches.get(worker);
      tasks.add(() -> {
        for (int i = 0; i < 50; i++) {
          Integer seen;
          do {
            seen = cache.get("counter");
          } while (!cache.replace("counter", seen, seen + 1));
        }
        return null;
      });
    }

    race(tasks);

    assertEquals(50 * WORKERS, caches.get(1).get("counter"));
  }
}
