package io.github.natsjcache.benchmarks.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A row of the result tables and the chart: an operation, and the benchmark method measuring it in each column.
 *
 * @param label the row's name
 * @param cells the benchmark method measuring the operation, by column; a column without one stays empty
 */
record Operation(String label, Map<String, Ref> cells) {

  /** The peers of {@code JCacheBenchmark}, ours first, in the order of the tables' columns. */
  static final List<String> PEERS =
      List.of("nats-jcache", "nats-jcache-nonear", "caffeine", "hazelcast", "redisson");
  /** The last column: the raw jnats Key/Value calls closest to the operation, from {@code RawBenchmark}. */
  static final String RAW = "raw jnats";
  static final List<String> COLUMNS = Stream.concat(PEERS.stream(), Stream.of(RAW)).toList();

  /** Every row, in the tables' order. */
  static final List<Operation> ALL = List.of(
      jcache("get", "get"),
      jcache("put", "put"),
      jcache("putIfAbsentRemove", "createDelete"),
      jcache("getAll100", "get100Sequential"),
      jcache("putAll100", "put100Sequential"),
      jcache("invokeIncrement", "put"),
      jcache("readHeavy", null),
      // Two nodes of ours (near-cache on) on one cache: only the nats-jcache column has a value.
      ours("invalidation, 2 nodes", Ref.of("InvalidationBenchmark", "invalidationLatency")),
      ours("put, 2 nodes", Ref.of("InvalidationBenchmark", "put")));

  Optional<Ref> cell(String column) {
    return Optional.ofNullable(cells.get(column));
  }

  /**
   * Whether a result of the operation itself is there, not only of its raw counterpart: a run of
   * {@code RawBenchmark.put} in sample mode alone does not make a latency row of {@code invokeIncrement}.
   */
  boolean measured(Predicate<Ref> present) {
    return cells.entrySet().stream().anyMatch(cell -> !cell.getKey().equals(RAW) && present.test(cell.getValue()));
  }

  /** The raw counterpart's method where its name is not the operation's, e.g. {@code createDelete}. */
  Optional<String> renamedRaw() {
    return cell(RAW).map(Ref::method).filter(method -> !method.equals(label));
  }

  /** E.g. "putIfAbsentRemove → createDelete, getAll100 → get100Sequential". */
  static String rawCounterparts() {
    return ALL.stream()
        .flatMap(operation -> operation.renamedRaw().map(raw -> operation.label() + " → " + raw).stream())
        .collect(Collectors.joining(", "));
  }

  /** A JCacheBenchmark method on every peer, and its RawBenchmark counterpart if it has one. */
  private static Operation jcache(String method, String rawMethod) {
    Map<String, Ref> cells = new LinkedHashMap<>();
    PEERS.forEach(peer -> cells.put(peer, Ref.jcache(method, peer)));
    if (rawMethod != null) {
      cells.put(RAW, Ref.of("RawBenchmark", rawMethod));
    }
    return new Operation(method, Map.copyOf(cells));
  }

  private static Operation ours(String label, Ref ref) {
    return new Operation(label, Map.of(PEERS.get(0), ref));
  }
}
