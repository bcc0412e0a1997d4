package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The three-server fixture itself: R3 buckets shared by all members, and members killed, frozen and restarted. */
@Tag("server")
class NatsTestClusterTest {

  @RegisterExtension
  static final NatsTestCluster cluster = new NatsTestCluster();

  private static final MutableConfiguration<String, String> STRINGS =
      new MutableConfiguration<String, String>().setTypes(String.class, String.class);

  @Test
  void cache_createdThroughOneMember_isR3_andReadThroughAnother() {
    Cache<String, String> cache = cluster.node(0).createCache("shared", STRINGS);
    cache.put("k", "v");

    Cache<String, String> elsewhere = cluster.node(2).getCache("shared", String.class, String.class);

    assertEquals("v", elsewhere.get("k"));
    assertEquals(NatsTestCluster.SIZE, cache.unwrap(NatsCache.class).bucketStatus().replicas());
  }

  @Test
  void kill_thenRestart_memberComesBackOnItsPort_andServesTheBucket() {
    String url = cluster.url(1);
    cluster.node(0).createCache("survives", STRINGS).put("k", "v");
    long pid = cluster.process(1).pid();

    cluster.kill(1);
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "killed member still runs");
    cluster.restart(1);
    cluster.awaitHealthy();

    assertEquals(url, cluster.url(1));
    assertNotEquals(pid, cluster.process(1).pid());
    assertEquals("v", cluster.node(1).getCache("survives", String.class, String.class).get("k"));
  }

  @Test
  void freeze_memberAnswersNothing_untilResumed() {
    cluster.freeze(2);

    assertThrows(CacheException.class, () -> cluster.node(2, fastFailing()));

    cluster.resume(2);
    cluster.awaitHealthy();
    cluster.node(2, fastFailing()).createCache("after-resume", STRINGS).put("k", "v");
  }

  private static Properties fastFailing() {
    Properties properties = new Properties();
    properties.setProperty("connectionTimeout", "1s");
    return properties;
  }
}
