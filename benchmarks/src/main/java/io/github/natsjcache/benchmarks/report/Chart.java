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
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * The report as one PNG: a band per run and thread count, throughput by operation and peer on the left, the
 * targets on the right; and what the other images ({@link NodesChart}) share with it: the canvas, fonts and text.
 * Drawn with Java2D, so it needs {@code java.awt.headless=true} on a machine without display.
 */
final class Chart {

  static final Color TEXT = new Color(0x222222);
  static final Color MUTED = new Color(0x777777);
  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 22);
  static final Font HEADING = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  static final Font BOLD = LABEL.deriveFont(Font.BOLD);
  static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  static final int WIDTH = 1440;
  static final int MARGIN = 24;
  static final int TITLE_ROOM = 64;
  private static final int BAND = 900;
  /** The throughput panel's share of the width; the targets panel has the rest. */
  private static final double SPLIT = 0.55;

  private Chart() {}

  static void write(List<Slice> slices, Path png) throws IOException {
    write(WIDTH, BAND * Math.max(1, slices.size()), png, g -> {
      for (int i = 0; i < slices.size(); i++) {
        band(g, slices.get(i), i * BAND);
      }
    });
  }

  /** Writes a white {@code width} × {@code height} PNG, anti-aliased, with what {@code painter} draws on it. */
  static void write(int width, int height, Path png, Consumer<Graphics2D> painter) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      painter.accept(g);
    } finally {
      g.dispose();
    }
    if (!ImageIO.write(image, "png", png.toFile())) {
      throw new IOException("no PNG writer");
    }
  }

  /** The title of an image, or of its band whose top is {@code top}; its panels start {@value #TITLE_ROOM} below. */
  static void title(Graphics2D g, String title, int top) {
    g.setColor(TEXT);
    g.setFont(TITLE);
    text(g, "nats-jcache benchmarks — " + title, MARGIN, top + 40, 0);
  }

  private static void band(Graphics2D g, Slice slice, int top) {
    title(g, slice.title(), top);
    int panelTop = top + TITLE_ROOM;
    int panelHeight = BAND - TITLE_ROOM - MARGIN;
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
