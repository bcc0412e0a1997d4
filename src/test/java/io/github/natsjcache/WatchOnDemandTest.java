package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.natsjcache.EventRecorder.Seen;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.EventType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cache follows its bucket only when something needs it: a near-cache, or a listener. Without either, every write
 * would still come back to it through a consumer on the server, for nothing.
 */
@Tag("server")
class WatchOnDemandTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  @RegisterExtension
  final ForeignBucket foreign = new ForeignBucket(nats);

  @Test
  void nearCacheOff_noListener_noConsumer() throws Exception {
    Cache<String, String> cache = create(/* nearCache= */ false);
    cache.put("k", "v");
    assertEquals("v", cache.get("k"));
    assertEquals(0, consumers());
  }

  @Test
  void nearCacheOn_watchesFromCreation() throws Exception {
    create(/* nearCache= */ true);
    assertEquals(1, consumers());
  }

  @Test
  void nearCacheOff_listenerRegistered_watchesAndHearsForeignWrites() throws Exception {
    Cache<String, String> cache = create(/* nearCache= */ false);
    EventRecorder recorder = EventRecorder.listenTo(cache);
    assertEquals(1, consumers());

    foreign.keyValue().put("k", "from-elsewhere".getBytes(StandardCharsets.UTF_8));
    recorder.awaitCreated("k");
    assertEquals(List.of(new Seen(EventType.CREATED, "k", "from-elsewhere", null)), recorder.seen());

    EventRecorder.listenTo(cache); // a second listener shares the watch
    assertEquals(1, consumers());
  }

  private Cache<String, String> create(boolean nearCache) {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    properties.setProperty("nearCache", Boolean.toString(nearCache));
    return nats.node(properties).createCache(foreign.name(),
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  private long consumers() throws IOException, JetStreamApiException {
    return foreign.connection().jetStreamManagement().getStreamInfo("KV_" + foreign.name())
        .getStreamState().getConsumerCount();
  }
}
