package io.github.natsjcache.near;

import static javax.cache.event.EventType.UPDATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.natsjcache.EventRecorder;
import io.github.natsjcache.NatsCachingProvider;
import io.github.natsjcache.RestartableServer;
import java.net.URI;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Continuity of the near-cache across a server restart (DESIGN.md, Consistency 4): a node that cached a key sees
 * another node's write soon after the server is back, not after jnats' own 20–30 s heartbeat recovery, and does not
 * serve what it cached while it cannot prove it fresh.
 *
 * <p>Each test runs a private server, since it stops it.
 */
@Tag("server")
class NearCacheReconnectTest {

  /** How soon after the writer's acknowledgement the cached node must see a write made after the restart. */
  private static final long RECOVERY_BOUND_MILLIS = 5_000;
  /** How long the writer may take to write again while the server comes back. */
  private static final long WRITE_RETRY_BOUND_MILLIS = 20_000;
  /** How soon after the server went away the cached node must stop serving its near-cache. */
  private static final long DETECTION_BOUND_MILLIS = 2_000;

  @Test
  void serverRestart_remoteWriteReachesCachedNodeWithinBound_andRemoteEventsResume() throws Exception {
    try (RestartableServer server = RestartableServer.start();
        CacheManager nodeA = node(server);
        CacheManager nodeB = node(server)) {
      Cache<String, String> a = cache(nodeA, "reconnect-restart");
      Cache<String, String> b = cache(nodeB, "reconnect-restart");
      EventRecorder.listenTo(a); // A's writes carry their created mark, so B's events are exact
      EventRecorder onB = EventRecorder.listenTo(b);
      cacheOnB(a, b);
      onB.awaitCreated("k"); // B knows v1: v2 could replace it in the bucket before B's resumed watch delivered it

      restartThenAwaitWriteOnB(server, a, b, "restart");

      // The type and value only: the old value is NearCacheCoherenceTest's subject (B's read of v2 may beat the
      // resumed watch, which is remoteUpdate_freshReadBeforeWatchApplies_oldValueIsTheReplacedValue).
      onB.awaitSeen(UPDATED, "k");
      assertTrue(onB.seen().stream().anyMatch(event -> event.type() == UPDATED && event.value().equals("v2")),
          () -> "B heard " + onB.seen());
      long before = System.nanoTime();
      a.put("after", "x");
      onB.awaitCreated("after");
      System.out.printf("[timing] B's listener heard a write after the restart in %d ms%n",
          millis(System.nanoTime() - before));
    }
  }

  @Test
  void serverDown_cachedNodeStopsServing_thenCatchesUpAfterRestart() throws Exception {
    try (RestartableServer server = RestartableServer.start();
        CacheManager nodeA = node(server);
        CacheManager nodeB = node(server)) {
      Cache<String, String> a = cache(nodeA, "reconnect-down");
      Cache<String, String> b = cache(nodeB, "reconnect-down");
      EventRecorder onB = EventRecorder.listenTo(b);
      cacheOnB(a, b);

      ProcessHandle process = server.process();
      process.destroy();
      process.onExit().get(20, TimeUnit.SECONDS);
      long stopped = System.nanoTime();

      // With the server gone, no value can be proven fresh: after a short detection window, every read fails.
      int servedFromMemory = 0;
      long lastServed = stopped;
      long detected = 0;
      while (detected == 0) {
        try {
          assertEquals("v1", b.get("k"));
          servedFromMemory++;
          lastServed = System.nanoTime();
        } catch (CacheException e) {
          detected = System.nanoTime();
        }
        if (detected == 0 && millis(System.nanoTime() - stopped) > DETECTION_BOUND_MILLIS) {
          fail("B still served its cached value " + servedFromMemory + " times, "
              + millis(System.nanoTime() - stopped) + " ms after the server stopped");
        }
      }
      for (int i = 0; i < 3; i++) {
        try {
          String read = b.get("k");
          fail("B served " + read + " while the server was down (read " + i + " after the first failure)");
        } catch (CacheException expected) {
          // nothing can be read while the server is down
        }
      }
      System.out.printf("[timing] B served %d reads from memory for %d ms after the server stopped; its first "
          + "failing read ended %d ms after%n", servedFromMemory, millis(lastServed - stopped),
          millis(detected - stopped));

      restartThenAwaitWriteOnB(server, a, b, "down-restart");
      a.put("after", "x");
      onB.awaitCreated("after");
      for (int i = 0; i < 100; i++) {
        assertEquals("v2", b.get("k"), "B went back after it had seen the new value");
      }
    }
  }

  // helpers

  private static CacheManager node(RestartableServer server) {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    properties.setProperty("timeout", "1s"); // fail fast while the server is down
    return new NatsCachingProvider().getCacheManager(URI.create(server.url()),
        NearCacheReconnectTest.class.getClassLoader(), properties);
  }

  private static Cache<String, String> cache(CacheManager node, String name) {
    return node.createCache(name, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  /** A writes k = v1 and B reads it twice, so that B holds it in its near-cache. */
  private static void cacheOnB(Cache<String, String> a, Cache<String, String> b) {
    a.put("k", "v1");
    assertEquals("v1", b.get("k"));
    assertEquals("v1", b.get("k"), "cached on B");
  }

  /**
   * Restarts the server, has A write k = v2 as soon as it can, and waits (within {@link #RECOVERY_BOUND_MILLIS}) until
   * B reads it; prints how long each step took.
   */
  private static void restartThenAwaitWriteOnB(RestartableServer server, Cache<String, String> a,
      Cache<String, String> b, String restart) throws Exception {
    long restartStarted = System.nanoTime();
    server.restart();
    long restarted = System.nanoTime();
    putRetrying(a, "k", "v2");
    long written = System.nanoTime();
    long seen = awaitValue(b, "k", "v2");
    System.out.printf("[timing] %s %d ms; A's write %d ms after the restart; B saw it %d ms after that%n",
        restart, millis(restarted - restartStarted), millis(written - restarted), millis(seen - written));
  }

  /** Writes, retrying while the server comes back; fails after {@link #WRITE_RETRY_BOUND_MILLIS}. */
  private static void putRetrying(Cache<String, String> cache, String key, String value) {
    long limit = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITE_RETRY_BOUND_MILLIS);
    while (true) {
      try {
        cache.put(key, value);
        return;
      } catch (CacheException e) {
        if (System.nanoTime() > limit) {
          throw new AssertionError("A could not write within " + WRITE_RETRY_BOUND_MILLIS + " ms", e);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    }
  }

  /**
   * Polls a node's reads (a read may fail while it reconnects) until one returns {@code expected}; returns when, or
   * fails after {@link #RECOVERY_BOUND_MILLIS}.
   */
  private static long awaitValue(Cache<String, String> cache, String key, String expected) {
    long start = System.nanoTime();
    String last = null;
    CacheException lastFailure = null;
    while (millis(System.nanoTime() - start) <= RECOVERY_BOUND_MILLIS) {
      try {
        last = cache.get(key);
        if (Objects.equals(expected, last)) {
          return System.nanoTime();
        }
      } catch (CacheException e) {
        lastFailure = e;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    throw new AssertionError("Not within " + RECOVERY_BOUND_MILLIS + " ms: " + key + " = " + expected
        + " on the cached node; last read " + last, lastFailure);
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
