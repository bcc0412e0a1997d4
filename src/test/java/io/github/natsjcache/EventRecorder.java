package io.github.natsjcache;

import static javax.cache.event.EventType.CREATED;
import static javax.cache.event.EventType.EXPIRED;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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
 * A listener for every event type that records every event it hears, with its old value when the event carries one:
 * what a node was told about the changes of every node.
 *
 * <p>Remote events arrive in stream order, so once a recorder has heard of a write made after some others (a marker),
 * it has heard everything it ever will about the earlier ones.
 */
public final class EventRecorder implements CacheEntryCreatedListener<String, String>,
    CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String>,
    CacheEntryExpiredListener<String, String>, Serializable {

  private static final long serialVersionUID = 1L;

  /** What a listener was told about one entry ({@code oldValue} is null when the event carried none). */
  public record Seen(EventType type, String key, String value, String oldValue) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch latch = new CountDownLatch(0);

  /** Registers a new recorder on a cache: synchronous, old values required, no filter. */
  public static EventRecorder listenTo(Cache<String, String> cache) {
    return listenTo(cache, /* synchronous= */ true);
  }

  /** Registers a new recorder on a cache, synchronous or not: old values required, no filter. */
  public static EventRecorder listenTo(Cache<String, String> cache, boolean synchronous) {
    return listenTo(cache, synchronous, /* oldValueRequired= */ true);
  }

  /** Registers a new recorder on a cache, synchronous or not, wanting old values or not; no filter. */
  public static EventRecorder listenTo(Cache<String, String> cache, boolean synchronous, boolean oldValueRequired) {
    EventRecorder recorder = new EventRecorder();
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(recorder), null, oldValueRequired, synchronous));
    return recorder;
  }

  /** Everything heard so far, in order. */
  public List<Seen> seen() {
    return new ArrayList<>(seen);
  }

  /** The type of everything heard so far, in order. */
  public List<EventType> types() {
    return seen.stream().map(Seen::type).toList();
  }

  /** The expiries heard so far, in order. */
  public List<Seen> expiries() {
    return seen.stream().filter(event -> event.type() == EXPIRED).toList();
  }

  /** How many events were heard so far: a mark for {@link #since}. */
  public int count() {
    return seen.size();
  }

  /** What was heard after {@code mark} events. */
  public List<Seen> since(int mark) {
    List<Seen> all = seen();
    return new ArrayList<>(all.subList(mark, all.size()));
  }

  /** Counts {@code latch} down once for every event heard from now on. */
  public void countDownOnEvent(CountDownLatch latch) {
    this.latch = latch;
  }

  /** Waits (boundedly) until the creation of {@code key} was heard. */
  public void awaitCreated(String key) {
    awaitSeen(CREATED, key);
  }

  /** Waits (boundedly) until an event of {@code type} about {@code key} was heard. */
  public void awaitSeen(EventType type, String key) {
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
      latch.countDown();
    }
  }
}
