package io.github.natsjcache.benchmarks.report;

import io.github.natsjcache.benchmarks.report.Run.Latency;
import io.github.natsjcache.benchmarks.report.Run.Throughput;
import java.util.Optional;

/** The results of one run at one thread count: the only set of results that ratios are taken within. */
record Slice(Run run, int threads) {

  Optional<Throughput> throughput(Ref ref) {
    return run.throughput(threads, ref);
  }

  Optional<Latency> latency(Ref ref) {
    return run.latency(threads, ref);
  }

  Optional<Double> allocation(Ref ref) {
    return run.allocation(threads, ref);
  }

  /** E.g. {@code results.json, 2026-11-25 22:45, 2 threads}. */
  String title() {
    return run.name() + ", " + run.date() + ", " + threadsLabel(threads);
  }

  static String threadsLabel(int threads) {
    return threads + (threads == 1 ? " thread" : " threads");
  }
}
