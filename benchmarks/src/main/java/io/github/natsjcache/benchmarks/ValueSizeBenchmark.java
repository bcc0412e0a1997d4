package io.github.natsjcache.benchmarks;

import static io.github.natsjcache.benchmarks.Workload.check;

import io.github.natsjcache.benchmarks.peers.NatsNode;
import io.github.natsjcache.benchmarks.servers.LocalNatsServer;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import java.util.Arrays;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How put and get cost grows with the value's size: ours with {@code byte[]} values against raw jnats' {@link KeyValue}
 * put and get on a bucket with the same settings (history 1, file storage, one replica), side by side, so that a run
 * with one {@code valueBytes} gives same-run ratios. Sixteen keys, each with a value of {@code valueBytes} random
 * bytes; a put writes the value of another key, so every put changes its key.
 *
 * <p>Ours is one node with two caches on one bucket each: {@code put} and {@code nearGet} use a cache with the
 * near-cache on (the default; a get is a near hit), {@code putNoNear} and {@code remoteGet} one with
 * {@code nearCache=false} (a get is a round trip). Both use the {@code codec} given: {@code bytes} (stored as they
 * are; every read returns a fresh copy) or {@code java}, the default (Java serialization of the array).
 *
 * <p>The largest {@code valueBytes}, 1 MiB − 256 B, fits the server's default max_payload (1 MiB) with every header
 * our put carries in both codecs (measured: at most 1,048,367 bytes with {@code bytes}, 1,048,341 with {@code java});
 * a larger one fails the set-up with our {@code CacheException} saying so.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class ValueSizeBenchmark {

  static final int KEYS = 16;

  /** The keys and their values of {@code valueBytes} bytes. */
  @State(Scope.Benchmark)
  public static class Values {
    /** 100 B, 10 KiB, and 1 MiB − 256 B (about the largest value that fits 1 MiB with our headers). */
    @Param({"100", "10240", "1048320"})
    public int valueBytes;

    final String[] keys = new String[KEYS];
    final byte[][] values = new byte[KEYS][];

    @Setup(Level.Trial)
    public void generate() {
      SplittableRandom random = new SplittableRandom(42);
      for (int i = 0; i < KEYS; i++) {
        keys[i] = "key-" + i;
        values[i] = new byte[valueBytes];
        random.nextBytes(values[i]);
      }
    }

    /** Writes every key's own value, and checks that it reads back. */
    void load(Cache<String, byte[]> cache) {
      for (int i = 0; i < KEYS; i++) {
        cache.put(keys[i], values[i]);
      }
      for (int i = 0; i < KEYS; i++) {
        check(Arrays.equals(values[i], cache.get(keys[i])), "value does not read back: " + cache.getName());
      }
    }
  }

  /** This thread's place: the keys in turn, and for a put, the value of the key {@code pass} keys on. */
  @State(Scope.Thread)
  public static class Next {
    private int index = -1;
    private int pass = 1;

    int key() {
      if (++index == KEYS) {
        index = 0;
        pass = pass % (KEYS - 1) + 1;
      }
      return index;
    }

    byte[] value(Values values, int key) {
      return values.values[(key + pass) % KEYS];
    }
  }

  /** One node of ours: a near-cached cache and one with {@code nearCache=false}, both loaded. */
  @State(Scope.Benchmark)
  public static class Ours {
    /** The value codec: {@code bytes} (raw) or {@code java} (serialization, the provider's default). */
    @Param({"bytes", "java"})
    public String codec;

    private NatsNode node;
    Cache<String, byte[]> nearCached;
    Cache<String, byte[]> remote;

    @Setup(Level.Trial)
    public void open(LocalNatsServer server, Values values) {
      Properties options = new Properties();
      options.setProperty("codec", codec);
      options.setProperty("cache.remote.nearCache", "false");
      node = NatsNode.open(server, options);
      MutableConfiguration<String, byte[]> configuration =
          new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class);
      nearCached = node.manager().createCache("near", configuration);
      remote = node.manager().createCache("remote", configuration);
      values.load(nearCached);
      values.load(remote);
    }

    @TearDown(Level.Trial)
    public void close() {
      node.close();
    }
  }

  /** A raw jnats bucket with the provider's settings, holding the same values. */
  @State(Scope.Benchmark)
  public static class Raw {
    Connection connection;
    KeyValue kv;

    @Setup(Level.Trial)
    public void open(LocalNatsServer server, Values values) throws Exception {
      connection = Nats.connect(server.url());
      kv = RawBenchmark.Bucket.create(connection, "raw");
      for (int i = 0; i < KEYS; i++) {
        kv.put(values.keys[i], values.values[i]);
      }
      check(Arrays.equals(values.values[KEYS - 1], kv.get(values.keys[KEYS - 1]).getValue()),
          "raw value does not read back");
    }

    @TearDown(Level.Trial)
    public void close() throws InterruptedException {
      connection.close();
    }
  }

  /** Our {@code put}, near-cache on: the write, and its echo through the near-cache's watch. */
  @Benchmark
  public void put(Ours ours, Values values, Next next) {
    int key = next.key();
    ours.nearCached.put(values.keys[key], next.value(values, key));
  }

  /** Our {@code put} with the near-cache off: no watch. */
  @Benchmark
  public void putNoNear(Ours ours, Values values, Next next) {
    int key = next.key();
    ours.remote.put(values.keys[key], next.value(values, key));
  }

  /** Our {@code get} of a near-cached key: a near hit, a copy of the value. */
  @Benchmark
  public byte[] nearGet(Ours ours, Values values, Next next) {
    return ours.nearCached.get(values.keys[next.key()]);
  }

  /** Our {@code get} with the near-cache off: a round trip. */
  @Benchmark
  public byte[] remoteGet(Ours ours, Values values, Next next) {
    return ours.remote.get(values.keys[next.key()]);
  }

  /** Raw jnats' {@code KeyValue.put}. */
  @Benchmark
  public long rawPut(Raw raw, Values values, Next next) throws Exception {
    int key = next.key();
    return raw.kv.put(values.keys[key], next.value(values, key));
  }

  /** Raw jnats' {@code KeyValue.get}. */
  @Benchmark
  public byte[] rawGet(Raw raw, Values values, Next next) throws Exception {
    return raw.kv.get(values.keys[next.key()]).getValue();
  }
}
