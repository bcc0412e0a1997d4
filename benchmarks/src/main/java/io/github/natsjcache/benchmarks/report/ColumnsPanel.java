package io.github.natsjcache.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * A panel of vertical bars on a linear axis that includes 0: a group per category (e.g. a node count) along the
 * bottom, a bar per series in each, its value above it, and a whisker where the series has a range. A value that is
 * NaN (not measured) shows "–".
 */
final class ColumnsPanel {

  private static final int AXIS_LABELS = 56;
  private static final double[] STEPS = {1, 2, 2.5, 5};

  private ColumnsPanel() {}

  /**
   * One series: a value per category and, optionally, each one's range.
   *
   * @param lows the low end of each value's range, or {@code null} for no whiskers
   * @param highs the high end, or {@code null}
   */
  record Series(String name, Color colour, double[] values, double[] lows, double[] highs) {

    static Series of(String name, Color colour, double[] values) {
      return new Series(name, colour, values, null, null);
    }
  }

  static void draw(Graphics2D g, Rectangle area, String title, String subtitle, List<String> categories,
      List<Series> series) {
    Chart.heading(g, area, title, subtitle);
    double top = area.y + (series.size() > 1 ? 80 : 62);
    if (series.size() > 1) {
      legend(g, series, area.x + AXIS_LABELS, area.y + 60);
    }
    double bottom = area.y + area.height - 24;
    double left = area.x + AXIS_LABELS;
    double right = area.x + area.width;
    double low = 0;
    double high = 0;
    for (Series s : series) {
      for (int i = 0; i < categories.size(); i++) {
        for (double value : new double[] {s.values[i], s.highs == null ? Double.NaN : s.highs[i]}) {
          if (!Double.isNaN(value)) {
            low = Math.min(low, value);
            high = Math.max(high, value);
          }
        }
      }
    }
    double step = step((high - low) / 4);
    // A negative value too small to see at this scale gets no room of its own below 0.
    double axisLow = -low < step / 10 ? 0 : Math.floor(low / step) * step;
    double axisHigh = Math.max(axisLow + step, Math.ceil(high * 1.08 / step) * step);
    Scale y = new Scale(axisLow, axisHigh, bottom, top);

    g.setFont(Chart.SMALL);
    g.setStroke(new BasicStroke(1));
    for (double tick = axisLow; tick <= axisHigh + step / 2; tick += step) {
      g.setColor(tick == 0 ? Chart.TEXT : LogScale.GRID);
      g.draw(new Line2D.Double(left, y.at(tick), right, y.at(tick)));
      g.setColor(Chart.TEXT);
      Chart.text(g, Format.count(tick), left - 6, Chart.middle(g, y.at(tick)), 1);
    }
    double group = (right - left) / categories.size();
    double bar = Math.min(56, group * 0.8 / series.size());
    for (int i = 0; i < categories.size(); i++) {
      double start = left + i * group + (group - bar * series.size()) / 2;
      g.setFont(Chart.BOLD);
      g.setColor(Chart.TEXT);
      Chart.text(g, categories.get(i), left + (i + 0.5) * group, bottom + 18, 0.5);
      g.setFont(Chart.SMALL);
      for (int j = 0; j < series.size(); j++) {
        bar(g, y, series.get(j), i, start + j * bar, bar);
      }
    }
  }

  private static void bar(Graphics2D g, Scale y, Series series, int i, double x, double width) {
    double value = series.values[i];
    if (Double.isNaN(value)) {
      g.setColor(Chart.MUTED);
      Chart.text(g, "–", x + width / 2, y.at(0) - 6, 0.5);
      return;
    }
    g.setColor(series.colour);
    double zero = y.at(0);
    double end = y.at(value);
    g.fill(new Rectangle2D.Double(x + 2, Math.min(zero, end), width - 4, Math.abs(zero - end)));
    double labelAt = Math.min(zero, end);
    if (series.lows != null && series.highs != null) {
      double from = y.at(series.lows[i]);
      double to = y.at(series.highs[i]);
      double middle = x + width / 2;
      g.setColor(Chart.TEXT);
      g.setStroke(new BasicStroke(1.2f));
      g.draw(new Line2D.Double(middle, from, middle, to));
      g.draw(new Line2D.Double(middle - width / 6, from, middle + width / 6, from));
      g.draw(new Line2D.Double(middle - width / 6, to, middle + width / 6, to));
      labelAt = Math.min(labelAt, to);
    }
    g.setColor(Chart.TEXT);
    Chart.text(g, Format.count(value), x + width / 2, labelAt - 5, 0.5);
  }

  private static void legend(Graphics2D g, List<Series> series, double x, double y) {
    g.setFont(Chart.LABEL);
    for (Series s : series) {
      g.setColor(s.colour);
      g.fill(new Rectangle2D.Double(x, y - 11, 14, 14));
      g.setColor(Chart.TEXT);
      Chart.text(g, s.name, x + 19, y, 0);
      x += 19 + g.getFontMetrics().stringWidth(s.name) + 18;
    }
  }

  /** The smallest of 1, 2, 2.5 and 5 times a power of ten that is at least {@code rough}. */
  private static double step(double rough) {
    double decade = Math.pow(10, Math.floor(Math.log10(Math.max(rough, 1e-9))));
    for (double step : STEPS) {
      if (step * decade >= rough) {
        return step * decade;
      }
    }
    return 10 * decade;
  }

  /** Values {@code low} to {@code high} onto pixels {@code from} to {@code to}. */
  private record Scale(double low, double high, double from, double to) {
    double at(double value) {
      return from + (value - low) / (high - low) * (to - from);
    }
  }
}
