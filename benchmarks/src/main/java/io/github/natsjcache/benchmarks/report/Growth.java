package io.github.natsjcache.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.natsjcache.benchmarks.report.Run.Throughput;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The tables and chart of "How cost grows" in {@code benchmarks/README.md}, from the results of
 * {@code ValueSizeBenchmark} and {@code CacheSizeBenchmark} (JMH JSON files) and of the footprint programs (their
 * JSON files):
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.natsjcache.benchmarks.report.Growth \
 *     [--chart benchmarks/results/growth.png] value-size-100.json cache-size.json near-cache-10000.json ...
 * </pre>
 *
 * <p>Markdown goes to standard output: per value size, ours against raw jnats in ops/s and MB/s (10⁶ bytes of values
 * a second), with the ratio of the same run; per bucket size, the reads' cost in ns, and the footprints. Ratios are
 * only taken within one JMH file.
 */
public final class Growth {

  /** A JMH result: its file, method, and the parameters it ran with. */
  record Key(Path file, String method, Map<String, String> params) {}

  /** Each row of the value size table: our method, its raw counterpart, and what it is. */
  static final List<String[]> VALUE_ROWS = List.of(
      new String[] {"ValueSizeBenchmark.put", "ValueSizeBenchmark.rawPut", "put, near-cache on"},
      new String[] {"ValueSizeBenchmark.putNoNear", "ValueSizeBenchmark.rawPut", "put, near-cache off"},
      new String[] {"ValueSizeBenchmark.nearGet", "ValueSizeBenchmark.rawGet", "get, near hit"},
      new String[] {"ValueSizeBenchmark.remoteGet", "ValueSizeBenchmark.rawGet", "get, near-cache off"});

  final Map<Key, Throughput> results = new HashMap<>();
  final List<JsonNode> footprints = new ArrayList<>();

  private Growth() {}

  /**
   * Runs the report.
   *
   * @param args {@code [--chart FILE.png] FILE.json [MORE.json ...]}
   */
  public static void main(String[] args) throws IOException {
    // Before any AWT class loads: the chart is drawn off-screen, also on machines without a display.
    System.setProperty("java.awt.headless", "true");
    Path chart = null;
    Growth growth = new Growth();
    ObjectMapper mapper = new ObjectMapper();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--chart") && i + 1 < args.length) {
        chart = Path.of(args[++i]);
      } else if (args[i].startsWith("-")) {
        usage();
      } else {
        growth.read(Path.of(args[i]), mapper.readTree(Path.of(args[i]).toFile()));
      }
    }
    if (growth.results.isEmpty() && growth.footprints.isEmpty()) {
      usage();
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    growth.valueSizes(out);
    growth.cacheSizes(out);
    if (chart != null) {
      GrowthChart.write(growth, chart);
    }
  }

  private void read(Path file, JsonNode json) {
    if (json.isObject() && json.has("kind")) {
      footprints.add(json);
      return;
    }
    if (!json.isArray()) {
      throw new IllegalArgumentException(file + " is neither JMH's JSON results nor a footprint program's figures");
    }
    for (JsonNode result : json) {
      if (!result.path("mode").asText().equals("thrpt")) {
        continue;
      }
      String[] name = result.path("benchmark").asText().split("\\.");
      Map<String, String> params = new HashMap<>();
      result.path("params").properties().forEach(param -> params.put(param.getKey(), param.getValue().asText()));
      results.put(new Key(file, name[name.length - 2] + "." + name[name.length - 1], Map.copyOf(params)),
          JmhJson.throughput(result.path("primaryMetric")));
    }
  }

  /** The result of {@code method} with these parameters (and any others), and its file. */
  Optional<Map.Entry<Key, Throughput>> find(String method, Map<String, String> params) {
    return results.entrySet().stream()
        .filter(result -> result.getKey().method().equals(method)
            && result.getKey().params().entrySet().containsAll(params.entrySet()))
        .findFirst();
  }

  /** The result of {@code method} with these parameters, from the file of {@code sameRunAs}. */
  Optional<Throughput> inFile(Path file, String method, Map<String, String> params) {
    return results.entrySet().stream()
        .filter(result -> result.getKey().file().equals(file) && result.getKey().method().equals(method)
            && result.getKey().params().entrySet().containsAll(params.entrySet()))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  TreeSet<Integer> sizes(String benchmark, String param) {
    TreeSet<Integer> sizes = new TreeSet<>();
    results.keySet().stream().filter(key -> key.method().startsWith(benchmark + "."))
        .forEach(key -> sizes.add(Integer.parseInt(key.params().get(param))));
    return sizes;
  }

  Optional<JsonNode> footprint(String kind, int keys) {
    return footprints.stream()
        .filter(figures -> figures.path("kind").asText().equals(kind) && figures.path("keys").asInt() == keys)
        .findFirst();
  }

  /** Ours against raw in one run per value size: ops/s, MB/s and the ratio to raw. */
  private void valueSizes(PrintStream out) {
    TreeSet<Integer> sizes = sizes("ValueSizeBenchmark", "valueBytes");
    if (sizes.isEmpty()) {
      return;
    }
    out.println("Value size, 1 thread: ops/s as median (min–max) of the measurement iterations, MB/s = ops/s × value"
        + " bytes / 10⁶, ÷ raw = ours ÷ raw jnats' counterpart in the same run.");
    out.println();
    out.println("| value | operation | raw counterpart | `bytes` ops/s | MB/s | ÷ raw | `java` ops/s | MB/s | ÷ raw "
        + "| raw ops/s | raw MB/s |");
    out.println("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int size : sizes) {
      for (String[] row : VALUE_ROWS) {
        Map<String, String> bytes = Map.of("valueBytes", Integer.toString(size), "codec", "bytes");
        Optional<Map.Entry<Key, Throughput>> ours = find(row[0], bytes);
        if (ours.isEmpty()) {
          continue;
        }
        Path file = ours.get().getKey().file();
        Optional<Throughput> java = inFile(file, row[0], Map.of("valueBytes", Integer.toString(size),
            "codec", "java"));
        Optional<Throughput> raw = inFile(file, row[1], Map.of("valueBytes", Integer.toString(size)));
        out.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", sizeLabel(size),
            row[2], row[1].substring(row[1].indexOf('.') + 1),
            Format.throughput(ours.get().getValue()), megabytes(ours.get().getValue(), size),
            ratio(ours.get().getValue(), raw),
            java.map(Format::throughput).orElse("–"), java.map(t -> megabytes(t, size)).orElse("–"),
            java.map(t -> ratio(t, raw)).orElse("–"),
            raw.map(Format::throughput).orElse("–"), raw.map(t -> megabytes(t, size)).orElse("–"));
      }
    }
    out.println();
  }

  /** Per bucket size: the reads in ns, and what the footprint programs measured. */
  private void cacheSizes(PrintStream out) {
    TreeSet<Integer> sizes = sizes("CacheSizeBenchmark", "bucketKeys");
    footprints.forEach(figures -> sizes.add(figures.path("keys").asInt()));
    if (sizes.isEmpty()) {
      return;
    }
    out.println("Cache size, 1 thread: reads in ns per operation (1 / median ops/s), heap in bytes per entry, times in"
        + " ms.");
    out.println();
    out.println("| keys | near hit ns | bounded Caffeine hit ns | near-known absent ns | remote get ns "
        + "| near-cache B/entry | after fences expire "
        + "| bounded Caffeine B/entry | near-cache warm-up ms | listener registered ms | watch caught up ms "
        + "| old-value store B/key |");
    out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int keys : sizes) {
      Map<String, String> params = Map.of("bucketKeys", Integer.toString(keys));
      Optional<JsonNode> near = footprint("nearCache", keys);
      Optional<JsonNode> listener = footprint("listener", keys);
      out.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", Format.count(keys),
          nanos("CacheSizeBenchmark.hit", params), nanos("CacheSizeBenchmark.caffeineHit", params),
          nanos("CacheSizeBenchmark.absent", params),
          nanos("CacheSizeBenchmark.remoteGet", params),
          figure(near, "bytesPerEntry"), figure(near, "bytesPerEntryFencesExpired"),
          figure(near, "caffeineBytesPerEntry"), figure(near, "warmMillis"),
          figure(listener, "registerMillis"), figure(listener, "caughtUpMillis"), figure(listener, "bytesPerKey"));
    }
    out.println();
  }

  private String nanos(String method, Map<String, String> params) {
    return find(method, params).map(result -> Format.plain(1e9 / result.getValue().median())).orElse("–");
  }

  private static String figure(Optional<JsonNode> figures, String name) {
    return figures.map(node -> node.path(name)).filter(JsonNode::isNumber)
        .map(node -> Format.plain(node.asDouble())).orElse("–");
  }

  /** "100 B", "10 KiB", "1 MiB − 256 B". */
  static String sizeLabel(int bytes) {
    int mib = 1 << 20;
    if (bytes < 1024 || bytes % 1024 != 0 && bytes < mib / 2) {
      return bytes + " B";
    }
    return bytes % mib == 0 ? bytes / mib + " MiB"
        : bytes > mib / 2 ? "1 MiB − " + (mib - bytes) + " B"
        : bytes / 1024 + " KiB";
  }

  private static String megabytes(Throughput throughput, int size) {
    return Format.plain(throughput.median() * size / 1e6);
  }

  private static String ratio(Throughput ours, Optional<Throughput> raw) {
    return raw.map(r -> Format.plain(ours.median() / r.median())).orElse("–");
  }

  private static void usage() {
    System.err.println("usage: java -cp benchmarks.jar " + Growth.class.getName()
        + " [--chart FILE.png] FILE.json [MORE.json ...]");
    System.exit(2);
  }
}
