package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Removals leave delete markers; they age out ({@code deleteMarkerTtl}), so a cache with key churn keeps its bucket
 * bounded: by the server's per-message TTL on a bucket created on 2.11+, by the sweep's compaction elsewhere (older
 * servers, buckets made by other clients). Live values are never touched.
 */
@Tag("server")
class DeleteMarkerHygieneTest {

  private static final int ROUNDS = 100;
  private static final int KEYS_A_ROUND = 1_000;
  /**
   * How long the markers may take to go: 100,000 purges, one request each where the server does not age markers out
   * (about 15 s on a quiet 2-core machine, over 40 s while other builds share it). A bound, not a speed claim.
   */
  private static final long BOUND_MILLIS = 120_000;

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  @RegisterExtension
  final ForeignBucket foreign = new ForeignBucket(nats);

  @Test
  void hundredThousandFreshKeysPutAndRemoved_bucketShrinksToItsLiveValues() throws Exception {
    boolean serverTtl = foreign.connection().getServerInfo().isSameOrNewerThanVersion("2.11.2");
    Cache<String, String> cache = create(serverTtl ? "60m" : "1s"); // where the server drops markers, no sweep helps
    assertEquals(serverTtl, foreign.connection().jetStreamManagement().getStreamInfo("KV_" + foreign.name())
        .getConfiguration().getAllowMessageTtl(), "a bucket created on 2.11.2+ lets its markers age out");
    churn(cache);
  }

  @Test
  void bucketMadeByAnotherClient_markersCompactedBySweep_liveValuesKept() throws Exception {
    foreign.connection().keyValueManagement().create(KeyValueConfiguration.builder().name(foreign.name())
        .storageType(StorageType.Memory).build());
    Cache<String, String> cache = create("1s"); // attaches; its stream allows no per-message TTL
    churn(cache);
  }

  /** Puts and removes 100,000 fresh keys beside 10 live ones, then waits for the bucket to hold the live ones only. */
  private void churn(Cache<String, String> cache) throws Exception {
    Map<String, String> live = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      live.put("live-" + i, "v" + i);
    }
    cache.putAll(live);
    for (int round = 0; round < ROUNDS; round++) {
      Map<String, String> fresh = new LinkedHashMap<>();
      for (int i = 0; i < KEYS_A_ROUND; i++) {
        fresh.put("k-" + round + "-" + i, "x");
      }
      cache.putAll(fresh);
      cache.removeAll(fresh.keySet());
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BOUND_MILLIS);
    StreamState state = foreign.connection().jetStreamManagement().getStreamInfo("KV_" + foreign.name())
        .getStreamState();
    while (state.getMsgCount() > live.size() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      state = foreign.connection().jetStreamManagement().getStreamInfo("KV_" + foreign.name()).getStreamState();
    }
    long left = state.getMsgCount();
    assertEquals(live.size(), left, () -> "the bucket still holds " + left + " messages after " + BOUND_MILLIS
        + " ms");
    live.forEach((key, value) -> assertEquals(value, foreign.valueOf(key), key));
  }

  private Cache<String, String> create(String sweepInterval) {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    properties.setProperty("deleteMarkerTtl", "1s");
    properties.setProperty("expirySweepInterval", sweepInterval);
    return nats.node(properties).createCache(foreign.name(),
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }
}
