package io.github.natsjcache.benchmarks.report;

import io.github.natsjcache.benchmarks.report.Run.Throughput;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chart's left panel: for each operation, one horizontal bar per peer (and raw jnats) at its median
 * throughput, a whisker over the range of the iterations, on a log10 axis in ops/s. Only operations and peers the
 * slice has a throughput of take room; a peer missing from one operation shows "–".
 */
final class ThroughputPanel {

  /** Okabe–Ito colours (safe for colour-blind readers): ours in blues, the raw calls in greys. */
  private static final Map<String, Color> COLOURS = Map.of(
      "nats-jcache", new Color(0x0072B2),
      "nats-jcache-nonear", new Color(0x56B4E9),
      "caffeine", new Color(0xE69F00),
      "hazelcast", new Color(0xCC79A7),
      "redisson", new Color(0xD55E00),
      Operation.RAW, new Color(0x8C8C8C),
      Operation.CEILING, new Color(0xC8C8C8));
  private static final Color STRIPE = new Color(0xF4F6F8);
  /** Room for the operations' names left of the axis, and for the last value label right of it. */
  private static final int LABELS = 150;
  private static final int VALUES = 58;

  private ThroughputPanel() {}

  static void draw(Graphics2D g, Rectangle area, Slice slice) {
    Chart.heading(g, area, "Throughput per operation and peer",
        "ops/s, log scale · bar: median of the measurement iterations · whisker: min–max");
    List<Operation> operations = Operation.ALL.stream()
        .filter(operation -> operation.measured(ref -> slice.throughput(ref).isPresent()))
        .toList();
    List<String> columns = Operation.COLUMNS.stream()
        .filter(column -> operations.stream().anyMatch(operation -> value(slice, operation, column).isPresent()))
        .toList();
    if (operations.isEmpty()) {
      Chart.text(g, "no throughput results", area.x, area.y + 80, 0);
      return;
    }
    legend(g, columns, area.x, area.y + 58);

    List<Throughput> all = operations.stream()
        .flatMap(operation -> columns.stream().flatMap(column -> value(slice, operation, column).stream()))
        .toList();
    LogScale scale = LogScale.decades(all.stream().mapToDouble(Throughput::min).min().orElseThrow(),
        all.stream().mapToDouble(Throughput::max).max().orElseThrow(),
        area.x + LABELS, area.x + area.width - VALUES);
    double top = area.y + 76;
    double bottom = area.y + area.height - 22;
    double group = (bottom - top) / operations.size();
    for (int i = 1; i < operations.size(); i += 2) {
      g.setColor(STRIPE);
      g.fill(new Rectangle2D.Double(area.x, top + i * group, area.width, group));
    }
    scale.drawGrid(g, top, bottom);
    for (int i = 0; i < operations.size(); i++) {
      group(g, scale, slice, operations.get(i), columns, top + i * group, group);
    }
    g.setColor(Chart.TEXT);
    g.draw(new Line2D.Double(scale.left(), top, scale.left(), bottom));
  }

  /** One operation: its name left of the axis, then a slot per column. */
  private static void group(Graphics2D g, LogScale scale, Slice slice, Operation operation, List<String> columns,
      double top, double height) {
    g.setColor(Chart.TEXT);
    g.setFont(Chart.BOLD);
    Chart.text(g, operation.label(), scale.left() - 10, Chart.middle(g, top + height / 2), 1);
    g.setFont(Chart.SMALL);
    double slot = (height - 10) / columns.size();
    double bar = Math.min(22, slot * 0.78);
    for (int j = 0; j < columns.size(); j++) {
      String column = columns.get(j);
      double middle = top + 5 + slot * (j + 0.5);
      Optional<Throughput> throughput = value(slice, operation, column);
      if (throughput.isPresent()) {
        String note = operation.renamedRaw(column).filter(method -> Operation.RAW_COLUMNS.contains(column))
            .orElse("");
        bar(g, scale, throughput.get(), COLOURS.get(column), middle, bar, note);
      } else if (operation.cell(column).isPresent()) {
        g.setColor(Chart.MUTED);
        Chart.text(g, "–", scale.left() + 4, Chart.middle(g, middle), 0);
      }
    }
  }

  /** The median's bar, the whisker, the median's value, and a muted note after it (the raw method's name). */
  private static void bar(Graphics2D g, LogScale scale, Throughput throughput, Color colour, double middle,
      double height, String note) {
    double end = scale.x(throughput.median());
    g.setColor(colour);
    g.fill(new Rectangle2D.Double(scale.left(), middle - height / 2, end - scale.left(), height));
    g.setColor(Chart.TEXT);
    g.setStroke(new BasicStroke(1.2f));
    double from = scale.x(throughput.min());
    double to = scale.x(throughput.max());
    g.draw(new Line2D.Double(from, middle, to, middle));
    g.draw(new Line2D.Double(from, middle - height / 4, from, middle + height / 4));
    g.draw(new Line2D.Double(to, middle - height / 4, to, middle + height / 4));
    String value = Format.count(throughput.median()) + "  ";
    double x = Math.max(end, to) + 5;
    Chart.text(g, value, x, Chart.middle(g, middle), 0);
    g.setColor(Chart.MUTED);
    Chart.text(g, note, x + g.getFontMetrics().stringWidth(value), Chart.middle(g, middle), 0);
  }

  private static void legend(Graphics2D g, List<String> columns, double x, double y) {
    g.setFont(Chart.LABEL);
    for (String column : columns) {
      g.setColor(COLOURS.get(column));
      g.fill(new Rectangle2D.Double(x, y - 11, 14, 14));
      g.setColor(Chart.TEXT);
      Chart.text(g, column, x + 19, y, 0);
      x += 19 + g.getFontMetrics().stringWidth(column) + 18;
    }
  }

  private static Optional<Throughput> value(Slice slice, Operation operation, String column) {
    return operation.cell(column).flatMap(slice::throughput);
  }
}
