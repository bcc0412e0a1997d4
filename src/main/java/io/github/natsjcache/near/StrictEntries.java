package io.github.natsjcache.near;

import io.github.natsjcache.entry.Entries;
import io.github.natsjcache.entry.MemoryReads;
import io.github.natsjcache.entry.PreparedWrite;
import io.github.natsjcache.entry.Versioned;
import io.github.natsjcache.store.StrictBarrier;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Strict mode ({@code strict=true}): every write returns only after every live node has applied it, so a read on any
 * node after the write returned sees it. Waiting for the highest revision of a bulk write covers all of it, as each
 * node's watch applies the stream in order.
 *
 * <p>How its halves meet, on every node of a strict cache:
 * <ul>
 *   <li>The writing half is this class: after a write is acknowledged at revision {@code r}, it asks the
 *       {@link StrictBarrier} to wait for the other nodes.
 *   <li>The protocol is the {@link StrictBarrier} (in {@code store}, since it speaks core NATS): presence heartbeats,
 *       and a request "have you applied {@code r}?" that every live node answers.
 *   <li>The waiting half is {@link NearCache#whenApplied}: a node answers once its watch has applied {@code r}
 *       (the {@link WatchApplier} records each applied revision); one that has not within half the bound stops
 *       serving from memory until it has, since the writer goes on without it.
 *   <li>The {@code CacheFactory} joins them: it builds the barrier with this node's near-cache as the waiter and puts
 *       this layer over the near-cached entries.
 * </ul>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class StrictEntries<K, V> implements Entries<K, V> {

  private final Entries<K, V> entries;
  private final StrictBarrier barrier;

  /**
   * Makes a cache's writes strict.
   *
   * @param entries the entries, near-cached
   * @param barrier waits for the other nodes
   */
  public StrictEntries(Entries<K, V> entries, StrictBarrier barrier) {
    this.entries = entries;
    this.barrier = barrier;
  }

  @Override
  public Versioned<V> read(K key) {
    return entries.read(key);
  }

  @Override
  public Versioned<V> readFresh(K key) {
    return entries.readFresh(key);
  }

  @Override
  public @Nullable Versioned<V> cached(K key) {
    return entries.cached(key);
  }

  @Override
  public MemoryReads<K, V> memoryReads() {
    return entries.memoryReads(); // a hit waits for nobody: the barrier is a write's
  }

  @Override
  public Map<K, Versioned<V>> readAll(Collection<? extends K> keys) {
    return entries.readAll(keys);
  }

  @Override
  public PreparedWrite<K, V> prepare(K key, V value, long expiresAt) {
    return entries.prepare(key, value, expiresAt);
  }

  @Override
  public long write(PreparedWrite<K, V> write) {
    return awaited(entries.write(write));
  }

  @Override
  public OptionalLong writeIf(PreparedWrite<K, V> write, Versioned<V> expected) {
    OptionalLong revision = entries.writeIf(write, expected);
    revision.ifPresent(barrier::awaitPeers);
    return revision;
  }

  @Override
  public Map<K, Long> writeAll(Map<K, Versioned<V>> values) {
    return awaitedAll(entries.writeAll(values));
  }

  @Override
  public OptionalLong removeIf(K key, Versioned<V> expected, boolean expiry) {
    OptionalLong revision = entries.removeIf(key, expected, expiry);
    revision.ifPresent(barrier::awaitPeers);
    return revision;
  }

  @Override
  public Map<K, Long> removeAll(Collection<? extends K> keys) {
    return awaitedAll(entries.removeAll(keys));
  }

  @Override
  public List<K> keys() {
    return entries.keys();
  }

  @Override
  public void compact() {
    entries.compact();
  }

  @Override
  public List<K> expiredKeys(long now) {
    return entries.expiredKeys(now);
  }

  @Override
  public long clear() {
    return awaited(entries.clear());
  }

  /** Leaves the barrier: the other nodes stop waiting for this one. */
  @Override
  public void close() {
    barrier.close();
    entries.close();
  }

  private long awaited(long revision) {
    barrier.awaitPeers(revision);
    return revision;
  }

  private Map<K, Long> awaitedAll(Map<K, Long> revisions) {
    if (!revisions.isEmpty()) {
      barrier.awaitPeers(Collections.max(revisions.values()));
    }
    return revisions;
  }
}
