package io.github.natsjcache.benchmarks;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
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
 * Single-key {@code get} and {@code put} through nats-jcache, against the same calls made directly with jnats'
 * {@link KeyValue} on a bucket with history 1, file storage and one replica: the physical limit on this server.
 *
 * <p>Both sides run in the same JMH run on the same private server ({@link LocalNatsServer}), over the same 1,000
 * preloaded String keys with 100-byte values. Gets read preloaded keys; puts overwrite them. The JCache cache uses
 * the provider's defaults (e.g. its near-cache), as a user who writes no configuration gets them; pass provider
 * properties with {@code -p jcacheProperties=name=value&name2=value2} to measure other settings.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(1)
public class GetPutBenchmark {

  static final String PROVIDER = "io.github.natsjcache.NatsCachingProvider";
  static final int KEY_COUNT = 1_000;
  static final int VALUE_BYTES = 100;

  /** The keys ({@code key-0000} …, valid KV keys, so both sides store them verbatim) and their values. */
  static final class Workload {
    static final String[] KEYS = new String[KEY_COUNT];
    static final String[] VALUES = new String[KEY_COUNT];
    static final byte[][] VALUE_BYTES_UTF8 = new byte[KEY_COUNT][];

    static {
      SplittableRandom random = new SplittableRandom(42);
      char[] chars = new char[VALUE_BYTES];
      for (int i = 0; i < KEY_COUNT; i++) {
        KEYS[i] = String.format("key-%04d", i);
        for (int c = 0; c < VALUE_BYTES; c++) {
          chars[c] = (char) ('a' + random.nextInt(26));
        }
        VALUES[i] = new String(chars);
        VALUE_BYTES_UTF8[i] = VALUES[i].getBytes(StandardCharsets.UTF_8);
      }
    }

    private Workload() {}
  }

  /** Walks the keys in order, one cursor per benchmark thread; puts write a different value on every pass. */
  @State(Scope.Thread)
  public static class Cursor {
    private int index;
    private int pass;

    int next() {
      if (++index == KEY_COUNT) {
        index = 0;
        pass++;
      }
      return index;
    }

    int valueFor(int keyIndex) {
      return (keyIndex + pass) % KEY_COUNT;
    }
  }

  /** A JCache cache of {@code String -> String} on the provider under test, preloaded with the workload. */
  @State(Scope.Benchmark)
  public static class JCacheSide {
    /** Provider properties as {@code name=value} pairs joined by {@code &}; empty means the defaults. */
    @Param("")
    public String jcacheProperties;

    CacheManager manager;
    Cache<String, String> cache;

    @Setup(Level.Trial)
    public void setUp(LocalNatsServer server) {
      CachingProvider provider = Caching.getCachingProvider(PROVIDER);
      manager = provider.getCacheManager(URI.create(server.url()), GetPutBenchmark.class.getClassLoader(),
          properties(jcacheProperties));
      cache = manager.createCache("getput_jcache",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      for (int i = 0; i < KEY_COUNT; i++) {
        cache.put(Workload.KEYS[i], Workload.VALUES[i]);
      }
      check(Workload.VALUES[KEY_COUNT - 1].equals(cache.get(Workload.KEYS[KEY_COUNT - 1])),
          "JCache preload does not read back");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      if (manager != null) {
        manager.close();
      }
    }

    private static Properties properties(String pairs) {
      Properties properties = new Properties();
      for (String pair : pairs.split("&")) {
        if (!pair.isBlank()) {
          int equals = pair.indexOf('=');
          check(equals > 0, "jcacheProperties wants name=value pairs joined by &: " + pairs);
          properties.setProperty(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
      }
      return properties;
    }
  }

  /** A raw jnats KV bucket (history 1, file storage, 1 replica), preloaded with the workload. */
  @State(Scope.Benchmark)
  public static class RawSide {
    Connection connection;
    KeyValue kv;

    @Setup(Level.Trial)
    public void setUp(LocalNatsServer server) throws Exception {
      connection = Nats.connect(server.url());
      KeyValueManagement management = connection.keyValueManagement();
      management.create(KeyValueConfiguration.builder()
          .name("getput_raw")
          .maxHistoryPerKey(1)
          .storageType(StorageType.File)
          .replicas(1)
          .build());
      kv = connection.keyValue("getput_raw");
      for (int i = 0; i < KEY_COUNT; i++) {
        kv.put(Workload.KEYS[i], Workload.VALUE_BYTES_UTF8[i]);
      }
      KeyValueEntry last = kv.get(Workload.KEYS[KEY_COUNT - 1]);
      check(last != null && Arrays.equals(Workload.VALUE_BYTES_UTF8[KEY_COUNT - 1], last.getValue()),
          "raw KV preload does not read back");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
      if (connection != null) {
        connection.close();
      }
    }
  }

  @Benchmark
  public String jcacheGet(JCacheSide side, Cursor cursor) {
    return side.cache.get(Workload.KEYS[cursor.next()]);
  }

  @Benchmark
  public byte[] rawGet(RawSide side, Cursor cursor) throws Exception {
    return side.kv.get(Workload.KEYS[cursor.next()]).getValue();
  }

  @Benchmark
  public void jcachePut(JCacheSide side, Cursor cursor) {
    int i = cursor.next();
    side.cache.put(Workload.KEYS[i], Workload.VALUES[cursor.valueFor(i)]);
  }

  @Benchmark
  public long rawPut(RawSide side, Cursor cursor) throws Exception {
    int i = cursor.next();
    return side.kv.put(Workload.KEYS[i], Workload.VALUE_BYTES_UTF8[cursor.valueFor(i)]);
  }

  static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }
}
