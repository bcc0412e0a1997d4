package io.github.natsjcache.benchmarks.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the results tables of {@code benchmarks/README.md} from JMH JSON result files, and optionally draws them as
 * a PNG chart:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar -rf json -rff results.json ...
 * java -cp benchmarks/target/benchmarks.jar io.github.natsjcache.benchmarks.report.Report \
 *     [--chart benchmarks/results.png] results.json [more.json ...]
 * </pre>
 *
 * <p>Markdown goes to standard output; per file (one JMH run) and thread count: throughput by operation and peer
 * (median of the measurement iterations in ops/s, and their min–max), sample-time p50/p99 in µs, allocation per
 * operation if the run had {@code -prof gc}; then the {@link Target targets}, each ours against a baseline from the
 * same file and thread count, never across runs. The chart has one band per file and thread count.
 */
public final class Report {

  private Report() {}

  /**
   * Runs the report.
   *
   * @param args {@code [--chart FILE.png] RESULTS.json [MORE.json ...]}
   */
  public static void main(String[] args) throws IOException {
    // Before any AWT class loads: the chart is drawn off-screen, also on machines without a display.
    System.setProperty("java.awt.headless", "true");
    Path chart = null;
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--chart") && i + 1 < args.length) {
        chart = Path.of(args[++i]);
      } else if (args[i].startsWith("-")) {
        usage();
      } else {
        files.add(Path.of(args[i]));
      }
    }
    if (files.isEmpty()) {
      usage();
    }

    List<Run> runs = new ArrayList<>();
    for (Path file : files) {
      runs.add(JmhJson.read(file));
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Markdown markdown = new Markdown(out);
    for (Run run : runs) {
      markdown.print(run);
      out.println();
    }
    if (chart != null) {
      Chart.write(runs.stream().flatMap(run -> run.slices().stream()).toList(), chart);
    }
  }

  private static void usage() {
    System.err.println("usage: java -cp benchmarks.jar " + Report.class.getName()
        + " [--chart FILE.png] RESULTS.json [MORE.json ...]");
    System.exit(2);
  }
}
