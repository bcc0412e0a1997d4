package io.github.natsjcache.store;

/**
 * What a {@link BucketWatch} tells the layer above it. Changes come on the watch's one thread, in stream order; a gap,
 * a recreation and the health also come from the thread that checks and resubscribes the watch, before the first
 * change of the new subscription.
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
   * The bucket was deleted and created again: its revisions began again at 1, so whatever was derived from the old
   * ones (fences, applied revisions) means nothing. Called before the first change of the new stream.
   */
  void onRecreated();

  /**
   * The bucket's oldest message, as a periodic check found it: a key's newest message is never older, so a value read
   * at an older revision is gone (an operator purged the stream, or the server expired it).
   */
  void onFirstRevision(long first);

  /**
   * Whether the watch is healthy: subscribed and caught up with the stream. False from a disconnection or a missed
   * heartbeat until it has resubscribed and applied every message that was published meanwhile.
   */
  void onHealth(boolean healthy);
}
