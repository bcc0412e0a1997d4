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
  /**
   * What the server allows at best where our operation does more than one raw call: all 100 requests of a batch in
   * flight at once, or a put to a bucket that the writer watches, as a near-cache does.
   */
  static final String CEILING = "raw ceiling";
  static final List<String> RAW_COLUMNS = List.of(RAW, CEILING);
  static final List<String> COLUMNS = Stream.concat(PEERS.stream(), RAW_COLUMNS.stream()).toList();

  /** Every row, in the tables' order. */
  static final List<Operation> ALL = List.of(
      jcache("get", "get", null),
      jcache("put", "put", "putWatched"),
      jcache("putIfAbsentRemove", "createDelete", null),
      jcache("getAll100", "get100Sequential", "get100Pipelined"),
      jcache("putAll100", "put100Sequential", "put100Pipelined"),
      jcache("invokeIncrement", "put", "putWatched"),
      jcache("readHeavy", null, null),
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
    return cells.entrySet().stream()
        .anyMatch(cell -> !RAW_COLUMNS.contains(cell.getKey()) && present.test(cell.getValue()));
  }

  /** A raw column's method where its name is not the operation's, e.g. {@code createDelete}. */
  Optional<String> renamedRaw(String column) {
    return cell(column).map(Ref::method).filter(method -> !method.equals(label));
  }

  /** E.g. "putIfAbsentRemove → createDelete, getAll100 → get100Sequential". */
  static String rawCounterparts(String column) {
    return ALL.stream()
        .flatMap(operation -> operation.renamedRaw(column).map(raw -> operation.label() + " → " + raw).stream())
        .collect(Collectors.joining(", "));
  }

  /** A JCacheBenchmark method on every peer, and its RawBenchmark counterparts if it has them. */
  private static Operation jcache(String method, String rawMethod, String ceilingMethod) {
    Map<String, Ref> cells = new LinkedHashMap<>();
    PEERS.forEach(peer -> cells.put(peer, Ref.jcache(method, peer)));
    if (rawMethod != null) {
      cells.put(RAW, Ref.of("RawBenchmark", rawMethod));
    }
    if (ceilingMethod != null) {
      cells.put(CEILING, Ref.of("RawBenchmark", ceilingMethod));
    }
    return new Operation(method, Map.copyOf(cells));
  }

  private static Operation ours(String label, Ref ref) {
    return new Operation(label, Map.of(PEERS.get(0), ref));
  }
}
