package io.github.natsjcache.benchmarks.nodes;

import io.github.natsjcache.NatsCachingProvider;
import io.github.natsjcache.benchmarks.Workload;
import io.github.natsjcache.management.NearCacheStatisticsMXBean;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The main of a follower node's JVM ({@link FollowerNodes} starts it): a node of ours with the defaults a user gets
 * (near-cache on), on the cache the writing node created. It reads every key of the hot set, so its near-cache holds
 * them all and its watch follows the bucket, prints {@value #READY}, then takes commands on its standard input, one a
 * line, until that ends (or the JVM that started it does):
 *
 * <ul>
 *   <li>{@code read-all N}: reads every key again, so that the near-cache holds them all (the writes since the last
 *       time have dropped them), and prints {@code read-all N}.
 *   <li>{@code follow FIRST COUNT START INTERVAL}: prints {@code following FIRST}, then notes when this node's
 *       near-cache drops the old value of each of the writes {@code FIRST} … {@code FIRST + COUNT - 1}, which the
 *       writer makes one every {@code INTERVAL} µs from {@code START} µs on the wall clock (0: each as soon as the
 *       previous one returned), each on a key of its own
 *       (at most 1,000 writes: write {@code v} puts key {@code v % 1000}). Writes its notes to
 *       {@code follow-FIRST.txt} in its working directory, a line {@code VERSION AFTER BEFORE} per write, and prints
 *       {@code followed FIRST}.
 * </ul>
 *
 * <p>How a moment is noted: the near-cache counts each value it drops because another node changed the key, right
 * after dropping it ({@link NearCacheStatisticsMXBean#getInvalidations()}, registered once this node's statistics are
 * on). Every key is cached and every write changes another key, so the count passing {@code n} means that write
 * {@code FIRST + n - 1} is no longer served from memory. The node reads the count from {@value #LEAD_MICROS} µs
 * before a write is due until it has passed, parking {@value #POLL_MICROS} µs between reads (the kernel's timer
 * slack makes it longer), so that three followers and the writer can share two cores with the server, and no read of
 * the cache itself (which would go to the bucket) stalls it. So the drop happened after the start of the last read
 * that did not show it (and not before the write was due: {@code AFTER}), and before the end of the first that did
 * ({@code BEFORE}); their gap says how precise the note is. The command fails if anything else changed the count or
 * the cache meanwhile (the watch resubscribed, which clears the near-cache; a value was evicted; a change was
 * missed), since the count would no longer match the writes; {@code read-all} reads until every key is served from
 * memory.
 */
public final class FollowerNode {

  static final String READY = "follower-ready";
  private static final long POLL_MICROS = 20;
  private static final long LEAD_MICROS = 200;
  private static final int MAX_READ_PASSES = 10;
  /** A write not dropped within this long fails the command: the writer stopped, or the watch did. */
  private static final long MAX_WAIT_MICROS = TimeUnit.SECONDS.toMicros(10);

  private final Cache<String, String> cache;
  private final NearCacheStatisticsMXBean statistics;

  private FollowerNode(Cache<String, String> cache, NearCacheStatisticsMXBean statistics) {
    this.cache = cache;
    this.statistics = statistics;
  }

  /**
   * Runs the node.
   *
   * @param args the server's URL and the cache's name
   */
  public static void main(String[] args) throws IOException, MalformedObjectNameException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: FollowerNode <nats url> <cache name>");
    }
    // Never outlive the JVM that started this one, however it ends.
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    Properties options = new Properties();
    options.setProperty("nearCache", "true");
    try (CacheManager manager = new NatsCachingProvider().getCacheManager(URI.create(args[0]), null, options)) {
      Cache<String, String> cache = manager.getCache(args[1], String.class, String.class);
      if (cache == null) {
        throw new IllegalStateException("no cache " + args[1] + " on " + args[0]);
      }
      manager.enableStatistics(args[1], true);
      FollowerNode node = new FollowerNode(cache, nearCacheStatistics());
      node.readAll();
      node.serve();
    }
  }

  /** The near-cache statistics of the one cache this JVM has. */
  private static NearCacheStatisticsMXBean nearCacheStatistics() throws MalformedObjectNameException {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Set<ObjectName> names = server.queryNames(new ObjectName("io.github.natsjcache:type=NearCacheStatistics,*"), null);
    if (names.size() != 1) {
      throw new IllegalStateException("expected the near-cache statistics of one cache, found " + names);
    }
    return JMX.newMXBeanProxy(server, names.iterator().next(), NearCacheStatisticsMXBean.class);
  }

  private void serve() throws IOException {
    System.out.println(READY);
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = commands.readLine(); line != null; line = commands.readLine()) {
      String[] words = line.split(" ");
      if (words.length == 2 && words[0].equals("read-all")) {
        readAll();
        System.out.println(line);
      } else if (words.length == 5 && words[0].equals("follow")) {
        long first = Long.parseLong(words[1]);
        System.out.println("following " + first);
        follow(first, Integer.parseInt(words[2]), Long.parseLong(words[3]), Long.parseLong(words[4]),
            Path.of("follow-" + first + ".txt"));
        System.out.println("followed " + first);
      } else {
        throw new IllegalArgumentException("unknown command: " + line);
      }
    }
  }

  /**
   * Reads every key until a pass over all of them is served from memory: a read from the bucket is not always kept
   * (e.g. while the watch is still applying older changes of the key), and a key not cached would leave its write
   * uncounted.
   */
  private void readAll() {
    for (int pass = 1; ; pass++) {
      long misses = statistics.getNearMisses();
      for (int i = 0; i < Workload.HOT.size(); i++) {
        if (Workload.versionOf(cache.get(Workload.HOT.key(i))) < 0) {
          throw new IllegalStateException("the writer's value of " + Workload.HOT.key(i) + " does not read back");
        }
      }
      long missed = statistics.getNearMisses() - misses;
      if (missed == 0) {
        return;
      }
      if (pass == MAX_READ_PASSES) {
        throw new IllegalStateException(missed + " keys still not cached after " + pass + " passes; "
            + WatchState.of(statistics));
      }
    }
  }

  /**
   * What this node's watch and near-cache have done so far: enough to tell that nothing but the expected drops
   * happened in between, and to explain a failure.
   */
  private record WatchState(long invalidations, long evictions, boolean healthy, long resubscriptions,
      long missedChanges) {

    static WatchState of(NearCacheStatisticsMXBean statistics) {
      return new WatchState(statistics.getInvalidations(), statistics.getEvictions(), statistics.isWatchHealthy(),
          statistics.getWatchResubscriptions(), statistics.getWatchMissedChanges());
    }

    /** Whether, since {@code earlier}, the near-cache dropped {@code drops} values and nothing else happened. */
    boolean onlyDroppedSince(WatchState earlier, long drops) {
      return equals(new WatchState(earlier.invalidations + drops, earlier.evictions, true, earlier.resubscriptions,
          earlier.missedChanges));
    }
  }

  private void follow(long first, int count, long start, long interval, Path notes) throws IOException {
    if (count > Workload.HOT.size()) {
      throw new IllegalArgumentException("at most " + Workload.HOT.size() + " writes, one per key: " + count);
    }
    WatchState before = WatchState.of(statistics);
    long base = before.invalidations();
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(notes, StandardCharsets.US_ASCII))) {
      int dropped = 0;
      long lastReadStart = start;
      while (dropped < count) {
        long due = start + dropped * interval;
        long untilWatched = due - LEAD_MICROS - WallClock.micros();
        if (untilWatched > 0) {
          LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(untilWatched));
          continue;
        }
        long readStart = WallClock.micros();
        long drops = statistics.getInvalidations() - base;
        long readEnd = WallClock.micros();
        if (drops > count) {
          throw new IllegalStateException(drops + " values dropped for " + count + " writes; before: " + before
              + "; now: " + WatchState.of(statistics));
        }
        for (; dropped < drops; dropped++) {
          out.println((first + dropped) + " " + Math.max(lastReadStart, start + dropped * interval) + " " + readEnd);
        }
        if (dropped < count && readEnd - due > MAX_WAIT_MICROS) {
          throw new IllegalStateException("write " + (first + dropped) + " not dropped within 10 s of its time; "
              + "before: " + before + "; now: " + WatchState.of(statistics));
        }
        lastReadStart = readStart;
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(POLL_MICROS));
      }
    }
    WatchState after = WatchState.of(statistics);
    if (!after.onlyDroppedSince(before, count)) {
      // A resubscription clears the near-cache (counted once), an eviction drops a value uncounted: either shifts
      // the count against the writes, so the notes would be wrong.
      throw new IllegalStateException("the watch or the near-cache changed during the writes; before: " + before
          + "; now: " + after);
    }
  }
}
