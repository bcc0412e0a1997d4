package io.github.natsjcache.benchmarks.servers;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hazelcast member in a JVM of its own ({@link HazelcastMember}), for one trial: the benchmark's client then talks
 * to it over loopback as an application talks to its cluster, and the member's work (and garbage) does not run in the
 * JVM being measured.
 *
 * <p>The member JVM is this JVM's {@code java} with this JVM's class path ({@link ChildProcess#startJava}), so the
 * benchmark's own classes (entry processors) are there to deserialize. Its cluster name is unique, so it never joins,
 * nor is joined by, another cluster on the machine.
 */
public final class HazelcastMemberProcess implements AutoCloseable {

  private static final Pattern READY = Pattern.compile(HazelcastMember.READY + " (\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final ChildProcess process;
  private final String clusterName;
  private final int port;

  private HazelcastMemberProcess(ChildProcess process, String clusterName, int port) {
    this.process = process;
    this.clusterName = clusterName;
    this.port = port;
  }

  /**
   * Starts a member and returns once it accepts clients.
   *
   * @throws IllegalStateException if there is no {@code java} or the member is not up within 60 s, with its output
   */
  public static HazelcastMemberProcess start() {
    String clusterName = "nats-jcache-bench-" + UUID.randomUUID();
    List<String> options = List.of(
        // A small heap and the serial collector: the member shares the machine's two cores with the measured JVM.
        "-Xmx512m", "-XX:+UseSerialGC",
        "-Dhazelcast.phone.home.enabled=false", "-Dhazelcast.logging.type=jdk",
        // Hazelcast's documented opens for Java 9+, without which it logs a warning and loses some metrics.
        "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.management/sun.management=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");
    ChildProcess process = ChildProcess.startJava("hazelcast-member", options, HazelcastMember.class,
        List.of(clusterName, Integer.toString(FreePort.probe())));
    try {
      Matcher ready = process.awaitLine(READY, START_TIMEOUT);
      return new HazelcastMemberProcess(process, clusterName, Integer.parseInt(ready.group(1)));
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
  }

  /** The member's cluster name, which a client must present. */
  public String clusterName() {
    return clusterName;
  }

  /** The member's address, {@code 127.0.0.1:PORT}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** The member's output so far, for a client that cannot connect. */
  public String logTail() {
    return process.logTail();
  }

  /** Stops the member JVM and deletes its directory. */
  @Override
  public void close() {
    process.close();
  }
}
