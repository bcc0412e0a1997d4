package io.github.natsjcache.store;

import io.github.natsjcache.Eventually;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WatchHandler} that records what a watch told it, in the order it was told, as short lines ({@code "change
 * k@3"}, {@code "gap@5"}, {@code "unhealthy"}, {@code "healthy"}), so a test can compare them as a list.
 *
 * <p>It can also hold the watch's thread inside the {@code onChange} of one key, to look at the watch while that
 * change is known not to be applied yet.
 */
final class RecordingHandler implements WatchHandler {

  static final String HEALTHY = "healthy";
  static final String UNHEALTHY = "unhealthy";
  static final String RECREATED = "recreated";
  private static final long HOLD_BOUND_SECONDS = 10;

  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile String holdAt = "";
  private volatile long firstRevision;

  static String change(String key, long revision) {
    return "change " + key + "@" + revision;
  }

  static String gap(long resumedAt) {
    return "gap@" + resumedAt;
  }

  @Override
  public void onChange(Change change) {
    if (change.key().equals(holdAt)) {
      held.countDown();
      try {
        released.await(HOLD_BOUND_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    heard.add(change(change.key(), change.revision()));
  }

  @Override
  public void onGap(long resumedAt) {
    heard.add(gap(resumedAt));
  }

  @Override
  public void onRecreated() {
    heard.add(RECREATED);
  }

  @Override
  public void onFirstRevision(long first) {
    firstRevision = first;
  }

  /** The stream's first sequence as the last check reported it; 0 before the first check. */
  long firstRevision() {
    return firstRevision;
  }

  @Override
  public void onHealth(boolean healthy) {
    heard.add(healthy ? HEALTHY : UNHEALTHY);
  }

  /** How many lines were recorded so far: a mark for {@link #since}. */
  int mark() {
    return heard.size();
  }

  /** Everything recorded after {@code mark} lines. */
  List<String> since(int mark) {
    List<String> all = new ArrayList<>(heard);
    return new ArrayList<>(all.subList(mark, all.size()));
  }

  /** The changes recorded after {@code mark} lines, in order. */
  List<String> changesSince(int mark) {
    return since(mark).stream().filter(line -> line.startsWith("change ")).toList();
  }

  /** Waits (boundedly) until {@code line} was recorded. */
  void await(String line) {
    Eventually.assertTrue(() -> heard.contains(line), line + " heard; heard " + heard);
  }

  /** From now on, holds the watch's thread in the {@code onChange} of {@code key} until {@link #release()}. */
  void holdAt(String key) {
    holdAt = key;
  }

  /** Waits (boundedly) until the watch's thread is held. */
  void awaitHeld() throws InterruptedException {
    if (!held.await(Eventually.BOUND_MILLIS, TimeUnit.MILLISECONDS)) {
      throw new AssertionError("The watch never reached the held change; heard " + heard);
    }
  }

  /** Lets the held change go on. */
  void release() {
    released.countDown();
  }
}
