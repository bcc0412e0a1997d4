package io.github.natsjcache.store;

import io.github.natsjcache.bucket.BucketStatus;
import io.github.natsjcache.config.BucketSettings;
import io.github.natsjcache.config.ConnectionSettings;
import io.github.natsjcache.lifecycle.NodeThreads;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.JetStreamSubscription;
import io.nats.client.KeyValueManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.ServerInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.ErrorListenerLoggerImpl;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.cache.CacheException;

/**
 * One connection to NATS and the buckets reached through it: a CacheManager's way to the servers.
 *
 * <p>Two stores are two nodes, even in one JVM: each has its own connection.
 */
public final class NatsStore implements AutoCloseable {

  /** JetStream's API error code for "stream not found". */
  private static final int STREAM_NOT_FOUND = 10059;
  /** "error creating store for stream": see {@link #createRetryingStore}. */
  private static final int STORE_FAILED = 10049;
  private static final long STORE_RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long MAX_STORE_RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  /** The first server whose replicated streams serialize conditional updates (nats-io/nats-server#4320). */
  private static final String SERIALIZED_REPLICATED_UPDATES = "2.9.21";

  private final Connection connection;
  private final JetStream jetStream;
  private final JetStreamManagement management;
  private final KeyValueManagement buckets;
  private final ConnectionSettings settings;
  private final List<BucketWatch> watches;
  private final String nodeId = UUID.randomUUID().toString();
  /** Per bucket, this node's latest writes, shared by the bucket's writer and its watch. */
  private final Map<String, OwnRevisions> ownRevisions = new ConcurrentHashMap<>();
  private final ExecutorService recovery;
  private final ScheduledExecutorService heartbeats;
  /**
   * Set before the connection closes, so that what the close cuts short says so: jnats cancels the requests awaiting
   * answers before its status says CLOSED.
   */
  private volatile boolean closing;

  private NatsStore(Connection connection, ConnectionSettings settings, List<BucketWatch> watches,
      ExecutorService recovery, ScheduledExecutorService heartbeats) throws IOException {
    JetStreamOptions options = JetStreamOptions.builder().requestTimeout(settings.operationTimeout()).build();
    this.connection = connection;
    this.jetStream = connection.jetStream(options);
    this.management = connection.jetStreamManagement(options);
    this.buckets = connection.keyValueManagement();
    this.settings = settings;
    this.watches = watches;
    this.recovery = recovery;
    this.heartbeats = heartbeats;
  }

  /**
   * Connects to the servers; reconnects forever after a loss, as a long-lived cache should.
   *
   * @param settings where and how to connect
   * @param threads the node's threads; the store's are stopped when it closes
   * @throws CacheException if no server answers within the connection timeout
   */
  public static NatsStore connect(ConnectionSettings settings, NodeThreads threads) {
    List<BucketWatch> watches = new CopyOnWriteArrayList<>();
    ExecutorService recovery = threads.sequential("nats-jcache-watch-recovery");
    ScheduledExecutorService heartbeats = threads.scheduler("nats-jcache-heartbeat");
    Options.Builder options = Options.builder()
        .servers(settings.servers().toArray(String[]::new))
        .connectionName(settings.connectionName())
        .connectionTimeout(settings.connectionTimeout())
        .maxReconnects(-1)
        // Nothing is kept to send after a reconnection: a write made while disconnected fails at once, rather than
        // timing out and then landing minutes later over what other nodes wrote meanwhile.
        .reconnectBufferSize(0)
        .connectionListener((connection, event) -> {
          switch (event) {
            case DISCONNECTED -> watches.forEach(BucketWatch::disconnected);
            case RECONNECTED -> recovery.execute(() -> watches.forEach(BucketWatch::resubscribe));
            default -> { }
          }
        })
        .errorListener(new ErrorListenerLoggerImpl() {
          @Override
          public void heartbeatAlarm(Connection connection, JetStreamSubscription subscription,
              long lastStreamSequence, long lastConsumerSequence) {
            super.heartbeatAlarm(connection, subscription, lastStreamSequence, lastConsumerSequence);
            watches.stream().filter(watch -> watch.owns(subscription))
                .forEach(watch -> recovery.execute(watch::resubscribe));
          }
        });
    ConnectionSecurity.apply(settings, options);
    String inboxPrefix = settings.inboxPrefix();
    if (inboxPrefix != null) {
      options.inboxPrefix(inboxPrefix);
    }
    Options built;
    try {
      built = options.build();
    } catch (IllegalStateException | IllegalArgumentException e) {
      // jnats checks the settings here and builds the TLS context (a store missing, a wrong store password).
      recovery.shutdownNow();
      heartbeats.shutdownNow();
      throw new CacheException("Cannot set up the connection to NATS servers " + settings.servers() + ": "
          + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"), e);
    }
    try {
      Connection connection = Nats.connect(built);
      try {
        NatsStore store = new NatsStore(connection, settings, watches, recovery, heartbeats);
        checkWatchesPeriodically(watches, recovery, heartbeats);
        return store;
      } catch (IOException | RuntimeException e) {
        connection.close();
        throw e;
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      recovery.shutdownNow();
      heartbeats.shutdownNow();
      throw StoreFailures.translate(e, "connect", "NATS servers " + settings.servers());
    }
  }

  /**
   * Checks every watch each {@link BucketWatch#CHECK_INTERVAL} on the recovery thread, where resubscriptions run; a
   * check still queued or running (a server slow to answer) is not queued again.
   */
  @SuppressWarnings("FutureReturnValueIgnored") // stopped with its executor when the store closes
  private static void checkWatchesPeriodically(List<BucketWatch> watches, ExecutorService recovery,
      ScheduledExecutorService scheduler) {
    AtomicBoolean queued = new AtomicBoolean();
    long interval = BucketWatch.CHECK_INTERVAL.toMillis();
    scheduler.scheduleWithFixedDelay(() -> {
      if (queued.compareAndSet(false, true)) {
        recovery.execute(() -> {
          queued.set(false);
          watches.forEach(NatsStore::checkQuietly);
        });
      }
    }, interval, interval, TimeUnit.MILLISECONDS);
  }

  /** Checks one watch; what goes wrong there (a connection closing under it) must not skip the others. */
  private static void checkQuietly(BucketWatch watch) {
    try {
      watch.check();
    } catch (RuntimeException e) {
      System.getLogger(NatsStore.class.getName()).log(System.Logger.Level.DEBUG, "A watch check failed", e);
    }
  }

  /** This node's identity, carried by every message it writes ({@link WireFormat#ORIGIN_HEADER}). */
  public String nodeId() {
    return nodeId;
  }

  /** The status of a bucket, or empty when there is no such bucket. */
  public Optional<BucketStatus> status(String bucket) {
    try {
      return Optional.of(statusOf(buckets.getStatus(bucket)));
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
        return Optional.empty();
      }
      throw StoreFailures.translate(e, "bucket lookup", "bucket " + bucket);
    } catch (IOException e) {
      throw StoreFailures.translate(e, "bucket lookup", "bucket " + bucket);
    }
  }

  /**
   * Creates a bucket holding one value per key. Creating a bucket that exists with the same settings succeeds, as
   * JetStream makes it idempotent; with other settings it fails.
   */
  public void create(String bucket, BucketSettings bucketSettings, String description) {
    ServerFeatures features = ServerFeatures.of(connection.getServerInfo());
    if (bucketSettings.compressed() && !features.compression()) {
      throw new CacheException("Bucket " + bucket + " asks for compression=s2, which needs nats-server 2.10 or newer; "
          + "the server is " + connection.getServerInfo().getVersion() + " (nothing was created)");
    }
    KeyValueConfiguration configuration = KeyValueConfiguration.builder()
        .name(bucket)
        .description(description)
        .maxHistoryPerKey(1)
        .replicas(bucketSettings.replicas())
        .storageType(bucketSettings.memoryStorage() ? StorageType.Memory : StorageType.File)
        .maxBucketSize(bucketSettings.maxBytes())
        .compression(bucketSettings.compressed())
        .build();
    createRetryingStore(bucket, configuration);
    try {
      allowNewFeatures(bucket, bucketSettings.deleteMarkerTtl());
    } catch (IOException | JetStreamApiException e) {
      // The bucket exists and works as on older servers; say why it goes without the newer features.
      System.getLogger(NatsStore.class.getName()).log(System.Logger.Level.WARNING, "Bucket " + bucket + " was "
          + "created, but could not be given marker lifetimes and atomic batches: " + e.getMessage(), e);
    }
  }

  /**
   * Creates the bucket; a store the server could not make (10049) is asked for again, for at most the operation
   * timeout: nats-server 2.15.2 removes a deleted stream's store after it answered the deletion, and a stream of the
   * same name created meanwhile can find its directory removed under it (a cache destroyed and created again at once,
   * as the TCK does: refused 3 runs in 5 of 150 such rounds, {@code NatsCacheManagerTest}).
   */
  private void createRetryingStore(String bucket, KeyValueConfiguration configuration) {
    long deadline = System.nanoTime() + settings.operationTimeout().toNanos();
    long pauseNanos = STORE_RETRY_PAUSE_NANOS;
    while (true) {
      try {
        buckets.create(configuration);
        return;
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() != STORE_FAILED || System.nanoTime() + pauseNanos - deadline > 0) {
          throw StoreFailures.translate(e, "bucket creation", "bucket " + bucket);
        }
      } catch (IOException e) {
        throw StoreFailures.translate(e, "bucket creation", "bucket " + bucket);
      }
      LockSupport.parkNanos(pauseNanos);
      pauseNanos = Math.min(2 * pauseNanos, MAX_STORE_RETRY_PAUSE_NANOS);
    }
  }

  /**
   * Lets a new bucket's stream use what the server offers beyond KV's defaults (2.11.2+): messages with a lifetime,
   * for delete markers and for values with a deadline, and markers where the server dropped a value, which every
   * watch sees (they live as long as delete markers); atomic batches for putAll and removeAll (2.12+). A bucket
   * created on an older server, or by another client, goes without.
   */
  private void allowNewFeatures(String bucket, Duration markerLifetime) throws IOException, JetStreamApiException {
    ServerFeatures features = ServerFeatures.of(connection.getServerInfo());
    if (features.messageTtl() || features.atomicBatchPublish()) {
      StreamConfiguration stream = management.getStreamInfo(WireFormat.stream(bucket)).getConfiguration();
      StreamConfiguration.Builder allowed = StreamConfiguration.builder(stream)
          .allowAtomicPublish(features.atomicBatchPublish());
      if (features.messageTtl()) {
        allowed.allowMessageTtl(true).subjectDeleteMarkerTtl(markerLifetime);
      }
      management.updateStream(allowed.build());
    }
  }

  /**
   * Opens an existing bucket for reads and writes.
   *
   * @param bucket the bucket
   * @param cacheName the cache's name, for messages
   * @param markerLifetime how long delete markers stay in the bucket
   */
  public Bucket open(String bucket, String cacheName, Duration markerLifetime) {
    try {
      StreamConfiguration stream = management.getStreamInfo(WireFormat.stream(bucket)).getConfiguration();
      if (!stream.getAllowDirect()) {
        throw new CacheException("Bucket " + bucket + " of cache '" + cacheName + "' does not allow direct "
            + "gets; recreate it with allow_direct (the default of current NATS clients)");
      }
      warnIfRacingUpdatesCanBothLand(bucket, cacheName, stream.getReplicas());
      return new Bucket(connection, jetStream, management, bucket, cacheName,
          settings.operationTimeout(), nodeId, ServerFeatures.of(connection.getServerInfo()).forStream(stream),
          markerLifetime, ownRevisionsOf(bucket), this::isClosing);
    } catch (IOException | JetStreamApiException e) {
      throw StoreFailures.translate(e, "bucket open", "cache '" + cacheName + "' (bucket " + bucket + ")");
    }
  }

  private OwnRevisions ownRevisionsOf(String bucket) {
    // A write ends within its timeout (a last probe's pause aside): twice that covers every write in flight.
    return ownRevisions.computeIfAbsent(bucket, name -> new OwnRevisions(nodeId,
        settings.operationTimeout().multipliedBy(2)));
  }

  /**
   * Before 2.9.21 a replicated stream checked an expected last subject sequence above 0 only before replicating the
   * write, so two updates conditioned on the same revision could both be stored (nats-io/nats-server#4320): a lost
   * update no client can detect. Creating a key never written (expected revision 0) was checked as it was applied.
   */
  private void warnIfRacingUpdatesCanBothLand(String bucket, String cacheName, int replicas) {
    ServerInfo server = connection.getServerInfo();
    if (replicas > 1 && !server.isSameOrNewerThanVersion(SERIALIZED_REPLICATED_UPDATES)) {
      System.getLogger(NatsStore.class.getName()).log(System.Logger.Level.WARNING, "Bucket " + bucket + " of cache '"
          + cacheName + "' has " + replicas + " replicas on nats-server " + server.getVersion() + ": before "
          + SERIALIZED_REPLICATED_UPDATES + " two racing conditional writes to a key written before can both be "
          + "stored (nats-io/nats-server#4320), so conditional operations (replace, invoke, getAndPut, putIfAbsent "
          + "over a removed key, ...) are not linearizable across nodes there; use nats-server "
          + SERIALIZED_REPLICATED_UPDATES + " or newer");
    }
  }

  /**
   * Follows every change of a bucket from now on, keeping the watch healthy across reconnections.
   *
   * @param bucket the bucket
   * @param headersOnly whether changes come without their values (enough to invalidate)
   * @param handler what to do with each change; runs on one thread, in stream order
   * @return the running watch; close it to stop
   */
  public BucketWatch watch(String bucket, boolean headersOnly, WatchHandler handler) {
    BucketWatch watch = new BucketWatch(connection, jetStream, management, bucket, headersOnly, ownRevisionsOf(bucket),
        handler,
        watches::remove);
    watches.add(watch);
    try {
      watch.start();
      return watch;
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      watch.close();
      throw StoreFailures.translate(e, "watching", "bucket " + bucket);
    }
  }

  /**
   * Joins a strict cache's barrier: this node announces itself, answers other writers once its watch has applied
   * their writes, and can wait for the other nodes after its own writes.
   *
   * @param bucket the cache's bucket
   * @param bound how long a writer waits for the other nodes at most
   * @param waiter waits until this node's watch has applied a revision
   * @return the barrier; close it to leave
   */
  public StrictBarrier strictBarrier(String bucket, Duration bound, StrictBarrier.AppliedWaiter waiter) {
    return new StrictBarrier(connection, management, bucket, nodeId, bound, waiter, heartbeats);
  }

  /** Deletes a bucket and everything in it; a bucket already gone is no error. */
  public void delete(String bucket) {
    try {
      buckets.delete(bucket);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
        throw StoreFailures.translate(e, "bucket deletion", "bucket " + bucket);
      }
    } catch (IOException e) {
      throw StoreFailures.translate(e, "bucket deletion", "bucket " + bucket);
    }
  }

  private static BucketStatus statusOf(KeyValueStatus status) {
    String description = status.getDescription();
    return new BucketStatus(status.getBucketName(), description == null ? "" : description,
        status.getEntryCount(), status.getByteCount(), status.getReplicas(),
        status.getStorageType() == StorageType.Memory ? "memory" : "file");
  }

  /** Whether {@link #close()} has begun: a request failing now was cut short by it. */
  private boolean isClosing() {
    return closing;
  }

  /** Closes the connection, then stops the store's threads; buckets opened through it stop working. */
  @Override
  public void close() {
    closing = true;
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      heartbeats.shutdownNow();
      recovery.shutdownNow();
    }
  }
}
