package io.github.natsjcache.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.NatsTestServer;
import io.github.natsjcache.bucket.OutcomeUnknownException;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What {@link Publisher} does with a write's answer it stops waiting for. */
@Tag("server")
class PublisherTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  @Test
  void outcome_interruptedWhileWaiting_outcomeUnknown_answerGivenUp_interruptKept() throws Exception {
    try (Connection connection = Nats.connect(nats.url())) {
      Duration timeout = Duration.ofSeconds(2);
      Publisher publisher = new Publisher(connection.jetStream(), "interrupted", timeout, "cache 'interrupted'",
          /* probes= */ true);
      Publisher.Write write = publisher.prepare("k", new byte[0], new Headers(), -1);
      CompletableFuture<PublishAck> unanswered = new CompletableFuture<>();

      Thread.currentThread().interrupt();
      assertThrows(OutcomeUnknownException.class,
          () -> publisher.outcome(write, unanswered, System.nanoTime() + timeout.toNanos(), "put"));

      assertTrue(Thread.interrupted(), "the thread keeps its interrupt");
      assertTrue(unanswered.isCancelled(), "the answer is no longer awaited");
    }
  }
}
