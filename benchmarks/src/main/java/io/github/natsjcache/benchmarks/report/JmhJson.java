package io.github.natsjcache.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.natsjcache.benchmarks.report.Run.Key;
import io.github.natsjcache.benchmarks.report.Run.Latency;
import io.github.natsjcache.benchmarks.report.Run.Throughput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Reads a JMH result file ({@code -rf json}) into a {@link Run}: throughput as ops/s, sample time as µs, whatever
 * unit the benchmark reported in. Modes other than throughput and sample time are left out.
 */
final class JmhJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JmhJson() {}

  static Run read(Path file) throws IOException {
    Map<Key, Throughput> throughput = new HashMap<>();
    Map<Key, Latency> latency = new HashMap<>();
    Map<Key, Double> allocation = new HashMap<>();
    for (JsonNode result : MAPPER.readTree(file.toFile())) {
      Key key = new Key(result.path("threads").asInt(1), ref(result));
      JsonNode metric = result.path("primaryMetric");
      String mode = result.path("mode").asText();
      switch (mode) {
        case "thrpt" -> throughput.put(key, throughput(metric));
        case "sample" -> latency.put(key, latency(metric));
        default -> { } // avgt and ss: no benchmark of ours runs in them
      }
      JsonNode bytes = result.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score");
      if (bytes.isNumber()) {
        // A method run in both modes has two allocation figures: keep the throughput run's, the longer one.
        if (mode.equals("thrpt")) {
          allocation.put(key, bytes.asDouble());
        } else {
          allocation.putIfAbsent(key, bytes.asDouble());
        }
      }
    }
    return new Run(file, Files.getLastModifiedTime(file).toInstant(), throughput, latency, allocation);
  }

  /** {@code io.github.natsjcache.benchmarks.JCacheBenchmark.get} with {@code params.peer}. */
  private static Ref ref(JsonNode result) {
    String[] name = result.path("benchmark").asText().split("\\.");
    String method = name[name.length - 1];
    String benchmark = name.length > 1 ? name[name.length - 2] : "";
    return new Ref(benchmark, method, result.path("params").path("peer").asText(""));
  }

  /** The median and range of every measurement iteration of every fork, not JMH's mean and error. */
  static Throughput throughput(JsonNode metric) {
    double perSecond = 1 / seconds(unitPart(metric, 1));
    double[] iterations = StreamSupport.stream(metric.path("rawData").spliterator(), false)
        .flatMap(fork -> StreamSupport.stream(fork.spliterator(), false))
        .mapToDouble(score -> score.asDouble() * perSecond)
        .sorted()
        .toArray();
    if (iterations.length == 0) {
      double score = metric.path("score").asDouble() * perSecond;
      return new Throughput(score, score, score);
    }
    int middle = iterations.length / 2;
    double median = iterations.length % 2 == 1
        ? iterations[middle]
        : (iterations[middle - 1] + iterations[middle]) / 2;
    return new Throughput(median, iterations[0], iterations[iterations.length - 1]);
  }

  private static Latency latency(JsonNode metric) {
    double micros = seconds(unitPart(metric, 0)) * 1e6;
    JsonNode percentiles = metric.path("scorePercentiles");
    return new Latency(percentiles.path("50.0").asDouble() * micros, percentiles.path("99.0").asDouble() * micros);
  }

  /** Part 0 or 1 of a unit such as {@code ops/ms} or {@code us/op}. */
  private static String unitPart(JsonNode metric, int part) {
    String unit = metric.path("scoreUnit").asText();
    String[] parts = unit.split("/");
    if (parts.length != 2) {
      throw new IllegalArgumentException("unexpected score unit: " + unit);
    }
    return parts[part];
  }

  /** JMH's short names of {@link java.util.concurrent.TimeUnit}s. */
  private static double seconds(String unit) {
    return switch (unit) {
      case "ns" -> 1e-9;
      case "us" -> 1e-6;
      case "ms" -> 1e-3;
      case "s" -> 1;
      case "min" -> 60;
      case "hr" -> 3600;
      default -> throw new IllegalArgumentException("unexpected time unit: " + unit);
    };
  }
}
