package io.github.natsjcache.near;

import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * Receives the changes other nodes and other NATS clients made, as the watch applies them: in revision order per key
 * (in stream order, in fact), never this node's own writes.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface RemoteListener<K, V> {

  /**
   * One remote change.
   *
   * @param type created, updated, removed or expired
   * @param key the key
   * @param value the new value (for a removal or expiry: the old value, if known)
   * @param oldValue the value before, if this node knew it
   * @param beforeWaiting to run before the listener makes the watch wait (for room for the event): the node then
   *     serves nothing from memory until this change is applied
   */
  void changed(EventType type, K key, @Nullable V value, @Nullable V oldValue, Runnable beforeWaiting);
}
