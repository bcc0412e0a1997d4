package io.github.natsjcache.embedded;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Finds the {@code nats-server} processes below a process, and their arguments, as {@code ps} shows them. */
final class EmbeddedProcesses {

  private EmbeddedProcesses() {}

  /** The {@code nats-server} processes descending from {@code parent}. */
  static List<ProcessHandle> serversBelow(ProcessHandle parent) {
    return parent.descendants().filter(process -> process.info().command()
        .map(command -> Path.of(command).getFileName().toString().equals("nats-server")).orElse(false)).toList();
  }

  /** The value following {@code flag} on the process's command line. */
  static Optional<String> argument(ProcessHandle process, String flag) {
    List<String> arguments = List.of(process.info().arguments().orElse(new String[0]));
    int at = arguments.lastIndexOf(flag);
    return at >= 0 && at + 1 < arguments.size() ? Optional.of(arguments.get(at + 1)) : Optional.empty();
  }

  /** The whole command line, as another user of the machine can read it. */
  static String commandLine(ProcessHandle process) {
    return process.info().commandLine().orElse("");
  }
}
