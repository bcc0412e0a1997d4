package io.github.natsjcache.near;

import static javax.cache.event.EventType.CREATED;

import io.github.natsjcache.Eventually;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/**
 * A synchronous listener, with old values, that records every event it hears: what a node was told about the
 * changes of every node.
 *
 * <p>Remote events arrive in stream order, so once a recorder has heard of a write made after some others (a marker),
 * it has heard everything it ever will about the earlier ones.
 */
final class EventRecorder implements CacheEntryCreatedListener<String, String>,
    CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String>,
    CacheEntryExpiredListener<String, String>, Serializable {

  private static final long serialVersionUID = 1L;

  /** What a listener was told about one entry. */
  record Seen(EventType type, String key, String value, String oldValue) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  /** Registers a new recorder on a cache: synchronous, old values required, no filter. */
  static EventRecorder listenTo(Cache<String, String> cache) {
    EventRecorder recorder = new EventRecorder();
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(recorder), null, /* isOldValueRequired= */ true, /* isSynchronous= */ true));
    return recorder;
  }

  /** Everything heard so far, in order. */
  List<Seen> seen() {
    return new ArrayList<>(seen);
  }

  /** How many events were heard so far: a mark for {@link #since}. */
  int count() {
    return seen.size();
  }

  /** What was heard after {@code mark} events. */
  List<Seen> since(int mark) {
    List<Seen> all = seen();
    return new ArrayList<>(all.subList(mark, all.size()));
  }

  /** Waits (boundedly) until the creation of {@code key} was heard. */
  void awaitCreated(String key) {
    awaitSeen(CREATED, key);
  }

  /** Waits (boundedly) until an event of {@code type} about {@code key} was heard. */
  void awaitSeen(EventType type, String key) {
    Eventually.assertTrue(() -> seen.stream().anyMatch(event -> event.type() == type && event.key().equals(key)),
        type + " of " + key + " heard; heard " + seen);
  }

  @Override
  public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
    record(events);
  }

  @Override
  public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
    record(events);
  }

  @Override
  public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
    record(events);
  }

  @Override
  public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
    record(events);
  }

  private void record(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
    for (CacheEntryEvent<? extends String, ? extends String> event : events) {
      seen.add(new Seen(event.getEventType(), event.getKey(), event.getValue(),
          event.isOldValueAvailable() ? event.getOldValue() : null));
    }
  }
}
