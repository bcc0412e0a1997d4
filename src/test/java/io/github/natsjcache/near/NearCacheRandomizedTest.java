package io.github.natsjcache.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.Eventually;
import io.github.natsjcache.NatsTestServer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes, one writer per key writing strictly increasing values, readers on every node: no node ever reads a
 * key going backwards (DESIGN.md, Consistency 3), and every node converges to each key's last value.
 *
 * <p>"Backwards" is judged per node and per key in real time: a read must return at least the highest value any read
 * on the same node had returned before it started.
 */
@Tag("server")
class NearCacheRandomizedTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  private static final long SEED = 20_240_607L;
  private static final int NODES = 3;
  private static final int KEYS = 10;
  private static final int READERS_PER_NODE = 2;
  private static final int MAX_WRITES = 300;
  private static final long WRITE_MILLIS = 2_000;
  private static final long RUN_LIMIT_SECONDS = 60;

  private final ExecutorService pool = Executors.newFixedThreadPool(KEYS + NODES * READERS_PER_NODE);

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Test
  void increasingWritesOnEveryNode_readsNeverGoBackwards_andConverge() throws Exception {
    List<Cache<String, Integer>> nodes = new ArrayList<>();
    for (int node = 0; node < NODES; node++) {
      nodes.add(nats.node().createCache("randomized",
          new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class)));
    }
    // highest[node * KEYS + key]: the highest value a read on that node has returned for that key
    AtomicIntegerArray highest = new AtomicIntegerArray(NODES * KEYS);
    AtomicIntegerArray last = new AtomicIntegerArray(KEYS);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong reads = new AtomicLong();
    Queue<String> backwards = new ConcurrentLinkedQueue<>();
    int workers = KEYS + NODES * READERS_PER_NODE;
    CyclicBarrier start = new CyclicBarrier(workers);

    List<Callable<Void>> writers = new ArrayList<>();
    for (int key = 0; key < KEYS; key++) {
      writers.add(writer(nodes.get(key % NODES), key, last, start));
    }
    List<Callable<Void>> readers = new ArrayList<>();
    for (int node = 0; node < NODES; node++) {
      for (int reader = 0; reader < READERS_PER_NODE; reader++) {
        readers.add(reader(nodes.get(node), node, new Random(SEED + (long) node * READERS_PER_NODE + reader), highest,
            writing, reads, backwards, start));
      }
    }
    List<Future<Void>> readerFutures = new ArrayList<>();
    List<Future<Void>> writerFutures = new ArrayList<>();
    writers.forEach(writer -> writerFutures.add(pool.submit(writer)));
    readers.forEach(reader -> readerFutures.add(pool.submit(reader)));
    try {
      for (Future<Void> writer : writerFutures) {
        writer.get(RUN_LIMIT_SECONDS, TimeUnit.SECONDS);
      }
    } finally {
      writing.set(false);
    }
    for (Future<Void> reader : readerFutures) {
      reader.get(RUN_LIMIT_SECONDS, TimeUnit.SECONDS);
    }

    assertEquals(List.of(), List.copyOf(backwards), "reads that went backwards");
    assertTrue(reads.get() > 100, "the readers read: " + reads.get());
    for (int node = 0; node < NODES; node++) {
      Cache<String, Integer> cache = nodes.get(node);
      for (int key = 0; key < KEYS; key++) {
        int expected = last.get(key);
        String name = "k" + key;
        Eventually.assertTrue(() -> Integer.valueOf(expected).equals(cache.get(name)),
            "node " + node + " converges to " + name + " = " + expected);
      }
    }
    System.out.printf("[randomized] %d reads; last values %s%n", reads.get(), last);
  }

  /** Writes 1, 2, 3... to one key with a mix of operations, until {@link #MAX_WRITES} or {@link #WRITE_MILLIS}. */
  private static Callable<Void> writer(Cache<String, Integer> cache, int key, AtomicIntegerArray last,
      CyclicBarrier start) {
    String name = "k" + key;
    return () -> {
      start.await(10, TimeUnit.SECONDS);
      long limit = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITE_MILLIS);
      for (int value = 1; value <= MAX_WRITES && System.nanoTime() < limit; value++) {
        switch (value % 3) {
          case 0 -> assertTrue(cache.replace(name, value), name + " was present");
          case 1 -> cache.put(name, value);
          default -> assertEquals(value - 1, cache.getAndPut(name, value), name + "'s previous value");
        }
        last.set(key, value);
      }
      return null;
    };
  }

  /** Reads random keys (get, sometimes getAll) while the writers write, recording any read that went backwards. */
  private static Callable<Void> reader(Cache<String, Integer> cache, int node, Random random,
      AtomicIntegerArray highest, AtomicBoolean writing, AtomicLong reads, Queue<String> backwards,
      CyclicBarrier start) {
    return () -> {
      start.await(10, TimeUnit.SECONDS);
      long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(RUN_LIMIT_SECONDS);
      while (writing.get() && System.nanoTime() < limit) {
        Set<Integer> keys = new LinkedHashSet<>();
        int count = random.nextInt(5) == 0 ? 3 : 1;
        while (keys.size() < count) {
          keys.add(random.nextInt(KEYS));
        }
        int[] floors = new int[KEYS];
        keys.forEach(key -> floors[key] = highest.get(node * KEYS + key));
        Map<String, Integer> read;
        if (count == 1) {
          int key = keys.iterator().next();
          Integer value = cache.get("k" + key);
          read = value == null ? Map.of() : Map.of("k" + key, value);
        } else {
          read = cache.getAll(keys.stream().map(key -> "k" + key).collect(Collectors.toSet()));
        }
        for (int key : keys) {
          Integer value = read.get("k" + key);
          int seen = value == null ? 0 : value;
          if (seen < floors[key] && backwards.size() < 20) {
            backwards.add("node " + node + " read k" + key + " = " + seen + " after " + floors[key]
                + (count == 1 ? " (get)" : " (getAll)"));
          }
          highest.accumulateAndGet(node * KEYS + key, seen, Math::max);
        }
        reads.incrementAndGet();
      }
      return null;
    };
  }
}
