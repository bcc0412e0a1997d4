package io.github.natsjcache.benchmarks.servers;

import io.github.natsjcache.embedded.EmbeddedNatsServer;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A private {@code nats-server -js} for one benchmark trial, shared by every state that needs a server.
 *
 * <p>It is the provider's own launcher ({@link EmbeddedNatsServer#start}): a loopback port the server picks itself,
 * a fresh temporary store, readiness read from the server's log, and exactly this process stopped at teardown. A
 * server the machine already runs (e.g. on port 4222) is never used or touched.
 */
@State(Scope.Benchmark)
public class LocalNatsServer {

  private EmbeddedNatsServer server;
  private TeardownGuard.Pending stop;

  /** Starts the server and returns once it accepts clients. */
  @Setup(Level.Trial)
  public void start() {
    server = EmbeddedNatsServer.start();
    stop = TeardownGuard.pending(server::close); // JMH skips teardowns after a failure
  }

  /** Stops this server process and deletes its store directory. */
  @TearDown(Level.Trial)
  public void stop() {
    stop.run();
  }

  /** The client URL, {@code nats://127.0.0.1:PORT}. */
  public String url() {
    return server.url();
  }
}
