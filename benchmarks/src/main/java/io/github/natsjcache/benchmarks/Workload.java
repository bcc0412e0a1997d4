package io.github.natsjcache.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import javax.cache.Cache;

/**
 * A fixed set of String keys with String values of lower-case letters (so as many bytes in UTF-8 as characters; 100
 * unless said otherwise), the same in every fork and for every peer. The keys ({@code key-0000} …) are valid KV keys,
 * so every side stores them verbatim.
 */
public final class Workload {

  /** The hot set: what {@code get}, {@code put} and the bulk operations work on. */
  public static final Workload HOT = new Workload(1_000, 100);
  /** The wide set of {@code readHeavy}. */
  public static final Workload WIDE = new Workload(10_000, 100);

  static final int VALUE_BYTES = 100;
  static final int BATCH = 100;
  /** A versioned value ends in 8 digits: {@link #VERSION_BASE} plus its version. */
  private static final int VERSION_DIGITS = 8;
  private static final long VERSION_BASE = 10_000_000;
  /** Versions run from 0 to this, exclusive. */
  public static final long VERSIONS = 90_000_000;

  final String[] keys;
  final String[] values;
  final byte[][] utf8Values;

  private Workload(int size, int valueBytes) {
    keys = new String[size];
    values = new String[size];
    utf8Values = new byte[size][];
    String keyFormat = "key-%0" + String.valueOf(size - 1).length() + "d";
    SplittableRandom random = new SplittableRandom(42);
    char[] chars = new char[valueBytes];
    for (int i = 0; i < size; i++) {
      keys[i] = String.format(keyFormat, i);
      for (int c = 0; c < valueBytes; c++) {
        chars[c] = (char) ('a' + random.nextInt(26));
      }
      values[i] = new String(chars);
      utf8Values[i] = values[i].getBytes(StandardCharsets.UTF_8);
    }
  }

  /** A set of {@code size} keys with values of {@code valueBytes} letters: a bucket of a given size. */
  public static Workload of(int size, int valueBytes) {
    return new Workload(size, valueBytes);
  }

  /** How many keys the set has. */
  public int size() {
    return keys.length;
  }

  /** The key at {@code index}. */
  public String key(int index) {
    return keys[index];
  }

  /**
   * A value of key {@code index} that says which write made it: the key's value with its last 8 characters replaced
   * by digits carrying {@code version} (0 to {@link #VERSIONS}, exclusive), so just as long.
   */
  public String versionedValue(int index, long version) {
    if (version < 0 || version >= VERSIONS) {
      throw new IllegalArgumentException("version " + version + " is not in [0, " + VERSIONS + ")");
    }
    return values[index].substring(0, values[index].length() - VERSION_DIGITS) + (VERSION_BASE + version);
  }

  /** The version a {@link #versionedValue} carries; -1 for any other value, or none. */
  public static long versionOf(String value) {
    if (value == null || value.length() < VERSION_DIGITS) {
      return -1;
    }
    long digits = 0;
    for (int i = value.length() - VERSION_DIGITS; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      digits = digits * 10 + (c - '0');
    }
    return digits - VERSION_BASE;
  }

  /** Key {@code i}'s value (pass 0). */
  public String value(int i) {
    return values[i];
  }

  /**
   * Writes every key's value (pass 0) with {@code putAll}, {@code chunk} keys at a time, and returns the cache. One
   * atomic batch per chunk on servers that have them: larger chunks fill a large bucket faster.
   */
  public Cache<String, String> fill(Cache<String, String> cache, int chunk) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      entries.put(keys[i], values[i]);
      if (entries.size() == chunk || i == keys.length - 1) {
        cache.putAll(entries);
        entries.clear();
      }
    }
    return cache;
  }

  /** The keys in lists of {@code chunk}, for {@code getAll}. */
  public List<Set<String>> chunks(int chunk) {
    List<Set<String>> chunks = new ArrayList<>();
    for (int from = 0; from < keys.length; from += chunk) {
      chunks.add(new LinkedHashSet<>(Arrays.asList(keys).subList(from, Math.min(from + chunk, keys.length))));
    }
    return chunks;
  }

  /** The value key {@code index} gets on pass {@code pass}: another key's value, so every pass changes it. */
  String valueOnPass(int index, int pass) {
    return values[(index + pass) % keys.length];
  }

  /** Key batches of {@link #BATCH} consecutive keys, for {@code getAll}. */
  @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation
  Set<String>[] keyBatches() {
    return chunks(BATCH).toArray(new Set[0]);
  }

  /** The same batches as maps to the values of {@code pass}, for {@code putAll}. */
  Map<String, String>[] entryBatches(int pass) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Map<String, String>[] batches = new Map[keys.length / BATCH];
    for (int b = 0; b < batches.length; b++) {
      Map<String, String> batch = new LinkedHashMap<>();
      for (int i = b * BATCH; i < (b + 1) * BATCH; i++) {
        batch.put(keys[i], valueOnPass(i, pass));
      }
      batches[b] = batch;
    }
    return batches;
  }

  static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }
}
