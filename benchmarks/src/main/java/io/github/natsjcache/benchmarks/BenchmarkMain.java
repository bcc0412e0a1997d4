package io.github.natsjcache.benchmarks;

import io.github.natsjcache.benchmarks.peers.Peer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 */
public final class BenchmarkMain {

  private static final String PEER_PARAMETER = "peer";

  private BenchmarkMain() {}

  /**
   * Runs JMH.
   *
   * @param args JMH's command line
   * @throws IOException as JMH's main does (a failed run is reported by JMH's exit code, 1, instead)
   */
  public static void main(String[] args) throws IOException {
    Main.main(withDefaultPeers(args));
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
