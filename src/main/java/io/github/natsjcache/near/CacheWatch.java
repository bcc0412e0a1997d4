package io.github.natsjcache.near;

import io.github.natsjcache.store.BucketWatch;
import io.github.natsjcache.store.WatchHandler;
import org.jspecify.annotations.Nullable;

/**
 * The watch of one cache's bucket on this node, started on first need and closed with the cache.
 *
 * <p>Only a near-cache and listeners need it: a cache with neither has nothing to learn from other nodes' changes,
 * and every write would still be delivered back to it (measured: a quarter of a put's latency on a 2-core machine).
 * It starts without values (headers are enough to invalidate) until a listener wants them.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class CacheWatch<K, V> implements AutoCloseable {

  /** Starts following a bucket from its next message. */
  @FunctionalInterface
  public interface Starter {
    /**
     * Starts the watch.
     *
     * @param handler what to do with each change
     * @param headersOnly whether changes may come without their values
     * @return the running watch
     */
    BucketWatch start(WatchHandler handler, boolean headersOnly);
  }

  /** Builds what the watch tells this node, for the listener of remote changes it is started with. */
  @FunctionalInterface
  public interface HandlerFactory<K, V> {
    /**
     * Builds the handler.
     *
     * @param listener where the changes of other nodes go
     * @return the handler
     */
    WatchHandler handlerFor(RemoteListener<K, V> listener);
  }

  private final Starter starter;
  private final HandlerFactory<K, V> handlers;
  /** Written under this object's lock; read without it, so that JMX never waits for a subscription under way. */
  private volatile @Nullable BucketWatch running;
  private boolean closed;

  /**
   * Creates the watch, not yet started.
   *
   * @param starter starts following the bucket
   * @param handlers builds what the watch tells this node
   */
  public CacheWatch(Starter starter, HandlerFactory<K, V> handlers) {
    this.starter = starter;
    this.handlers = handlers;
  }

  /**
   * Follows the bucket from now on, if not yet; with values from now on if {@code withValues}.
   *
   * @param listener where the changes of other nodes go, if this call starts the watch
   * @param withValues whether a listener needs the changes' values
   */
  public synchronized void follow(RemoteListener<K, V> listener, boolean withValues) {
    if (closed) {
      return;
    }
    BucketWatch watch = running;
    if (watch == null) {
      running = starter.start(handlers.handlerFor(listener), /* headersOnly= */ !withValues);
    } else if (withValues) {
      watch.requireValues();
    }
  }

  /** Whether the watch is healthy, or not needed yet. */
  public boolean isHealthy() {
    BucketWatch watch = running;
    return watch == null || watch.isHealthy();
  }

  /** How many messages the bucket holds beyond those the watch applied, as it knows (asks nothing); 0 while none runs. */
  public long lag() {
    BucketWatch watch = running;
    return watch == null ? 0 : watch.lag();
  }

  /** How many times the watch subscribed again; 0 while none runs. */
  public long resubscriptions() {
    BucketWatch watch = running;
    return watch == null ? 0 : watch.resubscriptions();
  }

  /** How many of the bucket's changes the watch never saw (overwritten before it delivered them); 0 while none runs. */
  public long missedChanges() {
    BucketWatch watch = running;
    return watch == null ? 0 : watch.missedChanges();
  }

  /** How many resubscriptions in a row have failed; 0 while none runs. */
  public int failedResubscriptions() {
    BucketWatch watch = running;
    return watch == null ? 0 : watch.failedResubscriptions();
  }

  /** Stops following; the watch is not started again. */
  @Override
  public synchronized void close() {
    closed = true;
    BucketWatch watch = running;
    running = null;
    if (watch != null) {
      watch.close();
    }
  }
}
