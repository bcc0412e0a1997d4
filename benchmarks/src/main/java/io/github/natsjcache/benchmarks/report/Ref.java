package io.github.natsjcache.benchmarks.report;

/**
 * One benchmark method, and the peer it ran against: what a result is looked up by.
 *
 * @param benchmark the benchmark's simple class name, e.g. {@code JCacheBenchmark}
 * @param method the benchmark method, e.g. {@code get}
 * @param peer the value of the {@code peer} parameter, or empty for benchmarks without one
 */
record Ref(String benchmark, String method, String peer) {

  /** A method of {@code JCacheBenchmark} run against {@code peer}. */
  static Ref jcache(String method, String peer) {
    return new Ref("JCacheBenchmark", method, peer);
  }

  /** A method of a benchmark without a peer parameter. */
  static Ref of(String benchmark, String method) {
    return new Ref(benchmark, method, "");
  }

  /** {@code get[caffeine]} for a peer's result, {@code RawBenchmark.get} otherwise. */
  @Override
  public String toString() {
    return peer.isEmpty() ? benchmark + "." + method : method + "[" + peer + "]";
  }
}
