package io.github.natsjcache.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/** Typed reads of option values, each failing with a message that names the option and the accepted forms. */
final class OptionReader {

  private final Properties options;

  OptionReader(Properties options) {
    this.options = options;
  }

  @Nullable String string(String name) {
    String value = options.getProperty(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** An object passed in the properties as it is (not a string), or {@code null}. */
  <T> @Nullable T object(String name, Class<T> type) {
    Object value = options.get(name);
    if (value == null) {
      return null;
    }
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException("Option " + name + " is a " + value.getClass().getName() + ", expected a "
          + type.getName() + " object");
    }
    return type.cast(value);
  }

  /** One of a fixed set of words, compared without case. */
  String choice(String name, String fallback, List<String> allowed) {
    String value = string(name);
    if (value == null) {
      return fallback;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    if (!allowed.contains(lower)) {
      throw invalid(name, value, "one of " + allowed);
    }
    return lower;
  }

  int integer(String name, int fallback) {
    String value = string(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw invalid(name, value, "a whole number");
    }
  }

  boolean bool(String name, boolean fallback) {
    String value = string(name);
    if (value == null) {
      return fallback;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(name, value, "true or false");
    };
  }

  /** A size in bytes: a number, optionally with K, M or G (powers of 1024), or -1 for none. */
  long bytes(String name, long fallback) {
    String value = string(name);
    if (value == null) {
      return fallback;
    }
    String upper = value.toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
    long unit = switch (upper.isEmpty() ? ' ' : upper.charAt(upper.length() - 1)) {
      case 'K' -> 1024L;
      case 'M' -> 1024L * 1024;
      case 'G' -> 1024L * 1024 * 1024;
      default -> 1;
    };
    String number = unit == 1 ? upper : upper.substring(0, upper.length() - 1);
    try {
      return Math.multiplyExact(Long.parseLong(number.trim()), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid(name, value, "a number of bytes such as 1048576, 64M or 1G, or -1");
    }
  }

  /** A duration: {@code 500ms}, {@code 5s}, {@code 2m}, an ISO-8601 {@code PT5S}, or plain milliseconds. */
  Duration duration(String name, Duration fallback) {
    String value = string(name);
    if (value == null) {
      return fallback;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    try {
      Duration duration;
      if (lower.startsWith("pt")) {
        duration = Duration.parse(value);
      } else if (lower.endsWith("ms")) {
        duration = Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2).trim()));
      } else if (lower.endsWith("s")) {
        duration = Duration.ofSeconds(Long.parseLong(lower.substring(0, lower.length() - 1).trim()));
      } else if (lower.endsWith("m")) {
        duration = Duration.ofMinutes(Long.parseLong(lower.substring(0, lower.length() - 1).trim()));
      } else {
        duration = Duration.ofMillis(Long.parseLong(lower));
      }
      if (duration.isNegative() || duration.isZero()) {
        throw invalid(name, value, "a positive duration");
      }
      return duration;
    } catch (NumberFormatException | DateTimeParseException e) {
      throw invalid(name, value, "a duration such as 500ms, 5s, 2m or PT5S");
    }
  }

  private static IllegalArgumentException invalid(String name, String value, String expected) {
    return new IllegalArgumentException("Option " + name + " is '" + value + "', expected " + expected);
  }
}
