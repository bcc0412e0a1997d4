package io.github.natsjcache.near;

import io.github.natsjcache.entry.Versioned;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** The near-cache of a cache without one: it keeps nothing and knows nothing, so nothing is ever served from it. */
final class NoNearCache implements NearCache<Object, Object> {

  static final NoNearCache INSTANCE = new NoNearCache();

  private NoNearCache() {}

  @Override
  public boolean isEnabled() {
    return false;
  }

  @Override
  public @Nullable Versioned<Object> cached(Object key) {
    return null;
  }

  @Override
  public long fetchStamp() {
    return 0;
  }

  @Override
  public void install(Object key, Versioned<Object> fetched, long stamp) {}

  @Override
  public void invalidate(Object key, long revision) {}

  @Override
  public void fence(Object key, long revision) {}

  @Override
  public void removed(Object key, long revision, long stamp) {}

  @Override
  public void forget(Object key) {}

  @Override
  public void clear(long revision) {}

  @Override
  public void dropBefore(long first) {}

  @Override
  public void reset() {}

  @Override
  public boolean isBehind(Object key, Versioned<Object> fetched) {
    return false;
  }

  @Override
  public long newestKnown(Object key) {
    return 0;
  }

  @Override
  public void setServing(boolean serving) {}

  @Override
  public void suspendUntilApplied(long revision) {}

  @Override
  public void applied(long revision) {}

  /** Nothing is served from memory here, so there is nothing to wait for. */
  @Override
  public CompletableFuture<Void> whenApplied(long revision) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void release(long revision) {}

  @Override
  public void countReads(boolean counting) {
    // nothing is read from memory
  }

  @Override
  public long hits() {
    return 0;
  }

  @Override
  public long misses() {
    return 0;
  }

  @Override
  public long invalidations() {
    return 0;
  }

  @Override
  public long evictions() {
    return 0;
  }
}
