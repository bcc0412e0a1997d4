package io.github.natsjcache.store;

import io.github.natsjcache.ForeignBucket;
import io.github.natsjcache.config.BucketSettings;
import io.github.natsjcache.config.ConnectionSettings;
import io.github.natsjcache.config.TlsSettings;
import io.github.natsjcache.lifecycle.NodeThreads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One node's {@link NatsStore} (its own connection and threads) on a test's server, with the test's bucket (named
 * by {@link ForeignBucket}) created and opened: the store alone, without a cache above it.
 */
final class StoreNode implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration MARKER_LIFETIME = Duration.ofMinutes(30);

  private final NodeThreads threads;
  private final NatsStore store;
  private final String bucketName;
  private final Bucket bucket;

  private StoreNode(NodeThreads threads, NatsStore store, String bucketName) {
    this.threads = threads;
    this.store = store;
    this.bucketName = bucketName;
    this.bucket = store.open(bucketName, bucketName, MARKER_LIFETIME);
  }

  /** Connects a node to the server of {@code foreign} and creates the test's bucket, in memory. */
  static StoreNode open(ForeignBucket foreign) {
    NodeThreads threads = new NodeThreads();
    ConnectionSettings settings = new ConnectionSettings(List.of(foreign.server().url()), null, null, null, null, null,
        TlsSettings.NONE, "nats-jcache-test", null, TIMEOUT, TIMEOUT);
    NatsStore store = NatsStore.connect(settings, threads);
    try {
      createBucket(store, foreign.name());
      return new StoreNode(threads, store, foreign.name());
    } catch (RuntimeException e) {
      store.close();
      threads.close();
      throw e;
    }
  }

  /** Creates a bucket as the tests want it: in memory, one replica, no size limit. */
  static void createBucket(NatsStore store, String name) {
    store.create(name, new BucketSettings(1, /* memoryStorage= */ true, -1, false, MARKER_LIFETIME), "store test");
  }

  NatsStore store() {
    return store;
  }

  Bucket bucket() {
    return bucket;
  }

  /** Starts a watch of the test's bucket, with values. */
  BucketWatch watch(WatchHandler handler) {
    return store.watch(bucketName, /* headersOnly= */ false, handler);
  }

  /** Writes a text value unconditionally; returns its revision. */
  long put(String key, String value) {
    return bucket.put(key, payload(value));
  }

  /** The key's value as text, or {@code null} when it has none. */
  @Nullable String valueOf(String key) {
    byte[] value = bucket.get(key).value();
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  static Payload payload(String value) {
    return new Payload(value.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  @Override
  public void close() {
    store.close();
    threads.close();
  }
}
