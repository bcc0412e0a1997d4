package io.github.natsjcache.store;

/**
 * What a {@link BucketWatch} tells the layer above it. Changes come on the watch's one thread, in stream order; a gap
 * and the health also come from the thread that resubscribes the watch (after a reconnection or a missed heartbeat),
 * before the first change of the new subscription.
 */
public interface WatchHandler {

  /** A key changed. */
  void onChange(Change change);

  /**
   * Messages the watch had not yet applied are gone (the stream was purged, or recreated): whatever was derived from
   * earlier messages can no longer be proven fresh. Called before the first change that follows the gap.
   */
  void onGap(long resumedAt);

  /**
   * Whether the watch is healthy: subscribed and caught up with the stream. False from a disconnection or a missed
   * heartbeat until it has resubscribed and applied every message that was published meanwhile.
   */
  void onHealth(boolean healthy);
}
