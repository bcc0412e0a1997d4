package io.github.natsjcache.integration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.integration.CompletionListener;

/** A completion listener to wait on. */
final class Completion implements CompletionListener {

  private final CountDownLatch done = new CountDownLatch(1);
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  @Override
  public void onCompletion() {
    done.countDown();
  }

  @Override
  public void onException(Exception e) {
    failure.set(e);
    done.countDown();
  }

  /** Waits for success; rethrows what the load failed with. */
  void await() throws Exception {
    assertTrue(done.await(10, TimeUnit.SECONDS), "loadAll did not complete");
    Exception e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  /** Waits for failure and returns it. */
  Exception awaitFailure() throws InterruptedException {
    assertTrue(done.await(10, TimeUnit.SECONDS), "loadAll did not complete");
    Exception e = failure.get();
    assertTrue(e != null, "loadAll completed without the loader's failure");
    return e;
  }
}
