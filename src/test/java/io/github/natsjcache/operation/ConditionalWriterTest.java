package io.github.natsjcache.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.bucket.OutcomeUnknownException;
import io.github.natsjcache.entry.Versioned;
import io.github.natsjcache.expiry.Expiry;
import io.github.natsjcache.integration.RecordingWriter;
import io.github.natsjcache.integration.WriteThrough;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The retry loop of {@link ConditionalWriter} under conflicts, on entries in memory: a refused write makes the
 * decision again on a fresh read, and the last run is the one that took effect (its result, its previous state);
 * a decision that depends on absence loses to a conflicting create; concurrent read-modify-writes lose no update;
 * a near-cache hit that turns out stale falls back to a fresh read, and a current one saves it. With a cache writer,
 * the writer sees the writes that take effect: decisions stand on fresh reads, one node's operations on a key go one
 * at a time, and a write that lost a race to another node is followed by what stands.
 */
@Tag("unit")
class ConditionalWriterTest {

  /** Far longer than any test's race, yet short enough for the one that never wins. */
  private static final Duration GIVE_UP_AFTER = Duration.ofMillis(300);

  private final InMemoryEntries<String, String> entries = new InMemoryEntries<>();
  private final ConditionalWriter<String, String> writer = eternalWriter(entries);
  private final List<String> decidedOn = new ArrayList<>();

  @Test
  void update_conflict_decidesAgainOnFreshRead_lastRunTakesEffect() {
    entries.write("k", "a", Versioned.ETERNAL);
    entries.rivalWritesFirst(1, current -> "b");

    Applied<String, String> applied = writer.update("k", current -> {
      decidedOn.add(current.value());
      return Decision.put(current.value() + "+mine", "was " + current.value());
    });

    assertEquals(List.of("a", "b"), decidedOn);
    assertEquals("b+mine", entries.read("k").value());
    assertEquals("was b", applied.decision().result());
    assertEquals("b", applied.previous().value());
    assertTrue(applied.stored());
    assertEquals(1, entries.conflicts());
  }

  @Test
  void update_conflictsUntilRivalsStop_retriesUntilItWins() {
    entries.rivalWritesFirst(3, current -> current.isPresent() ? current.value() + "r" : "r");

    writer.update("k", current -> {
      decidedOn.add(String.valueOf(current.value()));
      return Decision.put("mine", null);
    });

    assertEquals(List.of("null", "r", "rr", "rrr"), decidedOn);
    assertEquals("mine", entries.read("k").value());
    assertEquals(3, entries.conflicts());
    assertEquals(1, entries.conditionalWrites());
  }

  @Test
  void update_losingPastTheTimeout_failsNamingCacheAndKey() {
    entries.rivalWritesFirst(Integer.MAX_VALUE, current -> current.isPresent() ? current.value() + "r" : "r");

    CacheException thrown = assertThrows(CacheException.class,
        () -> writer.update("k", current -> Decision.put("mine", null)));

    assertTrue(thrown.getMessage().contains("key k of cache 'test'"), thrown.getMessage());
    assertTrue(entries.conflicts() > RetryBackoff.IMMEDIATE_RETRIES, "it retried before giving up");
  }

  @Test
  void update_longLosingStreak_pausesBetweenLaterRetries_andWins() {
    int streak = RetryBackoff.IMMEDIATE_RETRIES + 8;
    entries.rivalWritesFirst(streak, current -> current.isPresent() ? current.value() + "r" : "r");
    long started = System.nanoTime();

    writer.update("k", current -> Decision.put("mine", null));

    // Each of the 8 later retries paused at least half its window: 50 + 100 + 200 + 400 + 800 + 1600 + 2000 + 2000 µs.
    assertTrue(System.nanoTime() - started >= TimeUnit.MICROSECONDS.toNanos(7_150));
    assertEquals("mine", entries.read("k").value());
    assertEquals(streak, entries.conflicts());
  }

  @Test
  void putIfAbsent_conflictingCreateWon_returnsFalseAndKeepsTheWinner() {
    entries.rivalWritesFirst(1, current -> "theirs");

    Applied<String, Boolean> applied = writer.update("k", current -> {
      decidedOn.add(String.valueOf(current.value()));
      return current.isPresent() ? Decision.keep(false) : Decision.put("mine", true);
    });

    assertEquals(List.of("null", "theirs"), decidedOn);
    assertEquals(false, applied.decision().result());
    assertFalse(applied.stored());
    assertEquals("theirs", entries.read("k").value());
  }

  @Test
  void removeIfPresent_conflictingRemoveWon_returnsFalse() {
    entries.write("k", "a", Versioned.ETERNAL);
    entries.rivalWritesFirst(1, current -> null);

    Applied<String, Boolean> applied = writer.update("k",
        current -> current.isPresent() ? Decision.remove(true) : Decision.keep(false));

    assertEquals(false, applied.decision().result());
    assertFalse(applied.removed());
    assertNull(entries.read("k").value());
    assertEquals(0, entries.conditionalWrites());
  }

  @Test
  void getAndRemove_conflictingUpdate_removesAndReturnsTheUpdatedValue() {
    entries.write("k", "a", Versioned.ETERNAL);
    entries.rivalWritesFirst(1, current -> "b");

    Applied<String, String> applied = writer.update("k", current -> Decision.remove(current.value()));

    assertEquals("b", applied.decision().result());
    assertTrue(applied.removed());
    assertNull(entries.read("k").value());
  }

  @Test
  void update_concurrentIncrements_endWithExactTotal() throws InterruptedException {
    int threads = 8;
    int incrementsEach = 1_000;
    InMemoryEntries<String, Integer> counters = new InMemoryEntries<>();
    ConditionalWriter<String, Integer> counterWriter = eternalWriter(counters);
    onThreadsAtOnce(threads, incrementsEach, () -> counterWriter.update("counter", current ->
        Decision.put(current.isPresent() ? current.value() + 1 : 1, null)));

    assertEquals(threads * incrementsEach, counters.read("counter").value());
    assertEquals(threads * incrementsEach, counters.conditionalWrites());
  }

  @Test
  void update_conflictOnNearCacheHit_fallsBackToReadFresh() {
    long stale = entries.write("k", "a", Versioned.ETERNAL);
    entries.write("k", "b", Versioned.ETERNAL);
    entries.nearCacheHolds("k", new Versioned<>("a", stale, Versioned.ETERNAL));

    Applied<String, String> applied = writer.update("k", current -> {
      decidedOn.add(current.value());
      return Decision.put(current.value() + "+mine", null);
    });

    assertEquals(List.of("a", "b"), decidedOn);
    assertEquals(1, entries.freshReads());
    assertEquals("b", applied.previous().value());
    assertEquals("b+mine", entries.read("k").value());
  }

  @Test
  void update_currentNearCacheHit_writesWithoutReadingFresh() {
    long current = entries.write("k", "a", Versioned.ETERNAL);
    entries.nearCacheHolds("k", new Versioned<>("a", current, Versioned.ETERNAL));

    writer.update("k", state -> {
      decidedOn.add(state.value());
      return Decision.put(state.value() + "+mine", null);
    });

    assertEquals(List.of("a"), decidedOn);
    assertEquals(0, entries.freshReads());
    assertEquals("a+mine", entries.read("k").value());
  }

  @Test
  void update_keepOnNearCacheHit_decidesAgainOnFreshRead() {
    long stale = entries.write("k", "a", Versioned.ETERNAL);
    entries.write("k", "b", Versioned.ETERNAL);
    entries.nearCacheHolds("k", new Versioned<>("a", stale, Versioned.ETERNAL));

    Applied<String, String> applied = writer.update("k", current -> {
      decidedOn.add(current.value());
      return Decision.keep(current.value());
    });

    assertEquals(List.of("a", "b"), decidedOn);
    assertEquals("b", applied.decision().result());
    assertEquals(1, entries.freshReads());
  }

  @Test
  void update_keepOnCurrentNearCacheHit_decidesOnce_confirmedByFreshRead() {
    long current = entries.write("k", "a", Versioned.ETERNAL);
    entries.nearCacheHolds("k", new Versioned<>("a", current, Versioned.ETERNAL));

    Applied<String, String> applied = writer.update("k", state -> {
      decidedOn.add(state.value());
      return Decision.keep(state.value());
    });

    assertEquals(List.of("a"), decidedOn);
    assertEquals(1, entries.freshReads(), "the hit is confirmed, not trusted");
    assertEquals("a", applied.decision().result());
  }

  // with a cache writer: it sees the writes that take effect

  @Test
  void putIfAbsent_withWriter_staleNearCacheHit_decidesOnFreshRead_writerSeesNothing() {
    entries.write("k", "theirs", Versioned.ETERNAL);
    entries.nearCacheHolds("k", new Versioned<>(null, 0, Versioned.ETERNAL)); // absent, before their write
    RecordingWriter recorder = new RecordingWriter();

    Applied<String, Boolean> applied = writingWriter(entries, recorder).update("k",
        current -> current.isPresent() ? Decision.keep(false) : Decision.put("mine", true));

    assertEquals(false, applied.decision().result());
    assertEquals(List.of(), recorder.calls());
    assertEquals(0, entries.conflicts());
  }

  @Test
  void putIfAbsent_withWriter_lostRace_writerToldTheWinnersValue() {
    entries.rivalWritesFirst(1, current -> "theirs");
    RecordingWriter recorder = new RecordingWriter();

    Applied<String, Boolean> applied = writingWriter(entries, recorder).update("k",
        current -> current.isPresent() ? Decision.keep(false) : Decision.put("mine", true));

    assertEquals(false, applied.decision().result());
    assertEquals(List.of("write k=mine", "write k=theirs"), recorder.calls(), "the write that lost is undone");
    assertEquals("theirs", entries.read("k").value());
  }

  @Test
  void replace_withWriter_lostRace_writerToldTheWinnersValue() {
    entries.write("k", "old", Versioned.ETERNAL);
    entries.rivalWritesFirst(1, current -> "other");
    RecordingWriter recorder = new RecordingWriter();

    Applied<String, Boolean> applied = writingWriter(entries, recorder).update("k", current ->
        "old".equals(current.value()) ? Decision.put("new", true) : Decision.access(false));

    assertEquals(false, applied.decision().result());
    assertEquals(List.of("write k=new", "write k=other"), recorder.calls());
  }

  @Test
  void removeIfEqual_withWriter_lostRace_writerToldTheWinnersValue() {
    entries.write("k", "v", Versioned.ETERNAL);
    entries.rivalWritesFirst(1, current -> "w");
    RecordingWriter recorder = new RecordingWriter();

    Applied<String, Boolean> applied = writingWriter(entries, recorder).update("k", current ->
        "v".equals(current.value()) ? Decision.remove(true) : Decision.access(false));

    assertEquals(false, applied.decision().result());
    assertEquals(List.of("delete k", "write k=w"), recorder.calls());
    assertEquals("w", entries.read("k").value());
  }

  @Test
  void increment_withWriter_lostRace_writerEndsAtTheValueStored() {
    entries.write("k", "1", Versioned.ETERNAL);
    entries.rivalWritesFirst(1, current -> "5");
    RecordingWriter recorder = new RecordingWriter();

    writingWriter(entries, recorder).update("k",
        current -> Decision.put(String.valueOf(Integer.parseInt(current.value()) + 1), null));

    assertEquals(List.of("write k=2", "write k=6"), recorder.calls());
    assertEquals("6", entries.read("k").value());
  }

  @Test
  void update_withWriter_losingPastTheTimeout_writerToldWhatStandsBeforeTheFailure() {
    entries.rivalWritesFirst(Integer.MAX_VALUE, current -> current.isPresent() ? current.value() + "r" : "r");
    RecordingWriter recorder = new RecordingWriter();

    assertThrows(CacheException.class, () -> writingWriter(entries, recorder).update("k",
        current -> Decision.put("mine", null)));

    List<String> calls = recorder.calls();
    assertEquals("write k=" + entries.read("k").value(), calls.get(calls.size() - 1));
  }

  @Test
  void update_withWriter_losingPastTheTimeout_correctionFails_throwsGaveUpWithTheCorrectionSuppressed() {
    entries.rivalWritesFirst(Integer.MAX_VALUE, current -> current.isPresent() ? current.value() + "r" : "r");

    CacheException failure = assertThrows(CacheException.class, () -> writingWriter(entries, new WritesOnly("mine"))
        .update("k", current -> Decision.put("mine", null)));

    assertTrue(failure.getMessage().startsWith("Gave up on key k"), failure.getMessage());
    assertEquals(1, failure.getSuppressed().length);
    assertInstanceOf(CacheWriterException.class, failure.getSuppressed()[0]);
  }

  @Test
  void put_withWriter_writeFailsForCertain_writerToldWhatStands() {
    entries.write("k", "old", Versioned.ETERNAL);
    CacheException notSent = new CacheException("not sent");
    entries.nextWriteFails(notSent);
    RecordingWriter recorder = new RecordingWriter();

    CacheException failure = assertThrows(CacheException.class, () -> writingWriter(entries, recorder)
        .update("k", current -> Decision.put("new", null)));

    assertSame(notSent, failure);
    assertEquals(List.of("write k=new", "write k=old"), recorder.calls(), "the write that failed is undone");
    assertEquals("old", entries.read("k").value());
  }

  @Test
  void putIfAbsent_withWriter_writeFailsForCertain_writerToldTheKeyIsAbsent() {
    entries.nextWriteFails(new CacheException("refused"));
    RecordingWriter recorder = new RecordingWriter();

    assertThrows(CacheException.class, () -> writingWriter(entries, recorder)
        .update("k", current -> current.isPresent() ? Decision.keep(false) : Decision.put("new", true)));

    assertEquals(List.of("write k=new", "delete k"), recorder.calls());
  }

  @Test
  void remove_withWriter_removalFailsForCertain_writerToldTheValueThatStands() {
    entries.write("k", "v", Versioned.ETERNAL);
    entries.nextWriteFails(new CacheException("not sent"));
    RecordingWriter recorder = new RecordingWriter();

    assertThrows(CacheException.class, () -> writingWriter(entries, recorder)
        .update("k", current -> Decision.remove(true)));

    assertEquals(List.of("delete k", "write k=v"), recorder.calls());
  }

  @Test
  void put_withWriter_outcomeUnknown_writerLeftAsItIs() {
    entries.write("k", "old", Versioned.ETERNAL);
    entries.nextWriteFails(new OutcomeUnknownException("no answer"));
    RecordingWriter recorder = new RecordingWriter();

    assertThrows(OutcomeUnknownException.class, () -> writingWriter(entries, recorder)
        .update("k", current -> Decision.put("new", null)));

    assertEquals(List.of("write k=new"), recorder.calls(), "the write may have taken effect");
  }

  @Test
  void put_withWriter_writeAndCorrectionFail_throwsTheWritesFailureWithTheCorrectionSuppressed() {
    entries.write("k", "old", Versioned.ETERNAL);
    CacheException refused = new CacheException("refused");
    entries.nextWriteFails(refused);

    CacheException failure = assertThrows(CacheException.class, () -> writingWriter(entries, new WritesOnly("new"))
        .update("k", current -> Decision.put("new", null)));

    assertSame(refused, failure);
    assertEquals(1, failure.getSuppressed().length);
    assertInstanceOf(CacheWriterException.class, failure.getSuppressed()[0]);
  }

  @Test
  void blindPut_withWriter_writeFailsForCertain_writerToldWhatStands() {
    entries.write("k", "old", Versioned.ETERNAL);
    entries.nextWriteFails(new CacheException("not sent"));
    RecordingWriter recorder = new RecordingWriter();

    assertThrows(CacheException.class, () -> writingWriter(entries, recorder).blindPut("k", "new"));

    assertEquals(List.of("write k=new", "write k=old"), recorder.calls());
  }

  @Test
  void update_withWriter_concurrentIncrementsOnOneNode_writerCalledOncePerIncrement() throws InterruptedException {
    int threads = 4;
    int incrementsEach = 250;
    RecordingWriter recorder = new RecordingWriter();
    ConditionalWriter<String, String> counterWriter = writingWriter(entries, recorder);
    onThreadsAtOnce(threads, incrementsEach, () -> counterWriter.update("n", current ->
        Decision.put(String.valueOf(current.isPresent() ? Integer.parseInt(current.value()) + 1 : 1), null)));

    List<String> expected = new ArrayList<>();
    for (int n = 1; n <= threads * incrementsEach; n++) {
      expected.add("write n=" + n);
    }
    assertEquals(expected.size(), recorder.calls().size(), "one writer call per increment");
    assertEquals(expected, recorder.calls(), "in order");
    assertEquals(0, entries.conflicts());
  }

  /** A writer that writes one value and fails on every other call. */
  private record WritesOnly(String accepted) implements CacheWriter<Object, Object> {

    @Override
    public void write(Cache.Entry<?, ?> entry) {
      if (!accepted.equals(entry.getValue())) {
        throw new IllegalStateException("the system of record is down");
      }
    }

    @Override
    public void writeAll(Collection<Cache.Entry<?, ?>> entries) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void delete(Object key) {
      throw new IllegalStateException("the system of record is down");
    }

    @Override
    public void deleteAll(Collection<?> keys) {
      throw new UnsupportedOperationException();
    }
  }

  private static ConditionalWriter<String, String> writingWriter(InMemoryEntries<String, String> entries,
      CacheWriter<Object, Object> recorder) {
    return new ConditionalWriter<>(entries, new Expiry(new EternalExpiryPolicy()), new WriteThrough<>(recorder),
        GIVE_UP_AFTER, "test");
  }

  private static <V> ConditionalWriter<String, V> eternalWriter(InMemoryEntries<String, V> entries) {
    return new ConditionalWriter<>(entries, new Expiry(new EternalExpiryPolicy()), null, GIVE_UP_AFTER, "test");
  }

  /** Runs {@code task} {@code times} times on each of {@code threads} threads started at once; none fails or hangs. */
  private static void onThreadsAtOnce(int threads, int times, Runnable task) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < times; i++) {
            task.run();
          }
        } catch (InterruptedException | RuntimeException e) {
          failures.add(e);
        }
      }, "incrementer-" + t);
      thread.start();
      running.add(thread);
    }
    start.countDown();
    for (Thread thread : running) {
      thread.join(TimeUnit.SECONDS.toMillis(30));
      assertFalse(thread.isAlive(), thread.getName() + " still running");
    }
    assertEquals(List.of(), List.copyOf(failures));
  }
}
