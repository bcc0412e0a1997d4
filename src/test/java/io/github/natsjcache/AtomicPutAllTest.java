package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code putAll} and {@code removeAll(keys)} on nats-server 2.12+ are atomic batches: a bucket created there allows
 * them, a batch the stream refuses in part stores nothing, and a large one lands as runs of consecutive revisions.
 * On older servers the same calls write key by key, and a failure can leave part of a map stored (as documented).
 */
@Tag("server")
class AtomicPutAllTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  @RegisterExtension
  final ForeignBucket foreign = new ForeignBucket(nats);

  @Test
  void putAll_oneValueTheStreamRefuses_storesNothingWhereBatchesAreAtomic() throws Exception {
    Cache<String, String> cache = create();
    EventRecorder recorder = EventRecorder.listenTo(cache);
    JetStreamManagement management = foreign.connection().jetStreamManagement();
    StreamConfiguration stream = management.getStreamInfo("KV_" + foreign.name()).getConfiguration();
    assertEquals(atomic(), stream.getAllowAtomicPublish(), "a bucket created on 2.12+ allows atomic batches");
    management.updateStream(StreamConfiguration.builder(stream).maximumMessageSize(300).build());
    Map<String, String> map = new LinkedHashMap<>();
    map.put("large", "x".repeat(400)); // over the stream's 300 bytes, first: the server drops it without a word
    for (int i = 0; i < 10; i++) {
      map.put("small-" + i, "v" + i);
    }

    assertThrows(CacheException.class, () -> cache.putAll(map));

    long stored = map.keySet().stream().filter(key -> foreign.valueOf(key) != null).count();
    assertEquals(atomic() ? 0 : 10, stored, atomic() ? "an atomic batch is all or nothing"
        : "before 2.12 every value the stream accepts is stored");
    assertTrue(recorder.seen().isEmpty(), () -> "a failed putAll fires no event: " + recorder.seen());
  }

  @Test
  void putAllAndRemoveAll_moreThanOneBatch_landAsRunsOfConsecutiveRevisions() throws Exception {
    Cache<String, String> cache = create();
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < 1_500; i++) {
      map.put("k" + i, "v" + i);
    }

    cache.putAll(map);
    List<Long> puts = revisionsOf(map.keySet());
    assertTrue(map.entrySet().stream().allMatch(entry -> entry.getValue().equals(foreign.valueOf(entry.getKey()))));
    cache.removeAll(map.keySet());
    List<Long> removals = revisionsOf(map.keySet());

    if (atomic()) {
      assertTrue(consecutive(puts) && consecutive(removals), "each batch is one run: " + puts + " " + removals);
    }
    assertTrue(map.keySet().stream().allMatch(key -> foreign.valueOf(key) == null), "every key removed");
  }

  private Cache<String, String> create() {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    return nats.node(properties).createCache(foreign.name(),
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  private List<Long> revisionsOf(Set<String> keys) {
    List<Long> revisions = new ArrayList<>();
    keys.forEach(key -> revisions.add(foreign.lastRevision(key)));
    revisions.sort(null);
    return revisions;
  }

  private boolean atomic() {
    return foreign.connection().getServerInfo().isSameOrNewerThanVersion("2.12.0");
  }

  private static boolean consecutive(List<Long> revisions) {
    for (int i = 1; i < revisions.size(); i++) {
      if (revisions.get(i) - revisions.get(i - 1) != 1) {
        return false;
      }
    }
    return true;
  }
}
