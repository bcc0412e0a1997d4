package io.github.natsjcache.benchmarks;

import io.github.natsjcache.benchmarks.peers.Peer;
import io.github.natsjcache.embedded.ServerBinary;
import io.nats.client.support.ServerVersion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * The benchmark jar's entry point: JMH's own command line, except that a run without {@code -p peer=...} covers only
 * the peers that can run on this machine, printing {@code peer <id> skipped: <reason>} for each other one.
 *
 * <p>Everything else is {@link Main}'s: the run is JMH's main with {@code -p peer=<available ids>} appended, so
 * listing and help ({@code -l}, {@code -lp}, {@code -h}, …), the parsing errors, {@code -foe} and the exit codes
 * (non-zero when the run fails) are exactly JMH's. A {@code -p peer=...} given by the user is passed on untouched,
 * even for a peer that cannot run here: asked for explicitly, it fails loudly.
 *
 * <p>Raw ceilings of features the NATS server lacks (a batch direct get before 2.11, an atomic batch before 2.12)
 * are left out the same way, listings included, with {@code benchmark <name> skipped: <reason>}.
 */
public final class BenchmarkMain {

  private static final String PEER_PARAMETER = "peer";
  /** Each raw ceiling that needs a newer server than 2.9: the version that brought its feature, and the feature. */
  private static final Map<String, String[]> NEEDS = Map.of(
      "RawBenchmark.get100Batch", new String[] {"2.11.0", "batch direct get"},
      "RawBenchmark.put100Atomic", new String[] {"2.12.0", "atomic batch publish"});

  private BenchmarkMain() {}

  /**
   * Runs JMH.
   *
   * @param args JMH's command line
   * @throws IOException as JMH's main does (a failed run is reported by JMH's exit code, 1, instead)
   */
  public static void main(String[] args) throws IOException {
    Main.main(withoutUnsupported(withDefaultPeers(args)));
  }

  /** The arguments, with an exclusion of each raw ceiling the server cannot run. */
  private static String[] withoutUnsupported(String[] args) {
    String version;
    try {
      version = ServerBinary.find().version();
    } catch (RuntimeException e) {
      return args; // no server: the NATS benchmarks fail on their own, saying why
    }
    List<String> extended = new ArrayList<>(Arrays.asList(args));
    NEEDS.forEach((benchmark, need) -> {
      if (new ServerVersion(version).compareTo(new ServerVersion(need[0])) < 0) {
        System.out.println("benchmark " + benchmark + " skipped: nats-server " + version + " has no " + need[1]
            + " (" + need[0] + "+)");
        extended.add("-e");
        extended.add(benchmark.replace(".", "\\.") + "$");
      }
    });
    return extended.toArray(String[]::new);
  }

  private static String[] withDefaultPeers(String[] args) {
    CommandLineOptions options;
    try {
      options = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      return args; // JMH's main reports it
    }
    if (onlyLists(options) || options.getParameter(PEER_PARAMETER).hasValue()) {
      return args;
    }
    List<String> available = new ArrayList<>();
    for (Peer peer : Peer.values()) {
      Optional<String> reason = peer.unavailableReason();
      if (reason.isPresent()) {
        System.out.println("peer " + peer.id() + " skipped: " + reason.get());
      } else {
        available.add(peer.id());
      }
    }
    List<String> extended = new ArrayList<>(Arrays.asList(args));
    extended.add("-p");
    extended.add(PEER_PARAMETER + "=" + String.join(",", available));
    return extended.toArray(String[]::new);
  }

  private static boolean onlyLists(CommandLineOptions options) {
    return options.shouldHelp() || options.shouldList() || options.shouldListWithParams()
        || options.shouldListProfilers() || options.shouldListResultFormats();
  }
}
