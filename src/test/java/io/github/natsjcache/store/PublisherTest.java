package io.github.natsjcache.store;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.NatsTestServer;
import io.github.natsjcache.bucket.OutcomeUnknownException;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What {@link Publisher} does with a write's answer it stops waiting for, or that its node's close cuts short. */
@Tag("server")
class PublisherTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  @Test
  void outcome_interruptedWhileWaiting_outcomeUnknown_answerGivenUp_interruptKept() throws Exception {
    try (Connection connection = Nats.connect(nats.url())) {
      Duration timeout = Duration.ofSeconds(2);
      Publisher publisher = new Publisher(connection.jetStream(), "interrupted", timeout, "cache 'interrupted'",
          /* probes= */ true, /* closing= */ () -> false);
      Publisher.Write write = publisher.prepare("k", new byte[0], new Headers(), -1);
      CompletableFuture<PublishAck> unanswered = new CompletableFuture<>();

      Thread.currentThread().interrupt();
      assertThrows(OutcomeUnknownException.class,
          () -> publisher.outcome(write, unanswered, System.nanoTime() + timeout.toNanos(), "put"));

      assertTrue(Thread.interrupted(), "the thread keeps its interrupt");
      assertTrue(unanswered.isCancelled(), "the answer is no longer awaited");
    }
  }

  /**
   * A sent write whose answer jnats cancels because its node closes the connection: whether it was stored cannot be
   * told any more, and the failure says why, with or without probes (a replicated stream has none).
   */
  @Test
  void outcome_answerCancelledByTheNodesClose_illegalStateSayingClosedAndMayBeStored() throws Exception {
    try (Connection connection = Nats.connect(nats.url())) {
      for (boolean probes : new boolean[] {true, false}) {
        Duration timeout = Duration.ofSeconds(2);
        Publisher publisher = new Publisher(connection.jetStream(), "closing", timeout, "cache 'closing'", probes,
            /* closing= */ () -> true);
        Publisher.Write write = publisher.prepare("k", new byte[0], new Headers(), -1);
        CompletableFuture<PublishAck> cutShort = CompletableFuture.failedFuture(
            new CancellationException("Future cancelled, connection closing.")); // what jnats completes it with

        IllegalStateException closed = assertThrows(IllegalStateException.class,
            () -> publisher.outcome(write, cutShort, System.nanoTime() + timeout.toNanos(), "put"));

        assertTrue(closed.getMessage().startsWith("The CacheManager was closed during put on cache 'closing', key k")
            && closed.getMessage().contains("may have been stored"), closed::getMessage);
        assertInstanceOf(CancellationException.class, closed.getCause(), "jnats' cancellation kept");
      }
    }
  }
}
