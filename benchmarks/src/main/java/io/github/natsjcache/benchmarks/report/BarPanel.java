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
 * A panel of grouped horizontal bars on a log10 axis: a group per row, in it a bar per series at its median, a
 * whisker over its range, and the median's value (with a muted note) after it. A series a row should have but has
 * no value of shows "–". The chart's panels are drawn with it.
 *
 * @param title the panel's heading
 * @param subtitle how to read it: the unit, what a bar and a whisker are
 * @param rows the groups' labels, top to bottom
 * @param series the bars of each group, in order, with their colours (also the legend's order)
 * @param values the bar of a row and series, if there is one
 */
record BarPanel(String title, String subtitle, List<String> rows, Map<String, Color> series, Values values) {

  /** What the bars show. */
  interface Values {
    /** The bar of {@code row} and {@code series}: its median and range; empty if none. */
    Optional<Throughput> value(String row, String series);

    /** Whether {@code row} should have a bar of {@code series}: one that has none shows "–". */
    default boolean expected(String row, String series) {
      return false;
    }

    /** A muted note after the bar's value, e.g. the raw method measured. */
    default String note(String row, String series) {
      return "";
    }
  }

  private static final Color STRIPE = new Color(0xF4F6F8);
  /** Room for the rows' names left of the axis, and for the last value label right of it. */
  private static final int LABELS = 150;
  private static final int VALUES = 58;

  void draw(Graphics2D g, Rectangle area) {
    Chart.heading(g, area, title, subtitle);
    List<Throughput> all = rows.stream()
        .flatMap(row -> series.keySet().stream().flatMap(column -> values.value(row, column).stream()))
        .toList();
    if (all.isEmpty()) {
      g.setColor(Chart.TEXT);
      Chart.text(g, "no results", area.x, area.y + 80, 0);
      return;
    }
    legend(g, area.x, area.y + 58);
    LogScale scale = LogScale.decades(all.stream().mapToDouble(Throughput::min).min().orElseThrow(),
        all.stream().mapToDouble(Throughput::max).max().orElseThrow(),
        area.x + LABELS, area.x + area.width - VALUES);
    double top = area.y + 76;
    double bottom = area.y + area.height - 22;
    double group = (bottom - top) / rows.size();
    for (int i = 1; i < rows.size(); i += 2) {
      g.setColor(STRIPE);
      g.fill(new Rectangle2D.Double(area.x, top + i * group, area.width, group));
    }
    scale.drawGrid(g, top, bottom);
    for (int i = 0; i < rows.size(); i++) {
      group(g, scale, rows.get(i), top + i * group, group);
    }
    g.setColor(Chart.TEXT);
    g.draw(new Line2D.Double(scale.left(), top, scale.left(), bottom));
  }

  /** One row: its name left of the axis, then a slot per series. */
  private void group(Graphics2D g, LogScale scale, String row, double top, double height) {
    g.setColor(Chart.TEXT);
    g.setFont(Chart.BOLD);
    Chart.text(g, row, scale.left() - 10, Chart.middle(g, top + height / 2), 1);
    g.setFont(Chart.SMALL);
    List<String> columns = List.copyOf(series.keySet());
    double slot = (height - 10) / columns.size();
    double bar = Math.min(22, slot * 0.78);
    for (int j = 0; j < columns.size(); j++) {
      String column = columns.get(j);
      double middle = top + 5 + slot * (j + 0.5);
      Optional<Throughput> value = values.value(row, column);
      if (value.isPresent()) {
        bar(g, scale, value.get(), series.get(column), middle, bar, values.note(row, column));
      } else if (values.expected(row, column)) {
        g.setColor(Chart.MUTED);
        Chart.text(g, "–", scale.left() + 4, Chart.middle(g, middle), 0);
      }
    }
  }

  /** The median's bar, the whisker, the median's value, and a muted note after it. */
  private static void bar(Graphics2D g, LogScale scale, Throughput value, Color colour, double middle,
      double height, String note) {
    double end = scale.x(value.median());
    g.setColor(colour);
    g.fill(new Rectangle2D.Double(scale.left(), middle - height / 2, end - scale.left(), height));
    g.setColor(Chart.TEXT);
    g.setStroke(new BasicStroke(1.2f));
    double from = scale.x(value.min());
    double to = scale.x(value.max());
    g.draw(new Line2D.Double(from, middle, to, middle));
    g.draw(new Line2D.Double(from, middle - height / 4, from, middle + height / 4));
    g.draw(new Line2D.Double(to, middle - height / 4, to, middle + height / 4));
    String label = Format.count(value.median()) + "  ";
    double x = Math.max(end, to) + 5;
    Chart.text(g, label, x, Chart.middle(g, middle), 0);
    g.setColor(Chart.MUTED);
    Chart.text(g, note, x + g.getFontMetrics().stringWidth(label), Chart.middle(g, middle), 0);
  }

  private void legend(Graphics2D g, double x, double y) {
    g.setFont(Chart.LABEL);
    for (Map.Entry<String, Color> column : series.entrySet()) {
      g.setColor(column.getValue());
      g.fill(new Rectangle2D.Double(x, y - 11, 14, 14));
      g.setColor(Chart.TEXT);
      Chart.text(g, column.getKey(), x + 19, y, 0);
      x += 19 + g.getFontMetrics().stringWidth(column.getKey()) + 18;
    }
  }
}
