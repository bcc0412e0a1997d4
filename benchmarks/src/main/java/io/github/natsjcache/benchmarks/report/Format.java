package io.github.natsjcache.benchmarks.report;

import io.github.natsjcache.benchmarks.report.Run.Latency;
import io.github.natsjcache.benchmarks.report.Run.Throughput;
import java.math.BigDecimal;
import java.util.Locale;

/** Numbers as the tables and the chart print them: about three significant digits, compact units for counts. */
final class Format {

  private static final String[] UNITS = {"", " k", " M", " G", " T"};

  private Format() {}

  /** E.g. "740", "6.1 k", "56.7 M"; below 1, two significant digits: "0.095", "0.010". */
  static String count(double value) {
    if (value != 0 && Math.abs(value) < 1) {
      return plain(value);
    }
    int unit = unitOf(value);
    return scaled(value / Math.pow(1000, unit)) + UNITS[unit];
  }

  /** The median and, in the median's unit, the range: "56.7 M (52.1–60.3)". */
  static String throughput(Throughput throughput) {
    int unit = unitOf(throughput.median());
    double scale = Math.pow(1000, unit);
    return scaled(throughput.median() / scale) + UNITS[unit]
        + " (" + scaled(throughput.min() / scale) + "–" + scaled(throughput.max() / scale) + ")";
  }

  /** p50 / p99 in µs, e.g. "131 / 257". */
  static String latency(Latency latency) {
    return plain(latency.p50()) + " / " + plain(latency.p99());
  }

  /** Ratios, µs and bytes: "1,234", "56.7", "1.15", "0.98", "0.0066". */
  static String plain(double value) {
    double magnitude = Math.abs(value);
    String pattern = magnitude >= 100 || magnitude == 0 ? "%,.0f"
        : magnitude >= 10 ? "%.1f"
        : magnitude >= 0.1 ? "%.2f"
        : "%.2g";
    return String.format(Locale.ROOT, pattern, value);
  }

  /** A count in its unit: whole from 100 (or if whole, as on an axis), else one decimal ("740", "56.7", "6.1"). */
  private static String scaled(double value) {
    return String.format(Locale.ROOT, Math.abs(value) >= 100 || value == Math.rint(value) ? "%.0f" : "%.1f", value);
  }

  /**
   * A ratio against its bound. One that rounds onto the bound without being on it gets more digits, so that a
   * missed target never reads "0.90 ≥ 0.9".
   */
  static String ratio(double ratio, double bound) {
    String shown = plain(ratio);
    return ratio != bound && Double.parseDouble(shown.replace(",", "")) == bound
        ? String.format(Locale.ROOT, "%.4f", ratio)
        : shown;
  }

  /** A number as written, without trailing zeros: "0.9", "1.15", "20". */
  static String exact(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static int unitOf(double value) {
    int unit = 0;
    while (unit < UNITS.length - 1 && Math.abs(value) >= Math.pow(1000, unit + 1)) {
      unit++;
    }
    return unit;
  }
}
