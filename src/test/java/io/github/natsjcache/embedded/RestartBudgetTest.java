package io.github.natsjcache.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The budget allows so many restarts within any window, and more once the oldest leave it. */
@Tag("unit")
class RestartBudgetTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void limitReached_refuses_untilTheOldestRestartLeavesTheWindow() {
    RestartBudget budget = new RestartBudget(2, Duration.ofSeconds(60));
    long start = 1_000 * SECOND; // nanoTime has an arbitrary origin

    assertTrue(budget.tryRestart(start));
    assertTrue(budget.tryRestart(start + 10 * SECOND));
    assertFalse(budget.tryRestart(start + 59 * SECOND), "two restarts within the minute");
    assertTrue(budget.tryRestart(start + 60 * SECOND), "the first restart left the window");
    assertFalse(budget.tryRestart(start + 61 * SECOND), "the second and third are within the minute");
  }

  @Test
  void refusal_isNotCounted() {
    RestartBudget budget = new RestartBudget(1, Duration.ofSeconds(60));

    assertTrue(budget.tryRestart(0));
    assertFalse(budget.tryRestart(30 * SECOND));
    assertTrue(budget.tryRestart(60 * SECOND), "only the restart at 0 counted");
  }

  @Test
  void negativeNanoTime_isAnInstantLikeAnyOther() {
    RestartBudget budget = new RestartBudget(1, Duration.ofSeconds(60));

    assertTrue(budget.tryRestart(-90 * SECOND));
    assertFalse(budget.tryRestart(-31 * SECOND));
    assertTrue(budget.tryRestart(-30 * SECOND));
  }

  @Test
  void describesItself() {
    assertEquals("5 restarts within 60 s", new RestartBudget(5, Duration.ofMinutes(1)).toString());
  }
}
