package io.github.natsjcache.benchmarks.report;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The report's tables in Markdown, per run: throughput, sample time and allocation by operation and peer for each
 * thread count, then the targets with one column per thread count. Rows without any result are left out; a
 * peer the run has no result of shows "–".
 */
final class Markdown {

  private static final String NONE = "–";

  private final PrintStream out;

  Markdown(PrintStream out) {
    this.out = out;
  }

  void print(Run run) {
    List<Slice> slices = run.slices();
    out.printf("### `%s` (%s)%n", run.name(), run.date());
    for (Slice slice : slices) {
      out.printf("%n#### %s%n", Slice.threadsLabel(slice.threads()));
      matrix(slice, "Throughput in operations per second: median of the measurement iterations (min–max). "
          + "Raw jnats: RawBenchmark's method of the same name, or " + Operation.rawCounterparts(Operation.RAW)
          + ". Raw ceiling: " + Operation.rawCounterparts(Operation.CEILING) + ".",
          ref -> slice.throughput(ref).map(Format::throughput));
      matrix(slice, "Sample time, p50 / p99 in µs.", ref -> slice.latency(ref).map(Format::latency));
      matrix(slice, "Allocation (`-prof gc`, `gc.alloc.rate.norm`) in bytes per operation.",
          ref -> slice.allocation(ref).map(Format::plain));
    }
    targets(slices);
  }

  /** A table of operations by column, or nothing if no operation has a value. */
  private void matrix(Slice slice, String caption, Function<Ref, Optional<String>> value) {
    List<String> rows = Operation.ALL.stream()
        .filter(operation -> operation.measured(ref -> value.apply(ref).isPresent()))
        .map(operation -> row(operation.label(), Operation.COLUMNS.stream()
            .map(column -> operation.cell(column).flatMap(value).orElse(NONE))
            .toList()))
        .toList();
    if (rows.isEmpty()) {
      return;
    }
    out.printf("%n%s%n%n", caption);
    out.println(row("operation", Operation.COLUMNS));
    out.println(row("---", Operation.COLUMNS.stream().map(column -> "---:").toList()));
    rows.forEach(out::println);
  }

  private void targets(List<Slice> slices) {
    if (slices.isEmpty()) {
      return;
    }
    out.printf("%n#### Targets%n%nOurs against a baseline of the same run and thread count: ✅ met, ❌ missed, "
        + "%s not measured.%n%n", NONE);
    List<String> threads = slices.stream().map(slice -> Slice.threadsLabel(slice.threads())).toList();
    out.println("| | target | bound | " + String.join(" | ", threads) + " |");
    out.println("|---|---|---|" + "---:|".repeat(slices.size()));
    for (Target target : Target.ALL) {
      String what = String.format("`%s` %s `%s`, %s%s", target.ours(), target.relation(), target.baseline(),
          target.measure().unit, target.note().isEmpty() ? "" : " (" + target.note() + ")");
      String cells = slices.stream()
          .map(slice -> target.evaluate(slice)
              .map(outcome -> outcome.measured() + (outcome.met() ? " ✅" : " ❌"))
              .orElse(NONE))
          .collect(Collectors.joining(" | "));
      out.printf("| %s | %s | %s | %s |%n", target.id(), what, target.boundText(), cells);
    }
  }

  private static String row(String first, List<String> cells) {
    return "| " + first + " | " + String.join(" | ", cells) + " |";
  }
}
