package io.github.natsjcache.near;

import io.github.natsjcache.store.Change;
import io.github.natsjcache.store.EntryStore;
import io.github.natsjcache.store.WatchHandler;
import javax.cache.event.EventType;

/**
 * Applies a bucket's changes, as its watch delivers them, to this node: the near-cache is fenced at each change's
 * revision, and the changes of other nodes and clients go to the listeners.
 *
 * <ul>
 *   <li>This node's own writes (its id on a revision it wrote) only fence: their listeners heard them already.
 *   <li>Whether a change created its key or updated it, and the value it replaced, come from the watch, which follows
 *       the bucket's one order of changes (once a listener wants values): the same at every node, whoever wrote.
 *   <li>A removal marked as an expiry is one (a node's, or the server's); a removal of a key without a value is
 *       heard by nobody, as on the node that made it.
 *   <li>The purge marker of {@code clear()} clears the near-cache (no events, as {@code clear()} has none), and so
 *       does a gap in the stream: nothing read before it can be proven fresh. A value older than the stream's first
 *       message was purged by an operator (or expired by the server): it goes. A bucket created anew resets it.
 *   <li>While the watch is unhealthy the near-cache serves nothing; nor while it waits for a backlogged listener.
 * </ul>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class WatchApplier<K, V> implements WatchHandler {

  private final NearCache<K, V> near;
  private final EntryStore<K, V> decoder;
  private final RemoteListener<K, V> listener;
  private final InvalidationDelays delays;

  /**
   * Creates the applier.
   *
   * @param near the near-cache (a disabled one when this cache has none)
   * @param decoder decodes the keys and values of changes
   * @param listener receives the changes of other nodes
   * @param delays records how long other nodes' writes take to arrive
   */
  public WatchApplier(NearCache<K, V> near, EntryStore<K, V> decoder, RemoteListener<K, V> listener,
      InvalidationDelays delays) {
    this.near = near;
    this.decoder = decoder;
    this.listener = listener;
    this.delays = delays;
  }

  @Override
  public void onChange(Change change) {
    apply(change);
    near.applied(change.revision());
  }

  private void apply(Change change) {
    if (change.isClear()) {
      near.clear(change.revision());
      return;
    }
    K key = decoder.keyOf(change);
    if (key == null) {
      return;
    }
    if (change.own()) {
      near.fence(key, change.revision());
      return;
    }
    near.invalidate(key, change.revision());
    delays.record(change.publishedAt(), System.currentTimeMillis());
    if (change.isAccess()) {
      return; // a new deadline for the same value: an access, of which JSR-107 tells no listener
    }
    // If the listeners' threads have no room, the watch waits with this change, and the changes after it with it:
    // until it is applied, nothing is proven fresh.
    Runnable beforeWaiting = () -> near.suspendUntilApplied(change.revision());
    Change.Before before = change.before();
    V oldValue = before == null ? null : decoder.valueOf(before);
    if (change.removed()) {
      if (before != null) { // removing what was not there changes nothing, and a local listener hears nothing of it
        listener.changed(change.isExpiry() ? EventType.EXPIRED : EventType.REMOVED, key, oldValue, oldValue,
            beforeWaiting);
      }
    } else {
      listener.changed(before == null ? EventType.CREATED : EventType.UPDATED, key, decoder.valueOf(change),
          oldValue, beforeWaiting);
    }
  }

  @Override
  public void onGap(long resumedAt) {
    near.clear(resumedAt);
  }

  @Override
  public void onRecreated() {
    near.reset();
  }

  @Override
  public void onFirstRevision(long first) {
    near.dropBefore(first);
  }

  @Override
  public void onHealth(boolean healthy) {
    near.setServing(healthy);
  }
}
