package io.github.natsjcache.benchmarks.footprint;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/** The heap a program holds, as the footprint programs measure it. */
final class Heap {

  private Heap() {}

  /** The heap in use after repeated collections, once it stops shrinking. */
  static long settled() throws InterruptedException {
    long previous = Long.MAX_VALUE;
    long used = used();
    for (int round = 0; round < 10 && used < previous; round++) {
      previous = used;
      System.gc();
      TimeUnit.MILLISECONDS.sleep(100); // lets the collector's reference processing finish; a measurement, not a wait
      used = used();
    }
    return used;
  }

  private static long used() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
