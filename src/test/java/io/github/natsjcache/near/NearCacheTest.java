package io.github.natsjcache.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.entry.Versioned;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The revision fence, on its own: the rules that keep the near-cache from serving a value older than one seen. */
@Tag("unit")
class NearCacheTest {

  private static final long NOW = 1_000;

  private final NearCache<String, String> near = NearCache.bounded(100, () -> NOW);

  private static Versioned<String> at(String value, long revision) {
    return new Versioned<>(value, revision, Versioned.ETERNAL);
  }

  private static Versioned<String> absentAt(long revision) {
    return new Versioned<>(null, revision, Versioned.ETERNAL);
  }

  @Test
  void get_afterInstall_servesTheValueAtItsRevision() {
    near.countReads(true);
    near.install("k", at("v", 5), near.fetchStamp());

    assertEquals(at("v", 5), near.cached("k"));
    assertEquals(1, near.hits());
  }

  @Test
  void whenApplied_completesOnceApplied_andSuspensionServesNothingTillThen() {
    near.install("k", at("v", 5), near.fetchStamp());
    near.applied(5);

    CompletableFuture<Void> applied = near.whenApplied(7);
    near.applied(6);
    assertFalse(applied.isDone());
    assertEquals(at("v", 5), near.cached("k"), "waiting alone stops nothing");
    near.suspendUntilApplied(7);
    assertNull(near.cached("k"), "suspended: a strict write at 7 may have replaced it");
    near.applied(7);

    assertTrue(applied.isDone());
    assertEquals(at("v", 5), near.cached("k"));
    assertTrue(near.whenApplied(7).isDone(), "a revision already applied is not waited for");
  }

  @Test
  void release_ofAForgedRevision_servesAgain_whileAnotherSuspensionStays() {
    near.install("k", at("v", 5), near.fetchStamp());
    near.applied(5);
    assertTrue(near.whenApplied(Long.MAX_VALUE).cancel(false));
    near.suspendUntilApplied(Long.MAX_VALUE);
    CompletableFuture<Void> eight = near.whenApplied(8);
    near.suspendUntilApplied(8);

    near.release(Long.MAX_VALUE);
    assertNull(near.cached("k"), "revision 8 is still held");
    near.applied(8);
    assertTrue(eight.isDone());
    assertEquals(at("v", 5), near.cached("k"));
  }

  @Test
  void readsAreCountedOnlyWhileCounting() {
    near.install("k", at("v", 5), near.fetchStamp());
    near.cached("k");
    near.cached("absent");
    near.countReads(true);
    near.cached("k");
    near.cached("absent");
    near.countReads(false);
    near.cached("k");
    near.cached("absent");

    assertEquals(1, near.hits());
    assertEquals(1, near.misses());
  }

  @Test
  void install_absence_isServedAsAbsent() {
    near.countReads(true);
    near.install("k", absentAt(5), near.fetchStamp());

    assertEquals(absentAt(5), near.cached("k"));
    assertEquals(1, near.hits());
  }

  @Test
  void removed_ownRemoval_servesTheAbsenceUntilANewerChange() {
    near.install("k", at("v", 3), near.fetchStamp());

    near.removed("k", 4, near.fetchStamp());
    assertEquals(absentAt(4), near.cached("k"));

    near.fence("k", 4); // the watch delivers the same removal later
    assertEquals(absentAt(4), near.cached("k"));

    near.invalidate("k", 5);
    assertNull(near.cached("k"));
  }

  @Test
  void install_readThatRacedWithAnInvalidation_isNotServed() {
    // A read fetched revision 5; before it installs, the watch applies revision 6.
    Versioned<String> fetchedBeforeTheChange = at("old", 5);
    near.invalidate("k", 6);

    near.install("k", fetchedBeforeTheChange, near.fetchStamp());

    assertNull(near.cached("k"));
    assertEquals(6, near.newestKnown("k"));
  }

  @Test
  void install_olderThanTheSlot_keepsTheNewer() {
    near.install("k", at("new", 7), near.fetchStamp());

    near.install("k", at("old", 6), near.fetchStamp());

    assertEquals(at("new", 7), near.cached("k"));
  }

  @Test
  void invalidate_olderThanTheSlot_keepsIt() {
    near.install("k", at("mine", 9), near.fetchStamp()); // this node's own write, installed at once

    near.invalidate("k", 9); // the watch delivers the same write later
    near.invalidate("k", 8);

    assertEquals(at("mine", 9), near.cached("k"));
    assertEquals(0, near.invalidations());
  }

  @Test
  void invalidate_newerThanTheSlot_stopsServingIt() {
    near.install("k", at("v", 3), near.fetchStamp());

    near.invalidate("k", 4);

    assertNull(near.cached("k"));
    assertEquals(1, near.invalidations());
  }

  @Test
  void clear_refusesEverythingReadBeforeIt() {
    near.install("a", at("a", 3), near.fetchStamp());

    near.clear(10);
    near.install("b", at("read-before-clear", 9), near.fetchStamp());
    near.install("c", at("read-after-clear", 11), near.fetchStamp());

    assertNull(near.cached("a"));
    assertNull(near.cached("b"));
    assertEquals(at("read-after-clear", 11), near.cached("c"));
  }

  @Test
  void get_whileNotServing_missesAndForgets() {
    near.install("k", at("v", 3), near.fetchStamp());

    near.setServing(false);
    assertNull(near.cached("k"));
    near.setServing(true);

    assertNull(near.cached("k"), "what was kept before cannot be proven fresh");
  }

  @Test
  void get_afterTheDeadline_misses() {
    NearCache<String, String> early = NearCache.bounded(100, () -> NOW - 1);
    near.install("k", new Versioned<>("v", 3, NOW), near.fetchStamp());
    early.install("k", new Versioned<>("v", 3, NOW), early.fetchStamp());

    assertNull(near.cached("k"));
    assertEquals(new Versioned<>("v", 3, NOW), early.cached("k"));
  }

  @Test
  void invalidate_aKeyNeverCached_countsNothingAndEvictsNothing() {
    NearCache<String, String> small = NearCache.bounded(1, () -> NOW);
    small.install("read", at("v", 3), small.fetchStamp());

    for (int key = 0; key < 100; key++) {
      small.invalidate("written-elsewhere-" + key, 10 + key);
    }

    assertEquals(at("v", 3), small.cached("read"));
    assertEquals(0, small.invalidations());
    assertEquals(50, small.newestKnown("written-elsewhere-40"), "the fence is still known");
  }

  @Test
  void install_fetchBegunBeforeItsKeysFenceWasLost_isNotKept() {
    NearCache<String, String> small = NearCache.bounded(10, () -> NOW);
    int keys = 30_000;
    long readsBegin = small.fetchStamp();
    for (int key = 0; key < keys; key++) {
      small.invalidate("k" + key, 100 + key); // changed elsewhere while this node's reads were in flight
    }

    int lost = 0;
    for (int key = 0; key < keys; key++) {
      lost += small.newestKnown("k" + key) == 0 ? 1 : 0;
      small.install("k" + key, at("from-before-the-change", 99), readsBegin);
      assertNull(small.cached("k" + key), "k" + key + ": a read that raced its change was kept");
    }
    assertTrue(lost > 0, "the fences' table is bounded: some fences must be gone for this test to mean anything");
    long readAfterwards = small.fetchStamp();
    small.install("k0", at("fresh", 200_000), readAfterwards);
    assertEquals(at("fresh", 200_000), small.cached("k0"), "a fetch begun after the loss is kept");
  }

  @Test
  void forget_dropsASlotWhateverItsRevision_revisionStaysKnown() {
    near.install("k", at("v", 3), near.fetchStamp());

    near.forget("k");

    assertNull(near.cached("k"));
    assertEquals(3, near.newestKnown("k"), "a read older than what this node saw is behind, slot or not");
  }

  @Test
  void afterClear_anAbsenceIsNeitherBehindNorRefused_aValueFromBeforeIs() {
    near.clear(20);

    assertFalse(near.isBehind("never-written", absentAt(0)), "every key is absent after a clear");
    near.install("never-written", absentAt(0), near.fetchStamp());
    assertEquals(absentAt(0), near.cached("never-written"), "the miss is served from memory");
    assertTrue(near.isBehind("k", at("from-before-the-clear", 10)));
  }

  @Test
  void install_refusedNewerFetch_stillDropsTheOlderCachedValue() {
    NearCache<String, String> small = NearCache.bounded(10, () -> NOW);
    small.install("k", at("220", 5), small.fetchStamp());
    long readBegins = small.fetchStamp();
    for (int key = 0; key < 70_000; key++) {
      small.invalidate("other-" + key, 100 + key); // fences lost meanwhile, surely one in k's stripe too
    }

    small.install("k", at("221", 7), readBegins); // not kept: a fence k's stripe shares was lost during the read

    assertNull(small.cached("k"), "the value older than a fetch this node made was still served");
  }
}
