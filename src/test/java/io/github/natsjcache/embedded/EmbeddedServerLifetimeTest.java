package io.github.natsjcache.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.Eventually;
import io.github.natsjcache.NatsCachingProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The embedded server lives as long as the JVM that started it: a JVM killed with SIGKILL takes its server along,
 * the next embedded start deletes what it left (and nothing a live JVM uses), and the shared server that dies comes
 * back where its clients look, unless it keeps dying.
 */
@Tag("server")
class EmbeddedServerLifetimeTest {

  private static final long EXIT_BOUND_MILLIS = 15_000;

  @Test
  void sigkilledJvm_itsServerExits_nextStartDeletesItsStore() throws Exception {
    Process node = startNode();
    ProcessHandle server = onlyServerBelow(node.toHandle());
    Path store = storeOf(server);

    kill(node.toHandle());

    Eventually.assertTrue(() -> !server.isAlive(), "the killed JVM's nats-server exits", EXIT_BOUND_MILLIS);
    try (EmbeddedNatsServer next = EmbeddedNatsServer.start()) {
      assertFalse(Files.exists(store), "the next start deleted " + store);
    }
  }

  @Test
  void orphanedServer_nextStartStopsIt_andDeletesItsStore() throws Exception {
    Process node = startNode();
    ProcessHandle server = onlyServerBelow(node.toHandle());
    Path store = storeOf(server);

    // The watchdog dies first, then the JVM, then the shell that waited for the server (in another order the
    // watchdog or the JVM's own revival would stop it): nothing is left to take the server along.
    List<ProcessHandle> shells = node.toHandle().children().filter(process -> process.pid() != server.pid())
        .toList();
    node.toHandle().descendants().filter(process -> process.pid() != server.pid() && !shells.contains(process))
        .toList().forEach(EmbeddedServerLifetimeTest::kill);
    kill(node.toHandle());
    shells.forEach(EmbeddedServerLifetimeTest::kill);
    assertEquals(true, server.isAlive(), "the orphaned nats-server still runs");

    try (EmbeddedNatsServer next = EmbeddedNatsServer.start()) {
      Eventually.assertTrue(() -> !server.isAlive(), "the next start stopped the orphan", EXIT_BOUND_MILLIS);
      assertFalse(Files.exists(store), "the next start deleted " + store);
    }
  }

  @Test
  void liveJvm_ownerFileNamingNoRunningProcess_keepsItsServerAndStore() throws Exception {
    Process node = startNode();
    try {
      ProcessHandle server = onlyServerBelow(node.toHandle());
      Path store = storeOf(server);
      // Pid and start time as a JVM sees them after a step of the wall clock, or from another pid namespace.
      long start = node.toHandle().info().startInstant().map(Instant::toEpochMilli).orElseThrow();
      Files.writeString(store.resolve("owner"), node.pid() + " " + (start + 1000), StandardCharsets.US_ASCII);

      try (EmbeddedNatsServer next = EmbeddedNatsServer.start()) {
        assertTrue(Files.isDirectory(store), store + " is still there");
        assertTrue(server.isAlive(), "the live JVM's nats-server still runs");
      }
    } finally {
      kill(node.toHandle());
    }
  }

  @Test
  void sharedServerKeepsDying_isGivenUp_afterFiveRestarts() throws Exception {
    Process loop = startJvm(EmbeddedCrashLoop.class, "10");
    String output = new String(loop.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(loop.waitFor(EXIT_BOUND_MILLIS, TimeUnit.MILLISECONDS), "the crash loop's JVM exits");

    List<String> outcomes = output.lines()
        .filter(line -> line.equals("restarted") || line.equals("still restarting") || line.startsWith("gave up"))
        .toList();
    assertEquals(6, outcomes.size(), output);
    assertEquals(List.of("restarted", "restarted", "restarted", "restarted", "restarted"), outcomes.subList(0, 5),
        output);
    assertTrue(outcomes.get(5).startsWith("gave up: ") && outcomes.get(5).contains("not starting it again"),
        output);
  }

  @Test
  void sharedServerDies_comesBackOnItsPort_withItsStore() throws Exception {
    Properties serverReads = new Properties();
    serverReads.setProperty("nearCache", "false");
    CacheManager manager = new NatsCachingProvider()
        .getCacheManager(URI.create("nats://embedded"), getClass().getClassLoader(), serverReads);
    try {
      Cache<String, String> cache = manager.createCache("comeback",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.put("k", "v");
      int port = EmbeddedNatsServer.shared().port();
      ProcessHandle server = onlyServerBelow(ProcessHandle.current()); // this class's own servers are closed

      kill(server);

      Eventually.assertTrue(() -> readsAgain(cache), "the manager reads its entry from the server again", EXIT_BOUND_MILLIS);
      assertEquals(port, EmbeddedNatsServer.shared().port(), "the shared server kept its port");
    } finally {
      manager.close();
    }
  }

  private static boolean readsAgain(Cache<String, String> cache) {
    try {
      return "v".equals(cache.get("k"));
    } catch (RuntimeException e) {
      return false; // still reconnecting
    }
  }

  /** A JVM with a node on {@code nats://embedded}, once it has written. */
  private static Process startNode() throws IOException {
    Process node = startJvm(EmbeddedNode.class);
    BufferedReader output = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line = output.readLine(); line != null && !line.equals("ready"); line = output.readLine()) {
      seen.append(line).append('\n');
    }
    if (!node.isAlive()) {
      throw new IllegalStateException("the node JVM exited:\n" + seen);
    }
    return node;
  }

  /** A JVM running {@code main} on this classpath, its standard error merged into its output. */
  private static Process startJvm(Class<?> main, String... arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(arguments));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static ProcessHandle onlyServerBelow(ProcessHandle parent) {
    List<ProcessHandle> servers = EmbeddedProcesses.serversBelow(parent);
    assertEquals(1, servers.size(), "one nats-server runs below " + parent.pid());
    return servers.get(0);
  }

  private static Path storeOf(ProcessHandle server) {
    Path store = Path.of(EmbeddedProcesses.argument(server, "-sd").orElseThrow());
    assertEquals(true, Files.isDirectory(store), store + " exists while the server runs");
    return store;
  }

  /** SIGKILL, as {@code kill -9} or the OOM killer send it; returns once the process is gone. */
  private static void kill(ProcessHandle process) {
    process.destroyForcibly();
    try {
      process.onExit().get(EXIT_BOUND_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(process.pid() + " did not exit", e);
    }
  }
}
