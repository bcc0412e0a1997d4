package io.github.natsjcache.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.natsjcache.NatsCacheManager;
import io.github.natsjcache.NatsTestServer;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes of one cache; node A writes through a recording {@code CacheWriter} and holds a key in its near-cache
 * that node B has changed since, before A's watch could apply B's change. A's conditional operations then decide on
 * what the bucket holds, so the writer sees only the writes that take effect: nothing for a {@code putIfAbsent},
 * {@code replace(k, old, new)} or {@code remove(k, v)} that returns {@code false}, one call for an {@code invoke}.
 *
 * <p>A's watch is held where it decodes the changed key: the keys are of a type whose deserialization waits while a
 * latch is closed. Nothing else decodes keys, so while it is closed no node's watch applies a change to these keys,
 * and A's near-cache keeps serving what it had (the test checks that it does).
 */
@Tag("server")
class WriterSeesWhatTakesEffectTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  private final HeldKey k = new HeldKey("k");
  private final RecordingWriter writer = new RecordingWriter();
  private Cache<HeldKey, String> a;
  private Cache<HeldKey, String> b;
  /** The bucket as it is: a node without a near-cache. */
  private Cache<HeldKey, String> bucket;

  @BeforeEach
  void twoNodes(TestInfo test) {
    String name = test.getTestMethod().orElseThrow().getName();
    a = node(true).createCache(name, configuration().setWriteThrough(true)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(writer)));
    b = node(true).createCache(name, configuration());
    bucket = node(false).createCache(name, configuration());
  }

  @AfterEach
  void releaseTheWatches() {
    HeldKey.release();
  }

  @Test
  void putIfAbsent_keyCreatedByAnotherNodeNotYetApplied_returnsFalse_writerSeesNothing() {
    assertNull(a.get(k)); // A caches k as absent

    HeldKey.hold();
    b.put(k, "b");
    assertNull(a.get(k), "A's near-cache still serves the absence");

    assertFalse(a.putIfAbsent(k, "a"));
    assertEquals(List.of(), writer.calls());
    assertEquals("b", bucket.get(k));
  }

  @Test
  void replace_keyUpdatedByAnotherNodeNotYetApplied_returnsFalse_writerSeesNothing() {
    b.put(k, "old");
    assertEquals("old", a.get(k));

    HeldKey.hold();
    b.put(k, "other");
    assertEquals("old", a.get(k), "A's near-cache still serves the old value");

    assertFalse(a.replace(k, "old", "new"));
    assertEquals(List.of(), writer.calls());
    assertEquals("other", bucket.get(k));
  }

  @Test
  void removeIfEqual_keyUpdatedByAnotherNodeNotYetApplied_returnsFalse_writerSeesNothing() {
    b.put(k, "v");
    assertEquals("v", a.get(k));

    HeldKey.hold();
    b.put(k, "w");
    assertEquals("v", a.get(k), "A's near-cache still serves the old value");

    assertFalse(a.remove(k, "v"));
    assertEquals(List.of(), writer.calls());
    assertEquals("w", bucket.get(k));
  }

  @Test
  void invoke_keyUpdatedByAnotherNodeNotYetApplied_writerCalledOnceWithTheValueStored() {
    b.put(k, "1");
    assertEquals("1", a.get(k));

    HeldKey.hold();
    b.put(k, "2");
    assertEquals("1", a.get(k), "A's near-cache still serves the old value");

    a.invoke(k, (entry, arguments) -> {
      entry.setValue(String.valueOf(Integer.parseInt(entry.getValue()) + 1));
      return null;
    });
    assertEquals(List.of("write k=3"), writer.calls());
    assertEquals("3", bucket.get(k));
  }

  private static MutableConfiguration<HeldKey, String> configuration() {
    return new MutableConfiguration<HeldKey, String>().setTypes(HeldKey.class, String.class);
  }

  private static NatsCacheManager node(boolean nearCache) {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    properties.setProperty("nearCache", Boolean.toString(nearCache));
    return nats.node(properties);
  }

  /** A key whose deserialization (by a watch, decoding a change) waits while {@link #hold()} is in force. */
  static final class HeldKey implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    private static volatile CountDownLatch held = new CountDownLatch(0);

    private final String name;

    HeldKey(String name) {
      this.name = name;
    }

    /** From now on, deserializing a key waits until {@link #release()}. */
    static void hold() {
      held = new CountDownLatch(1);
    }

    /** Lets every waiting deserialization go on. */
    static void release() {
      held.countDown();
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      try {
        held.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof HeldKey key && key.name.equals(name);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
