package io.github.natsjcache.benchmarks;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws key indices in {@code [0, n)}: uniformly, or from a Zipfian distribution where index {@code i} has weight
 * {@code 1 / (i + 1)^exponent} (index 0 the hottest), by binary search in the cumulative weights.
 */
final class KeyDraw {

  private final double[] cumulative;

  private KeyDraw(double[] cumulative) {
    this.cumulative = cumulative;
  }

  static KeyDraw uniform(int n) {
    return zipfian(n, 0);
  }

  static KeyDraw zipfian(int n, double exponent) {
    double[] cumulative = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1 / Math.pow(i + 1, exponent);
      cumulative[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cumulative[i] /= sum;
    }
    return new KeyDraw(cumulative);
  }

  /** {@code count} of {@code keys}, drawn one after the other: the draws of a trial, made before it. */
  String[] draw(String[] keys, int count, SplittableRandom random) {
    String[] drawn = new String[count];
    for (int i = 0; i < count; i++) {
      drawn[i] = keys[next(random)];
    }
    return drawn;
  }

  int next(SplittableRandom random) {
    int found = Arrays.binarySearch(cumulative, random.nextDouble());
    return Math.min(found >= 0 ? found : -found - 1, cumulative.length - 1);
  }
}
