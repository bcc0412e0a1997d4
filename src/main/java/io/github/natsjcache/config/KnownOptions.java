package io.github.natsjcache.config;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The options this provider reads, so that a misspelled one is refused instead of silently ignored.
 *
 * <p>A CacheManager's properties may also carry names of other parties (a framework's, the TCK's): only a name that
 * looks like one of ours is refused, one in our namespaces ({@code serialization.}, {@code nearCache.}, {@code tls.},
 * {@code cache.NAME.}) or a known option misspelled, ignoring case: one edit away, two for names of 8 characters or
 * more (so that a short name of another party, {@code node}, is not taken for {@code codec}). The message names the
 * closest option.
 */
final class KnownOptions {

  /** Options that can also be set per cache, as {@code cache.NAME.option}. */
  static final List<String> PER_CACHE = List.of("codec", "replicas", "storage", "maxBytes", "compression",
      "deleteMarkerTtl", "expireAfterWrite", "expireAfterAccess", "nearCache", "nearCache.maxEntries", "strict",
      "strictTimeout", "referenceCapacity", "listenerBacklog");
  /** Options of the whole CacheManager. */
  static final List<String> MANAGER = List.of("servers", "namespace", "timeout", "connectionTimeout", "user",
      "password", "token", "creds", "nkey", "tls.trustStore", "tls.trustStorePassword", "tls.keyStore",
      "tls.keyStorePassword", "tls.context", "tls.first", "tls.trustAll", "connectionName", "inboxPrefix",
      "expirySweepInterval", "serialization.mode", "serialization.allowList", "serialization.maxDepth",
      "serialization.maxReferences", "serialization.maxArrayLength", "serialization.maxBytes");

  private static final String PER_CACHE_PREFIX = "cache.";
  private static final List<String> OUR_PREFIXES = List.of("serialization.", "nearCache.", "tls.");
  private static final int LONG_NAME = 8;

  private KnownOptions() {}

  /**
   * Refuses a misspelled option, whether its value is a string or an object ({@code tls.context}).
   *
   * @throws IllegalArgumentException naming the option and the closest known one
   */
  static void check(Properties options) {
    for (Object key : options.keySet()) {
      if (!(key instanceof String name)) {
        continue;
      }
      if (name.startsWith(PER_CACHE_PREFIX)) {
        String rest = name.substring(PER_CACHE_PREFIX.length());
        if (PER_CACHE.stream().noneMatch(option -> rest.endsWith("." + option))) {
          int dot = rest.lastIndexOf('.');
          throw unknown(name, PER_CACHE_PREFIX + (dot < 0 ? "NAME" : rest.substring(0, dot)) + "."
              + closest(dot < 0 ? rest : rest.substring(dot + 1), PER_CACHE));
        }
      } else if (!isKnown(name) && looksLikeOurs(name)) {
        throw unknown(name, closest(name, all().toList()));
      }
    }
  }

  private static boolean isKnown(String name) {
    return all().anyMatch(name::equals);
  }

  private static boolean looksLikeOurs(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return OUR_PREFIXES.stream().anyMatch(prefix -> lower.startsWith(prefix.toLowerCase(Locale.ROOT)))
        || all().anyMatch(option -> edits(lower, option.toLowerCase(Locale.ROOT)) <= (option.length() >= LONG_NAME
            ? 2 : 1));
  }

  private static Stream<String> all() {
    return Stream.concat(MANAGER.stream(), PER_CACHE.stream());
  }

  private static String closest(String name, List<String> options) {
    String lower = name.toLowerCase(Locale.ROOT);
    return options.stream()
        .min(Comparator.comparingInt(option -> edits(lower, option.toLowerCase(Locale.ROOT))))
        .orElseThrow();
  }

  private static IllegalArgumentException unknown(String name, String closest) {
    return new IllegalArgumentException("Unknown option '" + name + "'; did you mean '" + closest + "'?");
  }

  /** The Levenshtein distance: how many inserted, deleted or replaced characters turn one name into the other. */
  static int edits(String from, String to) {
    int[] previous = new int[to.length() + 1];
    int[] current = new int[to.length() + 1];
    for (int j = 0; j <= to.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= from.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= to.length(); j++) {
        int replace = previous[j - 1] + (from.charAt(i - 1) == to.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[to.length()];
  }
}
