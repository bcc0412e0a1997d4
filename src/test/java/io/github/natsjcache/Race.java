package io.github.natsjcache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Tasks released at once, for tests of racing writers. */
public final class Race {

  private Race() {}

  /**
   * Runs one task per pool thread, all released at once, and returns their results in the tasks' order.
   *
   * @param pool threads enough for every task
   * @param tasks the racers
   * @param boundSeconds how long the slowest racer may take
   */
  public static <T> List<T> run(ExecutorService pool, List<Callable<T>> tasks, long boundSeconds) throws Exception {
    CyclicBarrier start = new CyclicBarrier(tasks.size());
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(pool.submit(() -> {
        start.await(10, TimeUnit.SECONDS);
        return task.call();
      }));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get(boundSeconds, TimeUnit.SECONDS));
    }
    return results;
  }
}
