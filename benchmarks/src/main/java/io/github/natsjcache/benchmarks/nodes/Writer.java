package io.github.natsjcache.benchmarks.nodes;

import io.github.natsjcache.benchmarks.Workload;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/**
 * The measuring node's writes, on one thread: version after version, each a {@code put} of key
 * {@code version % 1000} of the hot set with {@link Workload#versionedValue}, so that a follower can tell which write
 * it sees. Version 0 is the preload.
 */
final class Writer {

  private final Cache<String, String> cache;
  /** The last version written. */
  private long version;

  private Writer(Cache<String, String> cache) {
    this.cache = cache;
  }

  /** Creates the cache {@code name} on {@code manager} (the defaults a user gets) and writes version 0 of every key. */
  static Writer create(CacheManager manager, String name) {
    Cache<String, String> cache = manager.createCache(name,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    Workload keys = Workload.HOT;
    Map<String, String> batch = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      batch.put(keys.key(i), keys.versionedValue(i, 0));
      if (batch.size() == 100 || i == keys.size() - 1) {
        cache.putAll(batch);
        batch.clear();
      }
    }
    return new Writer(cache);
  }

  /** The version the next write will have. */
  long nextVersion() {
    return version + 1;
  }

  /** Writes as fast as one thread can for {@code duration}; returns how many writes. */
  long writeFor(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    long writes = 0;
    while (System.nanoTime() - end < 0) {
      write();
      writes++;
    }
    return writes;
  }

  /**
   * Writes {@code count} versions, one every {@code intervalMicros} from {@code startMicros} on the wall clock (or as
   * soon as the previous write returned, if it took longer); returns when each write was acknowledged (wall clock,
   * µs), by version from {@link #nextVersion()} on.
   */
  long[] writePaced(int count, long startMicros, long intervalMicros) {
    long[] acknowledged = new long[count];
    for (int i = 0; i < count; i++) {
      long due = startMicros + i * intervalMicros;
      for (long wait = due - WallClock.micros(); wait > 0; wait = due - WallClock.micros()) {
        LockSupport.parkNanos(wait * 1_000);
      }
      write();
      acknowledged[i] = WallClock.micros();
    }
    return acknowledged;
  }

  private void write() {
    version++;
    cache.put(Workload.HOT.key((int) (version % Workload.HOT.size())), Workload.HOT.versionedValue(
        (int) (version % Workload.HOT.size()), version));
  }
}
