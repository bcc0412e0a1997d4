package io.github.natsjcache.benchmarks;

import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * One benchmark thread's place in the workload: the hot keys in order (a new pass, hence new values for puts, after
 * the last one), their batches, a random stream, and a key no other thread touches.
 */
@State(Scope.Thread)
public class Cursor {
  private int index = -1;
  private int batch = -1;
  private int pass;
  SplittableRandom random;
  String scratchKey;

  @Setup(Level.Trial)
  public void setUp(ThreadParams thread) {
    random = new SplittableRandom(thread.getThreadIndex());
    scratchKey = "absent-" + thread.getThreadIndex();
  }

  /** The next hot key's index. */
  int nextKey() {
    if (++index == Workload.HOT.size()) {
      index = 0;
      pass++;
    }
    return index;
  }

  /** The next batch of {@link Workload#BATCH} hot keys. */
  int nextBatch() {
    if (++batch == Workload.HOT.size() / Workload.BATCH) {
      batch = 0;
      pass++;
    }
    return batch;
  }

  int pass() {
    return pass;
  }

  /** The value hot key {@code i} gets on this pass (see {@link Workload#valueOnPass}). */
  String value(int i) {
    return Workload.HOT.valueOnPass(i, pass);
  }

  /** The same value in UTF-8, for raw jnats calls. */
  byte[] utf8Value(int i) {
    return Workload.HOT.utf8Values[(i + pass) % Workload.HOT.size()];
  }
}
