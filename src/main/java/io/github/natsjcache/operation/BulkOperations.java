package io.github.natsjcache.operation;

import io.github.natsjcache.bucket.OutcomeUnknownException;
import io.github.natsjcache.entry.Entries;
import io.github.natsjcache.entry.Versioned;
import io.github.natsjcache.expiry.Expiry;
import io.github.natsjcache.integration.ReadThrough;
import io.github.natsjcache.integration.WriteThrough;
import io.github.natsjcache.management.CacheStatistics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import org.jspecify.annotations.Nullable;

/**
 * The multi-key operations: one pipelined round of reads and one of writes, instead of a round trip per key.
 *
 * <p>They are not atomic across keys, as the spec allows: {@code putAll} and {@code removeAll} write every key
 * unconditionally after one bulk read that provides the events' old values and the expiry decisions. With a writer,
 * only the entries it wrote (or deleted) change, and its failure is rethrown afterwards.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class BulkOperations<K, V> {

  /**
   * How many {@code loadAll} calls of one cache run at once on a node; more wait their turn. A loader's calls are
   * mostly waits on its system of record, which a few at a time keep busy; a thread per call would let a burst of
   * calls start as many threads.
   */
  public static final int LOAD_THREADS = 4;
  /** Whether this thread runs loads: a loadAll it asks for runs at once, on it. */
  private static final ThreadLocal<Boolean> LOADING = ThreadLocal.withInitial(() -> Boolean.FALSE);

  private final Entries<K, V> entries;
  private final Expiry expiry;
  private final @Nullable ReadThrough<K, V> loader;
  private final @Nullable WriteThrough<K, V> writeThrough;
  private final ConditionalWriter<K, V> writer;
  private final OutcomeReporter<K, V> reporter;
  private final CacheStatistics statistics;
  private final ExecutorService loads;
  private @Nullable ScheduledFuture<?> sweep; // guarded by this
  private volatile boolean closed;

  /**
   * Creates the bulk operations of a cache.
   *
   * @param entries the cache's entries
   * @param expiry the expiry policy as deadlines
   * @param loader the cache loader, or {@code null}
   * @param writeThrough the cache writer, or {@code null} without write-through
   * @param writer the single-key path, for what bulk operations do key by key
   * @param reporter reports events and statistics
   * @param statistics times the operations
   * @param loads the threads {@code loadAll} runs on
   */
  public BulkOperations(Entries<K, V> entries, Expiry expiry, @Nullable ReadThrough<K, V> loader,
      @Nullable WriteThrough<K, V> writeThrough, ConditionalWriter<K, V> writer, OutcomeReporter<K, V> reporter,
      CacheStatistics statistics, ExecutorService loads) {
    this.entries = entries;
    this.expiry = expiry;
    this.loader = loader;
    this.writeThrough = writeThrough;
    this.writer = writer;
    this.reporter = reporter;
    this.statistics = statistics;
    this.loads = loads;
  }

  /** Reads the keys in one round; accesses what is present, then loads what is missing in one loader call. */
  public Map<K, V> getAll(Cache<K, V> source, Set<? extends K> keys) {
    long start = statistics.startTimer();
    Map<K, V> found = new LinkedHashMap<>();
    Set<K> missing = new LinkedHashSet<>();
    entries.readAll(keys).forEach((key, read) -> {
      Applied<V, V> applied = writer.update(key, read, current -> current.isPresent()
          ? Decision.access(current.value()) : Decision.keep(null));
      reporter.report(source, key, applied, OutcomeReporter.Lookup.COUNTED, start);
      V value = applied.decision().result();
      if (value != null) {
        found.put(key, value);
      } else {
        missing.add(key);
      }
    });
    ReadThrough<K, V> reader = loader;
    if (reader != null && reader.loadsOnMiss() && !missing.isEmpty()) {
      // Stored only where the key is still absent: a write during the load is newer than what the loader read.
      reader.loadAll(missing).forEach((key, value) -> {
        found.put(key, value);
        store(source, key, value, /* replaceExisting= */ false);
      });
    }
    return found;
  }

  /** Writes every entry (those the writer accepted, with a writer) and reports each. */
  public void putAll(Cache<K, V> source, Map<? extends K, ? extends V> map) {
    long start = statistics.startTimer();
    Map<K, V> accepted = new LinkedHashMap<>(map);
    CacheWriterException failure = null;
    if (writeThrough != null && !accepted.isEmpty()) {
      Set<K> written = new HashSet<>();
      try {
        writeThrough.writeAll(accepted, written);
      } catch (CacheWriterException e) {
        failure = e;
      }
      accepted.keySet().retainAll(written);
    }
    if (!accepted.isEmpty()) {
      afterWriter(accepted.keySet(), () -> writeAll(source, accepted, start));
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Removes every key (those the writer deleted, with a writer) and reports each removed value. */
  public void removeAll(Cache<K, V> source, Set<? extends K> keys) {
    long start = statistics.startTimer();
    Set<K> accepted = new LinkedHashSet<>(keys);
    CacheWriterException failure = null;
    if (writeThrough != null && !accepted.isEmpty()) {
      Set<K> deleted = new HashSet<>();
      try {
        writeThrough.deleteAll(new ArrayList<>(accepted), deleted);
      } catch (CacheWriterException e) {
        failure = e;
      }
      accepted.retainAll(deleted);
    }
    if (!accepted.isEmpty() && !reporter.isObserved()) {
      afterWriter(accepted, () -> entries.removeAll(accepted));
    } else if (!accepted.isEmpty()) {
      Map<K, Versioned<V>> before = entries.readAll(accepted);
      afterWriter(accepted, () -> entries.removeAll(accepted));
      long now = writer.now();
      before.forEach((key, previous) -> {
        V value = previous.value();
        if (value != null && previous.isExpiredAt(now)) {
          reporter.expired(source, key, value);
        } else if (value != null) {
          reporter.removed(source, key, value, start);
        }
      });
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Runs the bulk write that follows a call of the writer. When it fails for certain (a value over max_payload, not
   * sent while disconnected, refused), the writer holds writes that did not all take effect, so it is first told what
   * stands for each key, read afresh from the bucket (on servers without atomic batches some of them may have been
   * stored). When an outcome is unknown ({@link OutcomeUnknownException}), the writer is left as it is: the write may
   * have taken effect, and the caller is told that it may have.
   */
  private void afterWriter(Collection<K> keys, Runnable write) {
    try {
      write.run();
    } catch (OutcomeUnknownException e) {
      throw e;
    } catch (CacheException e) {
      if (writeThrough != null) {
        try {
          long now = writer.now();
          for (K key : keys) {
            Versioned<V> read = entries.readFresh(key);
            writeThrough.restore(key, read.isExpiredAt(now) ? null : read.value());
          }
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed); // the write's failure stays the operation's error
        }
      }
      throw e;
    }
  }

  /**
   * Loads keys through the loader on another thread, as the spec asks, and tells the listener when done. Without a
   * loader it completes at once.
   */
  public void loadAll(Cache<K, V> source, Set<? extends K> keys, boolean replaceExisting,
      @Nullable CompletionListener listener) {
    ReadThrough<K, V> reader = loader;
    if (reader == null) {
      if (listener != null) {
        listener.onCompletion();
      }
      return;
    }
    Set<K> requested = new LinkedHashSet<>(keys);
    Runnable load = () -> {
      try {
        Set<K> toLoad = new LinkedHashSet<>();
        long now = writer.now();
        Map<K, Versioned<V>> current = replaceExisting ? Map.of() : entries.readAll(requested);
        for (K key : requested) {
          Versioned<V> state = current.get(key);
          if (replaceExisting || state == null || !state.isPresent() || state.isExpiredAt(now)) {
            toLoad.add(key);
          }
        }
        reader.loadAll(toLoad).forEach((key, value) -> store(source, key, value, replaceExisting));
        if (listener != null) {
          listener.onCompletion();
        }
      } catch (RuntimeException e) {
        if (listener != null) {
          listener.onException(e);
        }
      } catch (Error e) {
        // Told too, or a caller waiting on the listener would wait for ever; the error still ends the thread.
        if (listener != null) {
          listener.onException(new CacheLoaderException("loadAll of " + requested.size() + " keys failed: " + e, e));
        }
        throw e;
      }
    };
    if (LOADING.get()) {
      load.run(); // called by a load (its loader or listener): it may wait for this one, which no free thread may take
    } else {
      loads.execute(() -> {
        LOADING.set(Boolean.TRUE);
        load.run();
      });
    }
  }

  /**
   * Sweeps the bucket every {@code interval} until {@link #close()}: reclaims expired entries that no read comes to
   * find (without it, a key written once and never read again would keep its expired value in the bucket forever),
   * and lets old delete markers go where the server does not.
   */
  public synchronized void sweepEvery(Cache<K, V> source, Duration interval, ScheduledExecutorService scheduler) {
    if (!closed) {
      sweep = scheduler.scheduleWithFixedDelay(() -> sweepOnce(source), interval.toMillis(), interval.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  /** One sweep; a failure (a lost connection, say) is logged and the next sweep tries again. */
  private void sweepOnce(Cache<K, V> source) {
    try {
      if (!expiry.isEternal()) {
        reclaimExpired(source);
      }
      entries.compact();
    } catch (RuntimeException e) {
      if (closed) {
        return; // the cache closed under a sweep under way: its connection may be gone, nothing to report
      }
      System.getLogger(BulkOperations.class.getName()).log(System.Logger.Level.WARNING,
          "Sweeping cache '" + source.getName() + "' failed; the next sweep tries again", e);
    }
  }

  /**
   * Removes the entries whose deadline has passed, found from their headers, each through the conditional path: the
   * node whose removal wins reports the expiry, so every entry expires once across the nodes.
   */
  void reclaimExpired(Cache<K, V> source) {
    for (K key : entries.expiredKeys(System.currentTimeMillis())) {
      Applied<V, Void> applied = writer.update(key, current -> Decision.keep(null));
      reporter.report(source, key, applied, OutcomeReporter.Lookup.NOT_COUNTED, 0);
    }
  }

  /** Stores a loaded value (no writer call): over an existing one only when asked. */
  private void store(Cache<K, V> source, K key, V value, boolean replaceExisting) {
    Applied<V, Void> applied = writer.update(key, current -> replaceExisting || !current.isPresent()
        ? Decision.load(value, null) : Decision.keep(null));
    reporter.report(source, key, applied, OutcomeReporter.Lookup.NOT_COUNTED, 0);
  }

  /**
   * One bulk read for old values and deadlines, one bulk write, then the events; without observers and deadlines,
   * the write alone.
   */
  private void writeAll(Cache<K, V> source, Map<K, V> values, long start) {
    if (!reporter.isObserved() && expiry.isEternal()) {
      Map<K, Versioned<V>> eternal = new LinkedHashMap<>();
      values.forEach((key, value) -> eternal.put(key, new Versioned<>(value, 0, Versioned.ETERNAL)));
      entries.writeAll(eternal);
      return;
    }
    long now = writer.now();
    Map<K, Versioned<V>> before = entries.readAll(values.keySet());
    Map<K, Versioned<V>> toWrite = new LinkedHashMap<>();
    List<K> expiredOnCreation = new ArrayList<>(); // created already expired, over an expired value
    values.forEach((key, value) -> {
      Versioned<V> previous = live(before.get(key), now);
      long deadline = previous.isPresent()
          ? expiry.onUpdate(now, previous.expiresAt()) : expiry.onCreation(now);
      if (!previous.isPresent() && deadline <= now && !expiry.isEternal()) {
        Versioned<V> read = before.get(key);
        if (read != null && read.isPresent()) {
          expiredOnCreation.add(key);
          reporter.expired(source, key, Objects.requireNonNull(read.value()));
        }
      } else {
        toWrite.put(key, new Versioned<>(value, 0, deadline));
      }
    });
    entries.writeAll(toWrite);
    toWrite.forEach((key, written) -> {
      Versioned<V> read = before.get(key);
      V old = null;
      if (read != null && read.isExpiredAt(now)) {
        reporter.expired(source, key, Objects.requireNonNull(read.value()));
      } else if (read != null) {
        old = read.value();
      }
      reporter.stored(source, key, Objects.requireNonNull(written.value()), old, start);
    });
    if (!expiredOnCreation.isEmpty()) {
      entries.removeAll(expiredOnCreation);
    }
  }

  private static <V> Versioned<V> live(@Nullable Versioned<V> read, long now) {
    if (read == null) {
      return new Versioned<>(null, 0, Versioned.ETERNAL);
    }
    return read.isExpiredAt(now) ? read.asAbsent() : read;
  }

  /** Stops sweeping, lets the loads under way finish (their loader is closed next), and takes no more. */
  public void close() {
    ScheduledFuture<?> scheduled;
    synchronized (this) {
      closed = true;
      scheduled = sweep;
    }
    if (scheduled != null) {
      scheduled.cancel(false);
    }
    loads.shutdown();
    try {
      loads.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
