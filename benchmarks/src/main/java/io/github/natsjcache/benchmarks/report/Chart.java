package io.github.natsjcache.benchmarks.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The report as one PNG: a band per run and thread count, throughput by operation and peer on the left, the
 * targets on the right. Drawn with Java2D, so it needs {@code java.awt.headless=true} on a machine without display.
 */
final class Chart {

  static final Color TEXT = new Color(0x222222);
  static final Color MUTED = new Color(0x777777);
  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 22);
  static final Font HEADING = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  static final Font BOLD = LABEL.deriveFont(Font.BOLD);
  static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private static final int WIDTH = 1440;
  private static final int BAND = 900;
  private static final int MARGIN = 24;
  /** The throughput panel's share of the width; the targets panel has the rest. */
  private static final double SPLIT = 0.55;

  private Chart() {}

  static void write(List<Slice> slices, Path png) throws IOException {
    BufferedImage image = new BufferedImage(WIDTH, BAND * Math.max(1, slices.size()), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      for (int i = 0; i < slices.size(); i++) {
        band(g, slices.get(i), i * BAND);
      }
    } finally {
      g.dispose();
    }
    if (!ImageIO.write(image, "png", png.toFile())) {
      throw new IOException("no PNG writer");
    }
  }

  private static void band(Graphics2D g, Slice slice, int top) {
    g.setColor(TEXT);
    g.setFont(TITLE);
    text(g, "nats-jcache benchmarks — " + slice.title(), MARGIN, top + 40, 0);
    int panelTop = top + 64;
    int panelHeight = BAND - 64 - MARGIN;
    int split = (int) (WIDTH * SPLIT);
    ThroughputPanel.draw(g, new Rectangle(MARGIN, panelTop, split - 2 * MARGIN, panelHeight), slice);
    g.setColor(new Color(0xCCCCCC));
    g.drawLine(split, panelTop, split, panelTop + panelHeight);
    TargetsPanel.draw(g, new Rectangle(split + MARGIN, panelTop, WIDTH - split - 2 * MARGIN, panelHeight), slice);
  }

  /** Draws {@code s} with its baseline at {@code y}: align 0 starts it at {@code x}, 0.5 centres it, 1 ends it. */
  static void text(Graphics2D g, String s, double x, double y, double align) {
    g.drawString(s, (float) (x - align * g.getFontMetrics().stringWidth(s)), (float) y);
  }

  /** A panel's title and, below it, the muted line saying how to read it. */
  static void heading(Graphics2D g, Rectangle area, String title, String subtitle) {
    g.setColor(TEXT);
    g.setFont(HEADING);
    text(g, title, area.x, area.y + 16, 0);
    g.setFont(SMALL);
    g.setColor(MUTED);
    text(g, subtitle, area.x, area.y + 36, 0);
  }

  /** The baseline that centres a line of the current font on {@code y}. */
  static double middle(Graphics2D g, double y) {
    return y + (g.getFontMetrics().getAscent() - g.getFontMetrics().getDescent()) / 2.0;
  }
}
