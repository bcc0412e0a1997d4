package io.github.natsjcache;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.Replica;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Whether a JetStream cluster serves, as a client sees it: only a live leader answers JetStream's API, so an answer
 * proves the meta leader and each stream's leader are alive, where {@code /healthz} may still trust a dead one.
 */
final class ClusterReadiness {

  private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);

  private ClusterReadiness() {}

  /** Waits until the meta leader answers and every stream has a leader with all its replicas current. */
  static void await(String urls, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    Options options = Options.builder().server(urls).connectionTimeout(REQUEST_TIMEOUT)
        .maxReconnects(-1).build();
    try (Connection connection = Nats.connect(options)) {
      JetStreamManagement jetStream = connection.jetStreamManagement(
          JetStreamOptions.builder().requestTimeout(REQUEST_TIMEOUT).build());
      while (!serves(jetStream)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("JetStream cluster not serving within " + bound.toSeconds() + " s");
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot connect to the cluster at " + urls, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the cluster", e);
    }
  }

  private static boolean serves(JetStreamManagement jetStream) {
    try {
      jetStream.getAccountStatistics();
      for (String stream : jetStream.getStreamNames()) {
        if (!led(jetStream.getStreamInfo(stream))) {
          return false;
        }
      }
      return true;
    } catch (IOException | JetStreamApiException e) {
      return false;
    }
  }

  private static boolean led(StreamInfo stream) {
    ClusterInfo cluster = stream.getClusterInfo();
    if (cluster == null || cluster.getLeader() == null) {
      return false;
    }
    int followers = stream.getConfiguration().getReplicas() - 1;
    return cluster.getReplicas() != null && cluster.getReplicas().size() == followers
        && cluster.getReplicas().stream().allMatch(ClusterReadiness::current);
  }

  private static boolean current(Replica replica) {
    return replica.isCurrent() && !replica.isOffline();
  }
}
