package io.github.natsjcache.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.natsjcache.benchmarks.report.Run.Throughput;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The chart of "How cost grows": on the left, ours against raw jnats per value size in MB/s; on the right, per bucket
 * size, the cost of a read (ns), the heap per entry, and the time a node takes to start following the bucket.
 * Panels are {@link BarPanel}s, drawn as {@link Chart} draws the report's.
 */
final class GrowthChart {

  private static final int WIDTH = 1440;
  private static final int HEIGHT = 1180;
  private static final int MARGIN = 24;
  private static final Color OURS = ThroughputPanel.COLOURS.get("nats-jcache");
  private static final Color OURS_OFF = ThroughputPanel.COLOURS.get("nats-jcache-nonear");
  private static final Color RAW = ThroughputPanel.COLOURS.get(Operation.RAW);
  private static final Color CAFFEINE = ThroughputPanel.COLOURS.get("caffeine");
  private static final Color LISTENER = ThroughputPanel.COLOURS.get("hazelcast");

  private GrowthChart() {}

  static void write(Growth growth, Path png) throws IOException {
    Chart.write(WIDTH, HEIGHT, png, g -> {
      g.setColor(Chart.TEXT);
      g.setFont(Chart.TITLE);
      Chart.text(g, "nats-jcache — how cost grows with value size and cache size (1 thread)", MARGIN, 40, 0);
      int top = 64;
      int split = WIDTH / 2;
      int height = HEIGHT - top - MARGIN;
      valueSizes(growth).draw(g, new Rectangle(MARGIN, top, split - 2 * MARGIN, height));
      g.setColor(new Color(0xCCCCCC));
      g.drawLine(split, top, split, top + height);
      int third = height / 3;
      Rectangle right = new Rectangle(split + MARGIN, top, WIDTH - split - 2 * MARGIN, third - MARGIN / 2);
      reads(growth).draw(g, right);
      right.translate(0, third);
      memory(growth).draw(g, right);
      right.translate(0, third);
      following(growth).draw(g, right);
    });
  }

  /** Per value size, a group for put and one for get, codec {@code bytes}: ours near-cache on and off, raw. */
  private static BarPanel valueSizes(Growth growth) {
    Map<String, Color> series = new LinkedHashMap<>();
    series.put("ours, near-cache on", OURS);
    series.put("ours, near-cache off", OURS_OFF);
    series.put("raw jnats", RAW);
    Map<String, Integer> sizes = new LinkedHashMap<>();
    Map<String, Boolean> puts = new LinkedHashMap<>();
    for (int size : growth.sizes("ValueSizeBenchmark", "valueBytes")) {
      for (boolean put : new boolean[] {true, false}) {
        String row = Growth.sizeLabel(size) + (put ? " put" : " get");
        sizes.put(row, size);
        puts.put(row, put);
      }
    }
    return new BarPanel("Value size: ours (byte[], codec bytes) against raw jnats",
        "MB/s of values, log scale · bar: median · whisker: min–max · near-cache on: get is a near hit",
        List.copyOf(sizes.keySet()), series, (row, column) -> {
          int size = sizes.get(row);
          boolean put = puts.get(row);
          String method = switch (column) {
            case "ours, near-cache on" -> put ? "put" : "nearGet";
            case "ours, near-cache off" -> put ? "putNoNear" : "remoteGet";
            default -> put ? "rawPut" : "rawGet";
          };
          Map<String, String> params = column.equals("raw jnats")
              ? Map.of("valueBytes", Integer.toString(size))
              : Map.of("valueBytes", Integer.toString(size), "codec", "bytes");
          return growth.find("ValueSizeBenchmark." + method, params)
              .map(result -> scaled(result.getValue(), size / 1e6));
        });
  }

  /** Per bucket size: a near hit, a near-known absent key, a remote get, in ns. */
  private static BarPanel reads(Growth growth) {
    Map<String, Color> series = new LinkedHashMap<>();
    series.put("near hit", OURS);
    series.put("bounded Caffeine hit", CAFFEINE);
    series.put("near-known absent", LISTENER);
    series.put("remote get", OURS_OFF);
    Map<String, Integer> rows = rows(growth);
    return new BarPanel("Cache size: one read", "ns per get, log scale · bar: 1 / median ops/s · whisker: min–max",
        List.copyOf(rows.keySet()), series, (row, column) -> {
          String method = switch (column) {
            case "near hit" -> "hit";
            case "bounded Caffeine hit" -> "caffeineHit";
            case "near-known absent" -> "absent";
            default -> "remoteGet";
          };
          return growth.find("CacheSizeBenchmark." + method, Map.of("bucketKeys", Integer.toString(rows.get(row))))
              .map(result -> nanos(result.getValue()));
        });
  }

  /** Per bucket size: heap per near-cached entry (and once fences expire), Caffeine's, the old-value store's. */
  private static BarPanel memory(Growth growth) {
    Map<String, Color> series = new LinkedHashMap<>();
    series.put("near-cache", OURS);
    series.put("after fences expire", OURS_OFF);
    series.put("bounded Caffeine", CAFFEINE);
    series.put("listener's old values", LISTENER);
    Map<String, Integer> rows = rows(growth);
    return new BarPanel("Cache size: heap per entry", "bytes per entry (100-byte values), log scale",
        List.copyOf(rows.keySet()), series, (row, column) -> {
          int keys = rows.get(row);
          return switch (column) {
            case "near-cache" -> figure(growth.footprint("nearCache", keys), "bytesPerEntry");
            case "after fences expire" -> figure(growth.footprint("nearCache", keys), "bytesPerEntryFencesExpired");
            case "bounded Caffeine" -> figure(growth.footprint("nearCache", keys), "caffeineBytesPerEntry");
            default -> figure(growth.footprint("listener", keys), "bytesPerKey");
          };
        });
  }

  /** Per bucket size: how long a node takes to start following the bucket. */
  private static BarPanel following(Growth growth) {
    Map<String, Color> series = new LinkedHashMap<>();
    series.put("listener registered", LISTENER);
    series.put("its watch caught up", RAW);
    series.put("near-cache warmed by getAll", OURS);
    Map<String, Integer> rows = rows(growth);
    return new BarPanel("Cache size: a node starts following the bucket", "ms, log scale",
        List.copyOf(rows.keySet()), series, (row, column) -> {
          int keys = rows.get(row);
          return switch (column) {
            case "listener registered" -> figure(growth.footprint("listener", keys), "registerMillis");
            case "its watch caught up" -> figure(growth.footprint("listener", keys), "caughtUpMillis");
            default -> figure(growth.footprint("nearCache", keys), "warmMillis");
          };
        });
  }

  /** "10 k keys" → 10,000, for every bucket size measured. */
  private static Map<String, Integer> rows(Growth growth) {
    TreeSet<Integer> sizes = growth.sizes("CacheSizeBenchmark", "bucketKeys");
    growth.footprints.forEach(figures -> sizes.add(figures.path("keys").asInt()));
    Map<String, Integer> rows = new LinkedHashMap<>();
    sizes.forEach(keys -> rows.put(Format.count(keys) + " keys", keys));
    return rows;
  }

  private static Optional<Throughput> figure(Optional<JsonNode> figures, String name) {
    return figures.map(node -> node.path(name)).filter(JsonNode::isNumber)
        .map(node -> new Throughput(node.asDouble(), node.asDouble(), node.asDouble()));
  }

  private static Throughput scaled(Throughput throughput, double factor) {
    return new Throughput(throughput.median() * factor, throughput.min() * factor, throughput.max() * factor);
  }

  /** The time of one operation: the fastest iteration is the shortest time. */
  private static Throughput nanos(Throughput throughput) {
    return new Throughput(1e9 / throughput.median(), 1e9 / throughput.max(), 1e9 / throughput.min());
  }
}
