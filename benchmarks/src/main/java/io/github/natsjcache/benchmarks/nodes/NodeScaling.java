package io.github.natsjcache.benchmarks.nodes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.natsjcache.NatsCachingProvider;
import io.github.natsjcache.benchmarks.Workload;
import io.github.natsjcache.benchmarks.nodes.FollowerNodes.Seen;
import io.github.natsjcache.benchmarks.report.NodesChart;
import io.github.natsjcache.benchmarks.servers.MonitoredNatsServer;
import io.github.natsjcache.benchmarks.servers.MonitoredNatsServer.Work;
import io.github.natsjcache.embedded.ServerBinary;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import javax.cache.CacheManager;

/**
 * How a write's cost grows with the nodes on its bucket. Each round starts a private {@code nats-server -js}
 * ({@link MonitoredNatsServer}), creates a cache on it from this JVM, the writing node (near-cache on, the defaults a
 * user gets), and starts {@code nodes - 1} {@linkplain FollowerNode follower nodes} in JVMs of their own, each with
 * every key in its near-cache and its watch on the bucket. Then, on one thread:
 *
 * <ol>
 *   <li>warm-up: the writer puts as fast as it can;
 *   <li>throughput: the writer puts as fast as it can, the followers only follow; measured: puts per second, and per
 *       write the server's CPU time and the messages it sent and received, the followers' and the writer's CPU time;
 *   <li>delay: the writer puts at a fixed pace (the same load for every node count; or, with {@code --pace-us 0}, as
 *       fast as it can), one write per key, and each follower notes when it stops serving the old value of each
 *       write; a delay is from the write's ack to that moment, on the machine's wall clock (the JVMs share it; see
 *       {@link FollowerNode} for how the moment is bracketed).
 * </ol>
 *
 * <p>The rounds run node count after node count, repeated, so that a change in the machine's load spreads over all
 * of them. Prints Markdown: each round, and per node count the median of its rounds (delays over every sample of its
 * rounds). Every process a round starts is stopped when the round ends, also when it fails.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.natsjcache.benchmarks.nodes.NodeScaling \
 *     [--nodes 1,2,4] [--repeat 3] [--warmup 3] [--seconds 5] [--paced 2] [--pace-us 2000] \
 *     [--json FILE] [--chart FILE.png]
 * </pre>
 */
public final class NodeScaling {

  private static final String CACHE = "nodes";
  private static final long FOLLOW_LEAD_MICROS = 300_000;
  private static final String USAGE = "usage: NodeScaling [--nodes 1,2,4] [--repeat 3] [--warmup 3] [--seconds 5] "
      + "[--paced 2] [--pace-us 2000] [--json FILE] [--chart FILE.png]";
  /** The options and their defaults; {@code json} and {@code chart} have none. */
  private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("nodes", "1,2,4");
    DEFAULTS.put("repeat", "3");
    DEFAULTS.put("warmup", "3");
    DEFAULTS.put("seconds", "5");
    DEFAULTS.put("paced", "2");
    DEFAULTS.put("pace-us", "2000");
  }

  private final Map<String, String> options;
  private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  private NodeScaling(Map<String, String> options) {
    this.options = options;
  }

  /**
   * Runs the rounds.
   *
   * @param args see the class comment
   */
  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true"); // the chart is drawn off-screen
    Map<String, String> options = new LinkedHashMap<>(DEFAULTS);
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i].startsWith("--") ? args[i].substring(2) : "";
      if (!(DEFAULTS.containsKey(name) || name.equals("json") || name.equals("chart")) || i + 1 == args.length) {
        throw new IllegalArgumentException(USAGE + "; got " + Arrays.toString(args));
      }
      options.put(name, args[i + 1]);
    }
    new NodeScaling(options).run();
  }

  private void run() throws IOException {
    int[] counts = Arrays.stream(options.get("nodes").split(",")).mapToInt(Integer::parseInt).toArray();
    if (Arrays.stream(counts).anyMatch(count -> count < 1)) {
      throw new IllegalArgumentException("--nodes must list counts of at least 1: " + options.get("nodes"));
    }
    if (pacedWrites() > Workload.HOT.size()) {
      throw new IllegalArgumentException("--paced " + options.get("paced") + " at --pace-us " + options.get("pace-us")
          + " makes " + pacedWrites() + " writes; at most " + Workload.HOT.size() + ", one per key");
    }
    out.printf("nats-server %s, %s%n%n", ServerBinary.find().version(), options);
    List<Round> rounds = new ArrayList<>();
    int repeat = Integer.parseInt(options.get("repeat"));
    for (int pass = 0; pass < repeat; pass++) {
      for (int nodes : counts) {
        Round round = round(nodes);
        rounds.add(round);
        out.printf("round: %d node(s), %,.0f puts/s, server %.1f µs and %.2f messages sent per write%n", nodes,
            round.writesPerSecond(), round.serverCpuMicrosPerWrite(), round.messagesSentPerWrite());
      }
    }
    out.println();
    printRounds(rounds);
    List<NodesChart.Row> rows = Arrays.stream(counts).distinct()
        .mapToObj(nodes -> summary(rounds.stream().filter(round -> round.nodes() == nodes).toList()))
        .toList();
    printSummary(rows);
    if (options.containsKey("json")) {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(Path.of(options.get("json")).toFile(), new Results(options, rows, rounds));
    }
    if (options.containsKey("chart")) {
      NodesChart.write(rows, Path.of(options.get("chart")));
    }
  }

  private Round round(int nodes) {
    Properties cacheOptions = new Properties();
    cacheOptions.setProperty("nearCache", "true");
    try (MonitoredNatsServer server = MonitoredNatsServer.start();
        CacheManager manager = new NatsCachingProvider().getCacheManager(URI.create(server.url()), null,
            cacheOptions)) {
      Writer writer = Writer.create(manager, CACHE);
      try (FollowerNodes followers = FollowerNodes.start(server.url(), CACHE, nodes - 1)) {
        writer.writeFor(seconds("warmup"));

        Work serverBefore = server.work();
        Duration followersBefore = followers.cpuTime();
        Duration writerBefore = ownCpuTime();
        long started = System.nanoTime();
        long writes = writer.writeFor(seconds("seconds"));
        double elapsed = (System.nanoTime() - started) / 1e9;
        Work work = server.work().since(serverBefore);
        Duration followersCpu = followers.cpuTime().minus(followersBefore);
        Duration writerCpu = ownCpuTime().minus(writerBefore);

        Delays delays = nodes > 1 ? delays(writer, followers) : new Delays(new long[0], new long[0]);
        return new Round(nodes, writes, elapsed, work.cpu().toNanos(), work.inMessages(), work.outMessages(),
            followersCpu.toNanos(), writerCpu.toNanos(), delays.delays(), delays.gaps());
      }
    }
  }

  /** The delay phase: the writer's paced writes, and each follower's notes on them. */
  private Delays delays(Writer writer, FollowerNodes followers) {
    long interval = Long.parseLong(options.get("pace-us"));
    int count = pacedWrites();
    long first = writer.nextVersion();
    followers.readAll(first);
    // The first write is due when every follower surely has the command and is watching its count.
    long start = WallClock.micros() + FOLLOW_LEAD_MICROS;
    followers.follow(first, count, start, interval);
    long[] acknowledged = writer.writePaced(count, start, interval);
    List<Seen> notes = followers.seen(first, seconds("paced").plusSeconds(60));
    return new Delays(
        notes.stream().mapToLong(seen -> seen.middle() - acknowledged[(int) (seen.version() - first)]).toArray(),
        notes.stream().mapToLong(Seen::gap).toArray());
  }

  /** Per write and follower: from the write's ack to the drop, and how wide the interval it was noted in, µs. */
  private record Delays(long[] delays, long[] gaps) {}

  /**
   * How many writes the delay phase makes: at most one per key, so that each drops a value every follower has; with
   * {@code --pace-us 0}, as fast as the writer can, one per key.
   */
  private int pacedWrites() {
    long interval = Long.parseLong(options.get("pace-us"));
    if (interval < 0) {
      throw new IllegalArgumentException("--pace-us must be 0 (as fast as possible) or more: " + interval);
    }
    return interval == 0 ? Workload.HOT.size()
        : (int) Math.max(1, seconds("paced").toNanos() / 1_000 / interval);
  }

  private Duration seconds(String option) {
    return Duration.ofNanos((long) (Double.parseDouble(options.get(option)) * 1e9));
  }

  private static Duration ownCpuTime() {
    return ProcessHandle.current().info().totalCpuDuration()
        .orElseThrow(() -> new IllegalStateException("this JVM's CPU time is not available here"));
  }

  /** Per node count: the median round's figures, the range of its throughputs, the delays of all its rounds. */
  private static NodesChart.Row summary(List<Round> rounds) {
    long[] delays = rounds.stream().flatMapToLong(round -> LongStream.of(round.delays())).sorted().toArray();
    long[] gaps = rounds.stream().flatMapToLong(round -> LongStream.of(round.gaps())).sorted().toArray();
    return new NodesChart.Row(rounds.get(0).nodes(), rounds.size(),
        median(rounds.stream().mapToDouble(Round::writesPerSecond).toArray()),
        rounds.stream().mapToDouble(Round::writesPerSecond).min().orElseThrow(),
        rounds.stream().mapToDouble(Round::writesPerSecond).max().orElseThrow(),
        percentile(delays, 50), percentile(delays, 90), percentile(delays, 99), delays.length,
        percentile(gaps, 50), percentile(gaps, 99),
        median(rounds.stream().mapToDouble(Round::serverCpuMicrosPerWrite).toArray()),
        median(rounds.stream().mapToDouble(Round::messagesSentPerWrite).toArray()),
        median(rounds.stream().mapToDouble(Round::messagesReceivedPerWrite).toArray()),
        median(rounds.stream().mapToDouble(Round::followersCpuMicrosPerWrite).toArray()),
        median(rounds.stream().mapToDouble(Round::writerCpuMicrosPerWrite).toArray()));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** The nearest-rank percentile of sorted values; NaN if there are none. */
  private static double percentile(long[] sorted, double percent) {
    return sorted.length == 0 ? Double.NaN
        : sorted[Math.max(0, (int) Math.ceil(percent / 100 * sorted.length) - 1)];
  }

  private void printRounds(List<Round> rounds) {
    out.println("| round | nodes | puts/s | server CPU µs/write | msgs sent/write | msgs received/write "
        + "| followers' CPU µs/write | writer's CPU µs/write | delay samples |");
    out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int i = 0; i < rounds.size(); i++) {
      Round round = rounds.get(i);
      out.printf(Locale.ROOT, "| %d | %d | %,.0f | %.1f | %.2f | %.2f | %.1f | %.1f | %,d |%n", i + 1,
          round.nodes(), round.writesPerSecond(), round.serverCpuMicrosPerWrite(), round.messagesSentPerWrite(),
          round.messagesReceivedPerWrite(), round.followersCpuMicrosPerWrite(), round.writerCpuMicrosPerWrite(),
          round.delays().length);
    }
    out.println();
  }

  private void printSummary(List<NodesChart.Row> rows) {
    out.println("| nodes | puts/s (median, min–max) | invalidation delay p50 / p90 / p99 µs | delay samples "
        + "| note interval p50 / p99 µs | server CPU µs/write | msgs sent/write | msgs received/write "
        + "| followers' CPU µs/write | writer's CPU µs/write |");
    out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (NodesChart.Row row : rows) {
      out.printf(Locale.ROOT, "| %d | %,.0f (%,.0f–%,.0f) | %s | %,d | %s | %.1f | %.2f | %.2f | %.1f | %.1f |%n",
          row.nodes(), row.putsPerSecond(), row.putsMin(), row.putsMax(),
          percentiles(row.delayP50(), row.delayP90(), row.delayP99()), row.delaySamples(),
          percentiles(row.gapP50(), row.gapP99()), row.serverCpuMicrosPerWrite(),
          row.messagesSentPerWrite(), row.messagesReceivedPerWrite(), row.followersCpuMicrosPerWrite(),
          row.writerCpuMicrosPerWrite());
    }
  }

  /** What the JSON file holds: the options of the run, per node count its summary, and every round. */
  private record Results(Map<String, String> options, List<NodesChart.Row> summary, List<Round> rounds) {}

  /** "p50 / p99" (or more), or "–" where nothing was measured. */
  private static String percentiles(double... values) {
    return Double.isNaN(values[0]) ? "–" : Arrays.stream(values)
        .mapToObj(value -> String.format(Locale.ROOT, "%,.0f", value)).collect(Collectors.joining(" / "));
  }
}
