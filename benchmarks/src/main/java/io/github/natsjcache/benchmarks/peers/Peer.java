package io.github.natsjcache.benchmarks.peers;

import io.github.natsjcache.benchmarks.servers.ChildProcess;
import io.github.natsjcache.benchmarks.servers.RedisServerProcess;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The JCache implementations the benchmarks compare, by the ids used for {@link PeerCaches#peer}.
 *
 * <p>The two distributed peers need a server that the benchmark starts itself: Hazelcast a member JVM (this JVM's
 * {@code java}), Redisson a {@code redis-server} ({@code $REDIS_SERVER_PATH} if set, and then only that; else
 * {@code redis-server} on the {@code PATH}; else {@code /usr/bin/redis-server}). {@link #unavailableReason()} says
 * when that server cannot be started here, so a run can skip the peer instead of failing on it.
 */
public enum Peer {
  /** nats-jcache with the provider's defaults: near-cache on. */
  NATS_JCACHE("nats-jcache"),
  /** nats-jcache with {@code nearCache=false}: every read goes to the bucket. */
  NATS_JCACHE_NONEAR("nats-jcache-nonear"),
  /** Caffeine's JCache provider: in-process only, the floor for a near-cache hit. */
  CAFFEINE("caffeine"),
  /** Hazelcast's JCache client with a near cache, against a member in another JVM. */
  HAZELCAST("hazelcast"),
  /** Redisson's JCache on a private {@code redis-server}. */
  REDISSON("redisson");

  private final String id;

  Peer(String id) {
    this.id = id;
  }

  /** The id, as given to {@code -p peer=...}. */
  public String id() {
    return id;
  }

  /**
   * The peer with this id.
   *
   * @throws IllegalArgumentException naming the valid ids, if there is none
   */
  public static Peer of(String id) {
    for (Peer peer : values()) {
      if (peer.id.equals(id)) {
        return peer;
      }
    }
    throw new IllegalArgumentException("Unknown peer '" + id + "'; valid peers: "
        + Arrays.stream(values()).map(Peer::id).collect(Collectors.joining(", ")));
  }

  /** Why this peer cannot run on this machine, or empty if it can. */
  public Optional<String> unavailableReason() {
    return switch (this) {
      case HAZELCAST -> ChildProcess.javaExecutable().isPresent() ? Optional.empty()
          : Optional.of("no java executable under " + System.getProperty("java.home") + " to run the member");
      case REDISSON -> RedisServerProcess.executable().problem();
      case NATS_JCACHE, NATS_JCACHE_NONEAR, CAFFEINE -> Optional.empty();
    };
  }
}
