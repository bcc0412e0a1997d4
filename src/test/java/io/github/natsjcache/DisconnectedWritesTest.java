package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.integration.RecordingWriter;
import java.io.Serializable;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheWriter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A write the caller was told failed never lands later: while its node is disconnected, a write fails at once with an
 * exception saying it was not sent, and nothing of it is sent after the reconnection (jnats would otherwise keep up
 * to 8 MiB of them and send them then, over whatever other nodes wrote meanwhile).
 */
@Tag("server")
class DisconnectedWritesTest {

  @Test
  void writesWhileDisconnected_failAtOnce_andNeverLandAfterTheReconnection() throws Exception {
    try (RestartableServer server = RestartableServer.start(); CacheManager node = node(server)) {
      Cache<String, String> cache = node.createCache("disconnected",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.put("k", "before");

      ProcessHandle process = server.process();
      process.destroy();
      process.onExit().get(20, TimeUnit.SECONDS);
      Eventually.assertTrue(() -> notSent(() -> cache.get("k")), "the node knows it is disconnected");

      CacheException put = assertThrows(CacheException.class, () -> cache.put("k", "lost"));
      CacheException putAll = assertThrows(CacheException.class, () -> cache.putAll(Map.of("k", "lost", "j", "x")));
      CacheException removeAll = assertThrows(CacheException.class, () -> cache.removeAll(Set.of("k")));
      for (CacheException failed : new CacheException[] {put, putAll, removeAll}) {
        assertTrue(failed.getMessage().contains("was not sent"), failed.getMessage());
      }

      server.restart();
      Eventually.assertTrue(() -> !notSent(() -> cache.get("k")), "the node is back");
      cache.put("probe", "after"); // sent after anything the connection could still have held
      assertEquals("after", cache.get("probe"));
      assertEquals("before", cache.get("k"), "a write that failed landed after the reconnection");
      assertEquals(null, cache.get("j"));
    }
  }

  @Test
  void put_connectionLostAfterTheWriterRan_failsAndWriterToldWhatStands() throws Exception {
    try (RestartableServer server = RestartableServer.start(); CacheManager node = node(server)) {
      LosesConnectionOnWrite writer = new LosesConnectionOnWrite();
      Cache<String, String> cache = node.createCache("lostAfterWriter",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class).setWriteThrough(true)
              .setCacheWriterFactory(FactoryBuilder.factoryOf(writer)));
      cache.put("k", "before");
      writer.whenWriting("lost", () -> {
        try {
          ProcessHandle process = server.process();
          process.destroy();
          process.onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        Eventually.assertTrue(() -> notSent(() -> cache.get("probe")), "the node knows it is disconnected");
      });

      CacheException put = assertThrows(CacheException.class, () -> cache.put("k", "lost"));

      assertTrue(put.getMessage().contains("was not sent"), put.getMessage());
      assertEquals(List.of("write k=before", "write k=lost", "write k=before"), writer.calls(),
          "the writer is told the value that stands");
    }
  }

  /** Records every call; runs a step (once) when asked to write a given value, before it records it. */
  private static final class LosesConnectionOnWrite implements CacheWriter<Object, Object>, Serializable {

    private static final long serialVersionUID = 1L;

    private final RecordingWriter recorder = new RecordingWriter();
    private final AtomicReference<@Nullable String> trigger = new AtomicReference<>();
    private transient volatile Runnable step = () -> {};

    void whenWriting(String value, Runnable step) {
      this.step = step;
      trigger.set(value);
    }

    List<String> calls() {
      return recorder.calls();
    }

    @Override
    public void write(Cache.Entry<?, ?> entry) {
      if (trigger.compareAndSet(String.valueOf(entry.getValue()), null)) {
        step.run();
      }
      recorder.write(entry);
    }

    @Override
    public void writeAll(Collection<Cache.Entry<?, ?>> entries) {
      recorder.writeAll(entries);
    }

    @Override
    public void delete(Object key) {
      recorder.delete(key);
    }

    @Override
    public void deleteAll(Collection<?> keys) {
      recorder.deleteAll(keys);
    }
  }

  /** Whether the operation fails because the node could not send it. */
  private static boolean notSent(Runnable operation) {
    try {
      operation.run();
      return false;
    } catch (CacheException e) {
      return e.getMessage().contains("was not sent");
    }
  }

  private static CacheManager node(RestartableServer server) {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    properties.setProperty("nearCache", "false"); // every read asks the server
    properties.setProperty("timeout", "2s");
    return new NatsCachingProvider().getCacheManager(URI.create(server.url()),
        DisconnectedWritesTest.class.getClassLoader(), properties);
  }
}
