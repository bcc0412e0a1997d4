package io.github.natsjcache.benchmarks;

import static io.github.natsjcache.benchmarks.Workload.check;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The physical limit of a remote operation: the calls of {@link JCacheBenchmark} made directly with jnats'
 * {@link KeyValue}, one after the other, on a bucket with the provider's settings (history 1, file storage, one
 * replica) on the same kind of private server, over the same preloaded hot set.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class RawBenchmark {

  /** A raw KV bucket holding the hot set. */
  @State(Scope.Benchmark)
  public static class Bucket {
    Connection connection;
    KeyValue kv;

    @Setup(Level.Trial)
    public void open(LocalNatsServer server) throws Exception {
      connection = Nats.connect(server.url());
      connection.keyValueManagement().create(KeyValueConfiguration.builder()
          .name("raw")
          .maxHistoryPerKey(1)
          .storageType(StorageType.File)
          .replicas(1)
          .build());
      kv = connection.keyValue("raw");
      for (int i = 0; i < Workload.HOT.size(); i++) {
        kv.put(Workload.HOT.keys[i], Workload.HOT.utf8Values[i]);
      }
      KeyValueEntry last = kv.get(Workload.HOT.keys[Workload.HOT.size() - 1]);
      check(last != null && Arrays.equals(Workload.HOT.utf8Values[Workload.HOT.size() - 1], last.getValue()),
          "raw KV preload does not read back");
    }

    @TearDown(Level.Trial)
    public void close() throws InterruptedException {
      if (connection != null) {
        connection.close();
      }
    }
  }

  /** One thread's key cursor and its own key for {@code createDelete}. */
  @State(Scope.Thread)
  public static class Cursor {
    private int index = -1;
    private int pass;
    String scratchKey;

    @Setup(Level.Trial)
    public void setUp(ThreadParams thread) {
      scratchKey = "absent-" + thread.getThreadIndex();
    }

    int nextKey() {
      if (++index == Workload.HOT.size()) {
        index = 0;
        pass++;
      }
      return index;
    }

    /** The UTF-8 value key {@code i} gets on the current pass (see {@link Workload#valueOnPass}). */
    byte[] valueFor(int i) {
      return Workload.HOT.utf8Values[(i + pass) % Workload.HOT.size()];
    }
  }

  @Benchmark
  @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public byte[] get(Bucket bucket, Cursor cursor) throws Exception {
    return bucket.kv.get(Workload.HOT.keys[cursor.nextKey()]).getValue();
  }

  @Benchmark
  @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long put(Bucket bucket, Cursor cursor) throws Exception {
    int i = cursor.nextKey();
    return bucket.kv.put(Workload.HOT.keys[i], cursor.valueFor(i));
  }

  /** 100 gets one after the other: what {@code getAll100} would cost without pipelining. */
  @Benchmark
  public int get100Sequential(Bucket bucket, Cursor cursor) throws Exception {
    int bytes = 0;
    for (int n = 0; n < Workload.BATCH; n++) {
      bytes += bucket.kv.get(Workload.HOT.keys[cursor.nextKey()]).getValue().length;
    }
    return bytes;
  }

  /** 100 puts one after the other: what {@code putAll100} would cost without pipelining. */
  @Benchmark
  public long put100Sequential(Bucket bucket, Cursor cursor) throws Exception {
    long revision = 0;
    for (int n = 0; n < Workload.BATCH; n++) {
      int i = cursor.nextKey();
      revision = bucket.kv.put(Workload.HOT.keys[i], cursor.valueFor(i));
    }
    return revision;
  }

  /** {@code create} of an absent key, then {@code delete}: the raw counterpart of {@code putIfAbsentRemove}. */
  @Benchmark
  public long createDelete(Bucket bucket, Cursor cursor) throws Exception {
    long revision = bucket.kv.create(cursor.scratchKey, Workload.HOT.utf8Values[0]);
    bucket.kv.delete(cursor.scratchKey);
    return revision;
  }
}
