package io.github.natsjcache.benchmarks;

import static io.github.natsjcache.benchmarks.Workload.check;

import io.github.natsjcache.benchmarks.servers.LocalNatsServer;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.KeyValue;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.NUID;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.Subscription;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

/**
 * The physical limit of a remote operation: the calls of {@link JCacheBenchmark} made directly with jnats'
 * {@link KeyValue}, one after the other, on a bucket with the provider's settings (history 1, file storage, one
 * replica) on the same kind of private server, over the same preloaded hot set.
 *
 * <p>More show what the server itself allows, to tell the provider's costs from the platform's: 100 gets and
 * 100 puts with all requests in flight at once (the ceiling of any pipelined {@code getAll}/{@code putAll}); the same
 * 100 gets as one batch direct get (2.11+) and the same 100 puts as one atomic batch (2.12+), hand-built, which are
 * the ceilings of the provider's bulk paths on those servers; and a put to a bucket that the same connection watches,
 * as a near-cache must (the cost of every write coming back). {@link BenchmarkMain} leaves out the batch ceilings
 * when the server has no batches.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class RawBenchmark {

  /** A connection of its own to the trial's server, closed with the trial. */
  abstract static class Connected {
    Connection connection;

    @TearDown(Level.Trial)
    public void close() throws InterruptedException {
      if (connection != null) {
        connection.close();
      }
    }
  }

  /**
   * A raw KV bucket holding the hot set; where the server has them, its stream allows atomic batches, and a
   * subscription of its own takes the answers of batch direct gets.
   */
  @State(Scope.Benchmark)
  public static class Bucket extends Connected {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    JetStream jetStream;
    KeyValue kv;
    String[] subjects;
    String[] directGets;
    /** The batch direct get request of each batch of 100 hot keys ({@link Cursor#nextBatch}). */
    byte[][] batchGets;
    /** Where batch direct gets are answered (2.11+); {@code null} on older servers. */
    Subscription batchReplies;

    @Setup(Level.Trial)
    public void open(LocalNatsServer server) throws Exception {
      connection = Nats.connect(server.url());
      jetStream = connection.jetStream();
      kv = create(connection, "raw");
      subjects = new String[Workload.HOT.size()];
      directGets = new String[Workload.HOT.size()];
      for (int i = 0; i < Workload.HOT.size(); i++) {
        kv.put(Workload.HOT.keys[i], Workload.HOT.utf8Values[i]);
        subjects[i] = "$KV.raw." + Workload.HOT.keys[i];
        directGets[i] = "$JS.API.DIRECT.GET.KV_raw." + subjects[i];
      }
      KeyValueEntry last = kv.get(Workload.HOT.keys[Workload.HOT.size() - 1]);
      check(last != null && Arrays.equals(Workload.HOT.utf8Values[Workload.HOT.size() - 1], last.getValue()),
          "raw KV preload does not read back");
      Message direct = connection.request(directGets[0], null, TIMEOUT);
      check(direct != null && Arrays.equals(Workload.HOT.utf8Values[0], direct.getData()),
          "the raw bucket does not answer direct gets");
      batchGets = new byte[Workload.HOT.size() / Workload.BATCH][];
      for (int b = 0; b < batchGets.length; b++) {
        String batch = String.join("\",\"", Arrays.asList(subjects).subList(b * Workload.BATCH,
            (b + 1) * Workload.BATCH));
        batchGets[b] = ("{\"multi_last\":[\"" + batch + "\"],\"batch\":" + Workload.BATCH + "}")
            .getBytes(StandardCharsets.US_ASCII);
      }
      if (connection.getServerInfo().isSameOrNewerThanVersion("2.11.0")) {
        batchReplies = connection.subscribe(connection.createInbox());
      }
      if (connection.getServerInfo().isSameOrNewerThanVersion("2.12.0")) {
        StreamConfiguration stream = connection.jetStreamManagement().getStreamInfo("KV_raw").getConfiguration();
        connection.jetStreamManagement().updateStream(StreamConfiguration.builder(stream)
            .allowAtomicPublish(true).build());
      }
    }

    static KeyValue create(Connection connection, String name) throws Exception {
      connection.keyValueManagement().create(KeyValueConfiguration.builder()
          .name(name)
          .maxHistoryPerKey(1)
          .storageType(StorageType.File)
          .replicas(1)
          .build());
      return connection.keyValue(name);
    }
  }

  /**
   * A second raw bucket, followed by a headers-only ordered consumer on the same connection whose handler does
   * nothing: what a near-cache's watch costs a put, without any of the provider's code.
   */
  @State(Scope.Benchmark)
  public static class WatchedBucket extends Connected {
    KeyValue kv;

    @Setup(Level.Trial)
    public void open(LocalNatsServer server) throws Exception {
      connection = Nats.connect(server.url());
      kv = Bucket.create(connection, "raw_watched");
      Dispatcher dispatcher = connection.createDispatcher();
      connection.jetStream().subscribe("$KV.raw_watched.>", dispatcher, message -> { }, /* autoAck= */ false,
          PushSubscribeOptions.builder().stream("KV_raw_watched").ordered(true)
              .configuration(ConsumerConfiguration.builder().headersOnly(true).deliverPolicy(DeliverPolicy.New)
                  .build())
              .build());
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
    return bucket.kv.put(Workload.HOT.keys[i], cursor.utf8Value(i));
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

  /** 100 direct gets in flight at once, then every answer: the server's ceiling for a pipelined batch of gets. */
  @Benchmark
  public int get100Pipelined(Bucket bucket, Cursor cursor) throws Exception {
    List<CompletableFuture<Message>> replies = new ArrayList<>(Workload.BATCH);
    for (int n = 0; n < Workload.BATCH; n++) {
      replies.add(bucket.connection.requestWithTimeout(bucket.directGets[cursor.nextKey()], null, Bucket.TIMEOUT));
    }
    int bytes = 0;
    for (CompletableFuture<Message> reply : replies) {
      bytes += reply.get().getData().length;
    }
    return bytes;
  }

  /**
   * The same 100 keys as one batch direct get ({@code multi_last}, 2.11+), read on a subscription of its own until
   * the end-of-batch status: the server's ceiling for the provider's batch read.
   */
  @Benchmark
  public int get100Batch(Bucket bucket, Cursor cursor) throws Exception {
    check(bucket.batchReplies != null, "batch direct gets need nats-server 2.11+");
    bucket.connection.publish("$JS.API.DIRECT.GET.KV_raw", bucket.batchReplies.getSubject(),
        bucket.batchGets[cursor.nextBatch()]);
    int bytes = 0;
    while (true) {
      Message reply = bucket.batchReplies.nextMessage(Bucket.TIMEOUT);
      check(reply != null, "no answer to a batch direct get");
      if (reply.isStatusMessage()) {
        check(reply.getStatus().getCode() == 204, "a batch direct get ended with " + reply.getStatus());
        return bytes;
      }
      bytes += reply.getData().length;
    }
  }

  /**
   * 100 puts as one atomic batch (2.12+): 99 publishes carrying the batch's id and place, then the 100th, with the
   * commit, as a request: the server's ceiling for the provider's atomic {@code putAll}.
   */
  @Benchmark
  public long put100Atomic(Bucket bucket, Cursor cursor) throws Exception {
    String batchId = NUID.nextGlobal();
    Message commit = null;
    for (int n = 1; n <= Workload.BATCH; n++) {
      int i = cursor.nextKey();
      Headers headers = new Headers().put("Nats-Batch-Id", batchId).put("Nats-Batch-Sequence", Integer.toString(n));
      if (n < Workload.BATCH) {
        bucket.connection.publish(bucket.subjects[i], headers, cursor.utf8Value(i));
      } else {
        commit = NatsMessage.builder().subject(bucket.subjects[i]).headers(headers.put("Nats-Batch-Commit", "1"))
            .data(cursor.utf8Value(i)).build();
      }
    }
    Message reply = bucket.connection.request(commit, Bucket.TIMEOUT);
    check(reply != null && !reply.isStatusMessage(), "no acknowledgement of an atomic batch");
    PublishAck ack = new PublishAck(reply);
    check(ack.getBatchSize() == Workload.BATCH, "an atomic batch of " + ack.getBatchSize());
    return ack.getSeqno();
  }

  /** 100 puts (JetStream publishes) in flight at once, then every ack: the server's ceiling for a pipelined batch. */
  @Benchmark
  public long put100Pipelined(Bucket bucket, Cursor cursor) throws Exception {
    List<CompletableFuture<PublishAck>> acks = new ArrayList<>(Workload.BATCH);
    for (int n = 0; n < Workload.BATCH; n++) {
      int i = cursor.nextKey();
      acks.add(bucket.jetStream.publishAsync(bucket.subjects[i], cursor.utf8Value(i)));
    }
    long revision = 0;
    for (CompletableFuture<PublishAck> ack : acks) {
      revision = ack.get().getSeqno();
    }
    return revision;
  }

  /** A put to a bucket this connection watches: the platform's cost of a write that a near-cache must hear back. */
  @Benchmark
  @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long putWatched(WatchedBucket bucket, Cursor cursor) throws Exception {
    int i = cursor.nextKey();
    return bucket.kv.put(Workload.HOT.keys[i], cursor.utf8Value(i));
  }

  /** 100 puts one after the other: what {@code putAll100} would cost without pipelining. */
  @Benchmark
  public long put100Sequential(Bucket bucket, Cursor cursor) throws Exception {
    long revision = 0;
    for (int n = 0; n < Workload.BATCH; n++) {
      int i = cursor.nextKey();
      revision = bucket.kv.put(Workload.HOT.keys[i], cursor.utf8Value(i));
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
