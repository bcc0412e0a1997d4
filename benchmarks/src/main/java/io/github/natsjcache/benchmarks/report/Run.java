package io.github.natsjcache.benchmarks.report;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The results of one JMH JSON file, that is one JMH run, by thread count and benchmark method, one map per mode.
 * Ratios are only taken within a run and a thread count (a {@link Slice}): runs differ in machine load and set-up.
 */
final class Run {

  /** The median of the measurement iterations' throughput and their range, in ops/s. */
  record Throughput(double median, double min, double max) {}

  /** Sample-time percentiles, in µs. */
  record Latency(double p50, double p99) {}

  /** Where a result sits in a run. */
  record Key(int threads, Ref ref) {}

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

  private final Path file;
  private final Instant time;
  private final Map<Key, Throughput> throughput;
  private final Map<Key, Latency> latency;
  private final Map<Key, Double> allocation;

  /**
   * @param time when the run ended (JMH's JSON has no date, so the file's modification time)
   * @param allocation {@code gc.alloc.rate.norm} in bytes per operation, from runs with {@code -prof gc}
   */
  Run(Path file, Instant time, Map<Key, Throughput> throughput, Map<Key, Latency> latency,
      Map<Key, Double> allocation) {
    this.file = file;
    this.time = time;
    this.throughput = Map.copyOf(throughput);
    this.latency = Map.copyOf(latency);
    this.allocation = Map.copyOf(allocation);
  }

  /** The file's name, e.g. {@code results.json}. */
  String name() {
    return file.getFileName().toString();
  }

  /** When the run ended, e.g. {@code 2026-11-25 22:45}. */
  String date() {
    return DATE.format(time);
  }

  /** One slice per thread count the run has results for, fewest threads first. */
  List<Slice> slices() {
    return Stream.of(throughput, latency, allocation)
        .flatMap(results -> results.keySet().stream())
        .map(Key::threads)
        .distinct()
        .sorted()
        .map(threads -> new Slice(this, threads))
        .toList();
  }

  Optional<Throughput> throughput(int threads, Ref ref) {
    return Optional.ofNullable(throughput.get(new Key(threads, ref)));
  }

  Optional<Latency> latency(int threads, Ref ref) {
    return Optional.ofNullable(latency.get(new Key(threads, ref)));
  }

  Optional<Double> allocation(int threads, Ref ref) {
    return Optional.ofNullable(allocation.get(new Key(threads, ref)));
  }
}
