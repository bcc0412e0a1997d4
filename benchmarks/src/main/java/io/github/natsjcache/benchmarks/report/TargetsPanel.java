package io.github.natsjcache.benchmarks.report;

import io.github.natsjcache.benchmarks.report.Target.Outcome;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.Optional;

/**
 * The chart's right panel: per target, a bar of its measure as a multiple of the bound ({@link Outcome#headroom()})
 * from 0 on a linear axis, so every bar that crosses the line at 1 is a target met: green if met, red if not.
 */
final class TargetsPanel {

  private static final Color MET = new Color(0x1A9850);
  private static final Color MISSED = new Color(0xD73027);
  /** The end of the axis, twice the bound: further bars end in an arrow. */
  private static final double AXIS_END = 2;
  private static final double[] TICKS = {0, 0.5, 1, 1.5, 2};
  /** Room right of the bars for the measured value. */
  private static final int VALUES = 170;

  private TargetsPanel() {}

  static void draw(Graphics2D g, Rectangle area, Slice slice) {
    Chart.heading(g, area, "Targets",
        "bar: measured ÷ bound (inverted where lower is better) · past the line at 1: met");

    double top = area.y + 52;
    double bottom = area.y + area.height - 22;
    double left = area.x + 28;
    double right = area.x + area.width - VALUES;
    double row = (bottom - top) / Target.ALL.size();
    for (int i = 0; i < Target.ALL.size(); i++) {
      Target target = Target.ALL.get(i);
      row(g, target, target.evaluate(slice), area.x, left, right, top + i * row, row);
    }
    g.setColor(Chart.TEXT);
    for (double tick : TICKS) {
      Chart.text(g, tick == 1 ? "1 = bound" : Format.exact(tick), left + tick / AXIS_END * (right - left),
          bottom + 16, 0.5);
    }
  }

  /** The grid of one row, under its label line rather than through it: the line at 1 is the target. */
  private static void grid(Graphics2D g, double left, double right, double top, double bottom) {
    for (double tick : TICKS) {
      double x = left + tick / AXIS_END * (right - left);
      g.setColor(tick == 1 ? Chart.TEXT : LogScale.GRID);
      g.setStroke(new BasicStroke(tick == 1 ? 2 : 1));
      g.draw(new Line2D.Double(x, top, x, bottom));
    }
  }

  /** A line naming the target and its bound, then the bar with the measured value right of the axis. */
  private static void row(Graphics2D g, Target target, Optional<Outcome> outcome, double x, double left,
      double right, double y, double height) {
    double labelLine = y + 15;
    g.setColor(Chart.TEXT);
    g.setFont(Chart.BOLD);
    Chart.text(g, target.id(), x, labelLine, 0);
    g.setFont(Chart.SMALL);
    String label = name(target.ours()) + " " + target.relation() + " " + name(target.baseline()) + ", "
        + target.measure().unit + (target.note().isEmpty() ? "" : " (" + target.note() + ")") + "   ";
    Chart.text(g, label, left, labelLine, 0);
    g.setColor(Chart.MUTED);
    Chart.text(g, target.boundText(), left + g.getFontMetrics().stringWidth(label), labelLine, 0);

    double barHeight = Math.min(16, height - 24);
    double middle = labelLine + 7 + barHeight / 2;
    grid(g, left, right, labelLine + 4, y + height);
    if (outcome.isEmpty()) {
      g.setColor(Chart.MUTED);
      Chart.text(g, "not measured", right + 10, Chart.middle(g, middle), 0);
      return;
    }
    Outcome result = outcome.get();
    g.setColor(result.met() ? MET : MISSED);
    double end = left + Math.min(result.headroom(), AXIS_END) / AXIS_END * (right - left);
    g.fill(new Rectangle2D.Double(left, middle - barHeight / 2, end - left, barHeight));
    if (result.headroom() > AXIS_END) {
      // The bar goes on beyond the axis.
      Path2D arrow = new Path2D.Double();
      arrow.moveTo(end, middle - barHeight / 2 - 3);
      arrow.lineTo(end + 10, middle);
      arrow.lineTo(end, middle + barHeight / 2 + 3);
      arrow.closePath();
      g.fill(arrow);
    }
    g.setFont(Chart.BOLD);
    Chart.text(g, result.measured() + (result.met() ? "  ✓" : "  ✗"), right + 16, Chart.middle(g, middle), 0);
  }

  /** Shorter than {@link Ref#toString()}, to fit a line: "raw get", "Invalidation.put". */
  private static String name(Ref ref) {
    return ref.peer().isEmpty() && ref.benchmark().equals("RawBenchmark") ? "raw " + ref.method()
        : ref.toString().replace("Benchmark.", ".");
  }
}
