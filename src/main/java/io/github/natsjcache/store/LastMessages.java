package io.github.natsjcache.store;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BiConsumer;
import javax.cache.CacheException;

/**
 * One pass over the last message of every key of a bucket, headers only (an ordered consumer delivering the last
 * message per subject): what the sweeps read instead of every value.
 */
final class LastMessages {

  private final JetStream jetStream;
  private final JetStreamManagement management;
  private final String stream;
  private final String subjectPrefix;
  private final Duration timeout;
  private final String where;

  LastMessages(JetStream jetStream, JetStreamManagement management, String bucket, Duration timeout, String where) {
    this.jetStream = jetStream;
    this.management = management;
    this.stream = WireFormat.stream(bucket);
    this.subjectPrefix = WireFormat.subjectPrefix(bucket);
    this.timeout = timeout;
    this.where = where;
  }

  /**
   * Hands each key's last message (a value or a marker), without its value, to {@code visit}.
   *
   * @throws CacheException if the server does not answer within the operation timeout
   */
  void forEach(BiConsumer<String, Message> visit) {
    try {
      if (management.getStreamInfo(stream).getStreamState().getMsgCount() == 0) {
        return;
      }
      ConsumerConfiguration headersOnly = ConsumerConfiguration.builder()
          .deliverPolicy(DeliverPolicy.LastPerSubject)
          .headersOnly(true)
          .build();
      JetStreamSubscription subscription = jetStream.subscribe(subjectPrefix + ">",
          PushSubscribeOptions.builder().stream(stream).ordered(true).configuration(headersOnly).build());
      try {
        while (true) {
          Message message = subscription.nextMessage(timeout);
          if (message == null) {
            throw new CacheException("Timed out scanning the headers of " + where);
          }
          visit.accept(message.getSubject().substring(subjectPrefix.length()), message);
          if (message.metaData().pendingCount() == 0) {
            return;
          }
        }
      } finally {
        subscription.unsubscribe();
      }
    } catch (IOException | JetStreamApiException | InterruptedException | IllegalStateException e) {
      throw StoreFailures.translate(e, "scanning headers", where);
    }
  }
}
