package io.github.natsjcache.lifecycle;

import java.io.Closeable;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** How a cache lets go of its parts and of its users' objects: every step runs, whatever the others do. */
public final class Closing {

  private Closing() {}

  /** Runs every step; the first failure is thrown at the end, with the others suppressed in it. */
  public static void runAll(Runnable... steps) {
    RuntimeException failure = null;
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Closes a user's object (a loader, writer, policy) if it is {@link Closeable}; a failure is logged, not thrown. */
  public static void closeQuietly(@Nullable Object resource) {
    if (resource instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException | RuntimeException e) {
        System.getLogger(Closing.class.getName()).log(System.Logger.Level.WARNING,
            "Closing " + resource.getClass().getName() + " failed", e);
      }
    }
  }
}
