package io.github.natsjcache.benchmarks.report;

import static io.github.natsjcache.benchmarks.report.Ref.jcache;

import io.github.natsjcache.benchmarks.report.Run.Latency;
import io.github.natsjcache.benchmarks.report.Run.Throughput;
import java.util.List;
import java.util.Optional;

/**
 * A performance goal: a measure of one of our benchmarks against a baseline from the same run and thread count.
 *
 * @param id the goal's name, shared by the rows of one goal (e.g. {@code T2})
 * @param ours the benchmark method of ours
 * @param baseline what it is measured against
 * @param measure what is compared, and how the bound applies
 * @param bound the ratio to reach ({@link Measure#THROUGHPUT}) or stay within ({@link Measure#P50}), or the bytes
 *     per operation ours may allocate beyond the baseline ({@link Measure#ALLOCATION})
 * @param note a word on the set-up, or empty
 */
record Target(String id, Ref ours, Ref baseline, Measure measure, double bound, String note) {

  /** Every goal, in the order of the targets table and chart. */
  static final List<Target> ALL = List.of(
      new Target("T1", jcache("get", "nats-jcache"), jcache("get", "caffeine"), Measure.THROUGHPUT, 0.9, ""),
      new Target("T2", jcache("get", "nats-jcache-nonear"), raw("get"), Measure.THROUGHPUT, 0.87, ""),
      new Target("T2", jcache("get", "nats-jcache-nonear"), raw("get"), Measure.P50, 1.15, ""),
      new Target("T2", jcache("put", "nats-jcache"), raw("put"), Measure.THROUGHPUT, 0.87, ""),
      new Target("T2", jcache("put", "nats-jcache"), raw("put"), Measure.P50, 1.15, ""),
      new Target("T3", jcache("getAll100", "nats-jcache-nonear"), raw("get100Sequential"), Measure.THROUGHPUT, 20,
          "cold"),
      new Target("T3", jcache("getAll100", "nats-jcache"), jcache("getAll100", "caffeine"), Measure.THROUGHPUT, 0.5,
          "warm"),
      new Target("T3", jcache("putAll100", "nats-jcache"), raw("put100Sequential"), Measure.THROUGHPUT, 15, ""),
      new Target("T3", jcache("putAll100", "nats-jcache"), jcache("putAll100", "hazelcast"), Measure.THROUGHPUT, 1,
          ""),
      new Target("T4", jcache("invokeIncrement", "nats-jcache"), raw("put"), Measure.THROUGHPUT, 0.9, ""),
      new Target("T5", jcache("readHeavy", "nats-jcache"), jcache("readHeavy", "hazelcast"), Measure.THROUGHPUT, 2,
          ""),
      new Target("T5", jcache("readHeavy", "nats-jcache"), jcache("readHeavy", "redisson"), Measure.THROUGHPUT, 10,
          ""),
      new Target("T6", Ref.of("InvalidationBenchmark", "invalidationLatency"), Ref.of("InvalidationBenchmark", "put"),
          Measure.P50, 1, ""),
      new Target("T7", jcache("get", "nats-jcache"), jcache("get", "caffeine"), Measure.ALLOCATION, 1, ""));

  /** What a target compares, and how its bound applies. */
  enum Measure {
    /** The median throughput: ours ÷ baseline must reach the bound. */
    THROUGHPUT("ops/s"),
    /** The sample-time p50: ours ÷ baseline must stay within the bound. */
    P50("p50"),
    /**
     * {@code gc.alloc.rate.norm} ({@code -prof gc}): a ratio of two values near 0 B would mean nothing, so ours
     * must stay within baseline + bound bytes.
     */
    ALLOCATION("B/op");

    final String unit;

    Measure(String unit) {
      this.unit = unit;
    }

    Optional<Double> of(Slice slice, Ref ref) {
      return switch (this) {
        case THROUGHPUT -> slice.throughput(ref).map(Throughput::median);
        case P50 -> slice.latency(ref).map(Latency::p50);
        case ALLOCATION -> slice.allocation(ref);
      };
    }
  }

  /** Both sides of a target, measured in one slice. */
  record Outcome(Target target, double ours, double baseline) {

    double ratio() {
      return ours / baseline;
    }

    /** The ratio, or for allocation both values, e.g. "0.98" or "0.0 vs 0.0 B". */
    String measured() {
      return target.measure() == Measure.ALLOCATION
          ? Format.plain(ours) + " vs " + Format.plain(baseline) + " B"
          : Format.ratio(ratio(), target.bound());
    }

    boolean met() {
      return headroom() >= 1;
    }

    /**
     * The measure as a multiple of its bound, oriented so that 1 is the bound and above 1 is better: what the
     * chart draws. For allocation, ours is counted as at least the tolerance, so two near-zero values come out
     * at about 1 (met) rather than as an arbitrary ratio of noise.
     */
    double headroom() {
      double bound = target.bound();
      return switch (target.measure()) {
        case THROUGHPUT -> ratio() / bound;
        case P50 -> bound / ratio();
        case ALLOCATION -> (baseline + bound) / Math.max(ours, bound);
      };
    }
  }

  /** Both sides' values in the slice, if the run measured both. */
  Optional<Outcome> evaluate(Slice slice) {
    return measure.of(slice, ours)
        .flatMap(our -> measure.of(slice, baseline).map(base -> new Outcome(this, our, base)));
  }

  /** "÷" between the two sides of a ratio, "vs" between two allocations. */
  String relation() {
    return measure == Measure.ALLOCATION ? "vs" : "÷";
  }

  /** E.g. "≥ 0.9", "≤ 1.15", "≤ baseline + 1 B". */
  String boundText() {
    return switch (measure) {
      case THROUGHPUT -> "≥ " + Format.exact(bound);
      case P50 -> "≤ " + Format.exact(bound);
      case ALLOCATION -> "≤ baseline + " + Format.exact(bound) + " B";
    };
  }

  private static Ref raw(String method) {
    return Ref.of("RawBenchmark", method);
  }
}
