package io.github.natsjcache.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;

/**
 * The log10 x axis of the throughput panel: the decades from {@code 10^low} to {@code 10^high} onto pixels
 * {@code left} to {@code right}.
 */
record LogScale(int low, int high, double left, double right) {

  static final Color GRID = new Color(0xDDDDDD);

  /**
   * The scale whose whole decades hold {@code min} to {@code max}, with room below {@code min}: bars start at the
   * axis, so the shortest bar is still about half a decade long. An iteration without a single operation
   * (0 ops/s) is drawn at the axis.
   */
  static LogScale decades(double min, double max, double left, double right) {
    int low = (int) Math.floor(Math.log10(Math.max(min, 0.1) / 3));
    int high = Math.max(low + 1, (int) Math.ceil(Math.log10(max)));
    return new LogScale(low, high, left, right);
  }

  double x(double value) {
    double decade = Math.max(low, Math.min(high, Math.log10(value)));
    return left + (decade - low) / (high - low) * (right - left);
  }

  /** A grid line at every decade from {@code top} to {@code bottom}, labelled below: "100", "1 k", "10 M". */
  void drawGrid(Graphics2D g, double top, double bottom) {
    g.setFont(Chart.SMALL);
    g.setStroke(new BasicStroke(1));
    for (int decade = low; decade <= high; decade++) {
      double x = x(Math.pow(10, decade));
      g.setColor(GRID);
      g.draw(new Line2D.Double(x, top, x, bottom));
      g.setColor(Chart.TEXT);
      Chart.text(g, Format.count(Math.pow(10, decade)), x, bottom + 16, 0.5);
    }
  }
}
