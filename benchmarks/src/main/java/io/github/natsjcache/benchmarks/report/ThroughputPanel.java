package io.github.natsjcache.benchmarks.report;

import io.github.natsjcache.benchmarks.report.Run.Throughput;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The chart's left panel: for each operation, one horizontal bar per peer (and raw jnats) at its median
 * throughput, a whisker over the range of the iterations, on a log10 axis in ops/s ({@link BarPanel}). Only
 * operations and peers the slice has a throughput of take room; a peer missing from one operation shows "–".
 */
final class ThroughputPanel {

  /** Okabe–Ito colours (safe for colour-blind readers): ours in blues, the raw calls in greys. */
  static final Map<String, Color> COLOURS = Map.of(
      "nats-jcache", new Color(0x0072B2),
      "nats-jcache-nonear", new Color(0x56B4E9),
      "caffeine", new Color(0xE69F00),
      "hazelcast", new Color(0xCC79A7),
      "redisson", new Color(0xD55E00),
      Operation.RAW, new Color(0x8C8C8C),
      Operation.CEILING, new Color(0xC8C8C8));

  private ThroughputPanel() {}

  static void draw(Graphics2D g, Rectangle area, Slice slice) {
    Map<String, Operation> operations = Operation.ALL.stream()
        .filter(operation -> operation.measured(ref -> slice.throughput(ref).isPresent()))
        .collect(Collectors.toMap(Operation::label, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    Map<String, Color> columns = new LinkedHashMap<>();
    Operation.COLUMNS.stream()
        .filter(column -> operations.values().stream().anyMatch(op -> value(slice, op, column).isPresent()))
        .forEach(column -> columns.put(column, COLOURS.get(column)));
    new BarPanel("Throughput per operation and peer",
        "ops/s, log scale · bar: median of the measurement iterations · whisker: min–max",
        List.copyOf(operations.keySet()), columns, new BarPanel.Values() {
          @Override
          public Optional<Throughput> value(String row, String column) {
            return ThroughputPanel.value(slice, operations.get(row), column);
          }

          @Override
          public boolean expected(String row, String column) {
            return operations.get(row).cell(column).isPresent();
          }

          @Override
          public String note(String row, String column) {
            // The raw method's name where it is not the operation's.
            return operations.get(row).renamedRaw(column).filter(method -> Operation.RAW_COLUMNS.contains(column))
                .orElse("");
          }
        }).draw(g, area);
  }

  private static Optional<Throughput> value(Slice slice, Operation operation, String column) {
    return operation.cell(column).flatMap(slice::throughput);
  }
}
