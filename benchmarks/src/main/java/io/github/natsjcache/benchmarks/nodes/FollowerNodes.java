package io.github.natsjcache.benchmarks.nodes;

import io.github.natsjcache.benchmarks.servers.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The follower nodes of one round, each a {@link FollowerNode} in a JVM of its own, and the writer's side of their
 * commands. {@link #close} stops every one of them by its handle (and a shutdown hook does, should this JVM exit
 * first); a follower also exits when its standard input ends or this JVM is gone.
 */
final class FollowerNodes implements AutoCloseable {

  /**
   * A small heap and the serial collector: up to three followers share the machine's two cores with the writer and
   * the server, and should spend them on following, not on collector threads.
   */
  private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final List<ChildProcess> nodes;

  private FollowerNodes(List<ChildProcess> nodes) {
    this.nodes = nodes;
  }

  /**
   * Starts {@code count} followers of {@code cache} on the server at {@code url}, all at once, and returns when each
   * has read every key.
   */
  static FollowerNodes start(String url, String cache, int count) {
    FollowerNodes followers = new FollowerNodes(new ArrayList<>());
    try {
      for (int i = 1; i <= count; i++) {
        followers.nodes.add(ChildProcess.startJava("follower-" + i, JVM_OPTIONS, FollowerNode.class,
            List.of(url, cache)));
      }
      Pattern ready = Pattern.compile(Pattern.quote(FollowerNode.READY));
      followers.nodes.forEach(node -> node.awaitLine(ready, START_TIMEOUT));
      return followers;
    } catch (RuntimeException e) {
      followers.close();
      throw e;
    }
  }

  /** Has every follower read every key again (so that its near-cache holds them all), and waits until each has. */
  void readAll(long round) {
    String command = "read-all " + round;
    Pattern done = Pattern.compile("^" + command + "$");
    nodes.forEach(node -> node.send(command));
    nodes.forEach(node -> node.awaitLine(done, START_TIMEOUT));
  }

  /**
   * Asks every follower to note when it sees the writes {@code first} … {@code first + count - 1}, made one every
   * {@code intervalMicros} from {@code startMicros} on the wall clock, and waits until each has the command.
   */
  void follow(long first, int count, long startMicros, long intervalMicros) {
    Pattern following = Pattern.compile("^following " + first + "$");
    nodes.forEach(node -> node.send("follow " + first + " " + count + " " + startMicros + " " + intervalMicros));
    nodes.forEach(node -> node.awaitLine(following, START_TIMEOUT));
  }

  /** Waits for every follower's notes on the versions from {@code first}, and returns them all. */
  List<Seen> seen(long first, Duration timeout) {
    Pattern followed = Pattern.compile("^followed " + first + "$");
    List<Seen> all = new ArrayList<>();
    for (ChildProcess node : nodes) {
      node.awaitLine(followed, timeout);
      try {
        Files.readAllLines(node.directory().resolve("follow-" + first + ".txt")).forEach(line -> {
          String[] fields = line.split(" ");
          all.add(new Seen(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2])));
        });
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read a follower's notes; its output:\n" + node.logTail(), e);
      }
    }
    return all;
  }

  /** The CPU time the followers have used so far, together. */
  Duration cpuTime() {
    return nodes.stream().map(ChildProcess::cpuTime).reduce(Duration.ZERO, Duration::plus);
  }

  @Override
  public void close() {
    nodes.forEach(ChildProcess::close);
  }

  /**
   * When one follower's near-cache dropped the old value of a write: between {@code after} and {@code before} (wall
   * clock, µs).
   *
   * @param version the write
   * @param after a moment before the drop: the start of the last read of the count that did not show it, or the
   *     write's due time if that is later
   * @param before a moment after the drop: the end of the first read of the count that showed it
   */
  record Seen(long version, long after, long before) {

    /** The middle of the interval in which it dropped the old value. */
    long middle() {
      return after + (before - after) / 2;
    }

    /** How wide the interval is: how precise the note is. */
    long gap() {
      return before - after;
    }
  }
}
