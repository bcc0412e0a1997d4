package io.github.natsjcache.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * Delivers a cache's entry events to its registered listeners.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Synchronous listeners are called on the thread of the operation, after the bucket acknowledged the change
 *       and before the operation returns; what they throw reaches the caller as a
 *       {@link CacheEntryListenerException}.
 *   <li>Asynchronous listeners are called on one thread per cache, in the order the changes were made on this
 *       node, so events of one key arrive in order; what they throw is dropped, as the spec allows.
 *   <li>Other nodes' changes reach synchronous listeners on a thread of their own, in stream order, so that a slow
 *       listener never holds up the watch (and the invalidations it applies).
 *   <li>Each of the two threads has room for a bounded backlog of events ({@code listenerBacklog}). When it is full,
 *       whoever makes the next change waits for room: a local operation returns once its events are queued, and the
 *       watch pauses, its node serving nothing from memory until the watch has caught up again. No event is dropped
 *       and no value is served stale; a listener that cannot keep up slows the changes down to its pace, instead of
 *       filling the heap (an unbounded queue) or missing events (a dropping one). JSR-107 promises every event to
 *       every listener, and an application that registered one counts on it: waiting keeps that promise, and a
 *       listener that must not slow writes hands its events on to a queue of its own.
 *   <li>Filters run before delivery; old values reach only listeners that asked for them.
 *   <li>Registering the same configuration twice is refused; deregistering stops delivery at once.
 * </ul>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class EventDispatcher<K, V> implements AutoCloseable {

  private final List<ListenerRegistration<K, V>> registrations = new CopyOnWriteArrayList<>();
  private final EventQueue asynchronous;
  private final ThreadPoolExecutor remote;

  /**
   * Creates the dispatcher.
   *
   * @param asynchronous the one thread of this cache that calls its asynchronous listeners, in order
   * @param remote the one thread that calls synchronous listeners with other nodes' changes, in order, with room for
   *     {@code backlog} of them; a caller that finds none waits for it
   * @param backlog how many events may wait for the asynchronous listeners' thread
   */
  public EventDispatcher(ExecutorService asynchronous, ThreadPoolExecutor remote, int backlog) {
    this.asynchronous = new EventQueue(asynchronous, backlog);
    this.remote = remote;
  }

  /**
   * Registers a listener.
   *
   * @throws IllegalArgumentException if the same configuration is registered already
   */
  public synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        throw new IllegalArgumentException("This listener configuration is registered already");
      }
    }
    registrations.add(new ListenerRegistration<>(configuration));
  }

  /** Deregisters a listener and closes it; an unknown configuration is ignored. */
  public synchronized void deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    List<ListenerRegistration<K, V>> removed = registrations.stream()
        .filter(registration -> registration.configuration().equals(configuration))
        .toList();
    registrations.removeAll(removed);
    removed.forEach(ListenerRegistration::close);
  }

  /** Whether any listener is registered, so operations skip reading old values when none is. */
  public boolean hasListeners() {
    return !registrations.isEmpty();
  }

  /**
   * Publishes one change.
   *
   * @param source the cache that changed: what the event names as its source
   * @param type what happened
   * @param key the key
   * @param value the new value (for a removal or expiry: the value removed)
   * @param oldValue the value before, or {@code null}
   */
  public void publish(Cache<K, V> source, EventType type, K key, @Nullable V value, @Nullable V oldValue) {
    dispatch(source, type, key, value, oldValue, EventDispatcher::deliverSynchronously, () -> { });
  }

  /**
   * Publishes a change made by another node or client, as its watch applies it: synchronous listeners run on the
   * thread for remote events (so in stream order), and since no caller waits, what any listener throws is logged.
   * Waits while a thread has no room for the event, after running {@code beforeWaiting}.
   *
   * @param beforeWaiting run before the watch waits for room: the changes after this one wait with it
   */
  public void publishRemote(Cache<K, V> source, EventType type, K key, @Nullable V value, @Nullable V oldValue,
      Runnable beforeWaiting) {
    dispatch(source, type, key, value, oldValue, (registration, event) -> {
      if (remote.getQueue().remainingCapacity() == 0) {
        beforeWaiting.run(); // only the watch gives this thread events: no room now means it waits
      }
      remote.execute(() -> {
        EventQueue.deliveringHere();
        deliverAsynchronously(registration, event);
      });
    }, beforeWaiting);
  }

  /**
   * Delivers to each listener of the type: synchronous ones through {@code inline}, the others on our thread (running
   * {@code beforeWaiting} if it has no room).
   */
  private void dispatch(Cache<K, V> source, EventType type, K key, @Nullable V value, @Nullable V oldValue,
      BiConsumer<ListenerRegistration<K, V>, EntryEvent<K, V>> inline, Runnable beforeWaiting) {
    if (registrations.isEmpty()) {
      return;
    }
    EntryEvent<K, V> event = new EntryEvent<>(source, type, key, value, oldValue);
    for (ListenerRegistration<K, V> registration : registrations) {
      if (!registration.handles(type)) {
        continue;
      }
      if (registration.isSynchronous()) {
        inline.accept(registration, event);
      } else {
        deliverLater(registration, event, beforeWaiting);
      }
    }
  }

  /**
   * Queues an event for the asynchronous thread. Once the cache has closed, its listeners are closed and hear nothing
   * more: the event of a write that was stored while the cache closed is dropped, and the write still returns.
   */
  private void deliverLater(ListenerRegistration<K, V> registration, EntryEvent<K, V> event,
      Runnable beforeWaiting) {
    try {
      asynchronous.execute(() -> deliverAsynchronously(registration, event), beforeWaiting);
    } catch (RejectedExecutionException closed) {
      System.getLogger(EventDispatcher.class.getName()).log(System.Logger.Level.DEBUG,
          "Cache '" + event.getSource().getName() + "' closed: an event for its closed listeners is dropped");
    }
  }

  private static <K, V> void deliverSynchronously(ListenerRegistration<K, V> registration,
      EntryEvent<K, V> event) {
    try {
      registration.deliverIfAccepted(event);
    } catch (CacheEntryListenerException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheEntryListenerException(e);
    }
  }

  /** Delivers where nobody waits for the listener: what it throws is logged, and the next event goes on. */
  private static <K, V> void deliverAsynchronously(ListenerRegistration<K, V> registration,
      EntryEvent<K, V> event) {
    try {
      registration.deliverIfAccepted(event);
    } catch (RuntimeException e) {
      System.getLogger(EventDispatcher.class.getName()).log(System.Logger.Level.WARNING,
          "A listener of cache '" + event.getSource().getName() + "' failed", e);
    }
  }

  /**
   * Stops asynchronous delivery after the events already queued, then closes every listener. Events of writes still
   * in flight are dropped.
   */
  @Override
  public void close() {
    asynchronous.shutdown();
    remote.shutdown();
    try {
      asynchronous.awaitTermination(5, TimeUnit.SECONDS);
      remote.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    registrations.forEach(ListenerRegistration::close);
    registrations.clear();
  }
}
