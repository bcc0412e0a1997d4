package io.github.natsjcache.benchmarks.report;

import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The chart of how cost grows with the nodes on one bucket ({@code NodeScaling}), one PNG in four panels: the
 * writer's throughput, the invalidation delay, the CPU time and the messages one write costs, each against the
 * number of nodes.
 */
public final class NodesChart {

  private static final int HEIGHT = 920;
  private static final Color OURS = new Color(0x0072B2);
  private static final Color LIGHT = new Color(0x56B4E9);
  private static final Color SERVER = new Color(0x8C8C8C);
  private static final Color OTHER = new Color(0xE69F00);

  private NodesChart() {}

  /**
   * What one node count measured: medians over its rounds, delays over every sample of them (NaN without any).
   *
   * @param nodes the nodes on the bucket, the writer included
   * @param rounds how many rounds had this many nodes
   * @param putsPerSecond the writer's throughput, median of the rounds
   * @param putsMin the lowest round's throughput
   * @param putsMax the highest round's throughput
   * @param delayP50 from a write's ack to a follower dropping the old value, µs, median
   * @param delayP90 the same, 90th percentile
   * @param delayP99 the same, 99th percentile
   * @param delaySamples how many delays were measured
   * @param gapP50 how wide the interval in which a follower noted a drop was, µs, median
   * @param gapP99 the same, 99th percentile
   * @param serverCpuMicrosPerWrite the server's CPU time per write, µs
   * @param messagesSentPerWrite the messages the server sent per write
   * @param messagesReceivedPerWrite the messages the server received per write
   * @param followersCpuMicrosPerWrite the followers' CPU time per write, together, µs
   * @param writerCpuMicrosPerWrite the writing JVM's CPU time per write, µs
   */
  public record Row(int nodes, int rounds, double putsPerSecond, double putsMin, double putsMax, double delayP50,
      double delayP90, double delayP99, int delaySamples, double gapP50, double gapP99, double serverCpuMicrosPerWrite,
      double messagesSentPerWrite, double messagesReceivedPerWrite, double followersCpuMicrosPerWrite,
      double writerCpuMicrosPerWrite) {}

  /** Draws {@code rows}, one per node count, into {@code png}. */
  public static void write(List<Row> rows, Path png) throws IOException {
    List<String> nodes = rows.stream().map(row -> row.nodes() + (row.nodes() == 1 ? " node" : " nodes")).toList();
    int width = (Chart.WIDTH - 3 * Chart.MARGIN) / 2;
    int height = (HEIGHT - Chart.TITLE_ROOM - 3 * Chart.MARGIN) / 2;
    int right = 2 * Chart.MARGIN + width;
    int lower = Chart.TITLE_ROOM + 2 * Chart.MARGIN + height;
    Chart.write(Chart.WIDTH, HEIGHT, png, g -> {
      Chart.title(g, "one writer, N nodes of ours on one bucket", 0);
      ColumnsPanel.draw(g, new Rectangle(Chart.MARGIN, Chart.TITLE_ROOM, width, height),
          "Write throughput of the writing node", "puts/s, 1 thread · bar: median of the rounds · whisker: min–max",
          nodes, List.of(new ColumnsPanel.Series("puts/s", OURS, values(rows, Row::putsPerSecond),
              values(rows, Row::putsMin), values(rows, Row::putsMax))));
      ColumnsPanel.draw(g, new Rectangle(right, Chart.TITLE_ROOM, width, height),
          "Invalidation delay", "µs from the write's ack to another node no longer serving the old value",
          nodes, List.of(ColumnsPanel.Series.of("p50", LIGHT, values(rows, Row::delayP50)),
              ColumnsPanel.Series.of("p90", OTHER, values(rows, Row::delayP90)),
              ColumnsPanel.Series.of("p99", OURS, values(rows, Row::delayP99))));
      ColumnsPanel.draw(g, new Rectangle(Chart.MARGIN, lower, width, height),
          "CPU time one write costs", "µs per write, median of the rounds",
          nodes, List.of(ColumnsPanel.Series.of("nats-server", SERVER, values(rows, Row::serverCpuMicrosPerWrite)),
              ColumnsPanel.Series.of("writing node", OURS, values(rows, Row::writerCpuMicrosPerWrite)),
              ColumnsPanel.Series.of("other nodes, together", OTHER,
                  values(rows, row -> row.nodes() == 1 ? Double.NaN : row.followersCpuMicrosPerWrite()))));
      ColumnsPanel.draw(g, new Rectangle(right, lower, width, height),
          "Messages one write costs", "the server's messages per write, median of the rounds (acks, watch "
              + "deliveries, heartbeats …)",
          nodes, List.of(ColumnsPanel.Series.of("received", LIGHT, values(rows, Row::messagesReceivedPerWrite)),
              ColumnsPanel.Series.of("sent", SERVER, values(rows, Row::messagesSentPerWrite))));
    });
  }

  private static double[] values(List<Row> rows, ToDoubleFunction<Row> value) {
    return rows.stream().mapToDouble(value).toArray();
  }
}
