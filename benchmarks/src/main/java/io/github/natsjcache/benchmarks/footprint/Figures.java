package io.github.natsjcache.benchmarks.footprint;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What a footprint program measured: printed as one line, and written as a JSON object when the program is given a
 * file, for the report's chart ({@code io.github.natsjcache.benchmarks.report.Growth}).
 */
final class Figures {

  private Figures() {}

  /**
   * Prints the figures, and writes them to {@code json} unless it is {@code null}.
   *
   * @param figures by name, in order; {@code kind} names the program
   */
  static void report(Map<String, Object> figures, Path json) throws IOException {
    StringBuilder line = new StringBuilder();
    figures.forEach((name, value) -> line.append(line.length() == 0 ? "" : " ").append(name).append('=')
        .append(value instanceof Double d ? String.format(Locale.ROOT, "%.1f", d) : value));
    System.out.println(line);
    if (json != null) {
      new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), figures);
    }
  }
}
