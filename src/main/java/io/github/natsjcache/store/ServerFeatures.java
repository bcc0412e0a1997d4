package io.github.natsjcache.store;

import io.nats.client.api.ServerInfo;
import io.nats.client.api.StreamConfiguration;

/**
 * What the connected server offers beyond 2.9, by the version it reports; each is used only when present (and, where
 * a stream must allow it, when the bucket's stream does).
 *
 * @param batchDirectGet the last messages of many subjects in one direct get ({@code multi_last}, 2.11+)
 * @param atomicBatchPublish all-or-nothing batches of publishes ({@code allow_atomic} streams, 2.12+)
 * @param compression S2-compressed streams (2.10+)
 * @param messageTtl messages with a lifetime of their own ({@code allow_msg_ttl} streams; 2.11.2+, the first that
 *     lets an existing stream turn it on)
 * @param serverExpiry values expired by the server, which leaves a marker every watch sees (per-message TTL and
 *     subject delete markers on the stream)
 * @param outcomeProbes an unanswered write's outcome may be probed for: on a stream of one replica (see
 *     {@code Publisher})
 */
record ServerFeatures(boolean batchDirectGet, boolean atomicBatchPublish, boolean compression,
    boolean messageTtl, boolean serverExpiry, boolean outcomeProbes) {

  /** These features, as far as a bucket's stream allows them (atomic batches and message lifetimes must be). */
  ServerFeatures forStream(StreamConfiguration stream) {
    boolean ttl = messageTtl && stream.getAllowMessageTtl();
    return new ServerFeatures(batchDirectGet, atomicBatchPublish && stream.getAllowAtomicPublish(), compression, ttl,
        ttl && stream.getSubjectDeleteMarkerTtl() != null, outcomeProbes && stream.getReplicas() == 1);
  }

  /** The features of the server a connection is connected to. */
  static ServerFeatures of(ServerInfo server) {
    return new ServerFeatures(server.isSameOrNewerThanVersion("2.11.0"), server.isSameOrNewerThanVersion("2.12.0"),
        server.isSameOrNewerThanVersion("2.10.0"), server.isSameOrNewerThanVersion("2.11.2"),
        server.isSameOrNewerThanVersion("2.11.2"), true);
  }
}
