package io.github.natsjcache.config;

import java.util.Arrays;

/**
 * A password, token or key: readable once by the code that hands it to NATS, shown nowhere else.
 *
 * <p>{@link #toString()} masks it, so a secret that ends up in a log line, an exception message or a JMX attribute
 * still says nothing.
 */
public final class Secret {

  private final char[] characters;

  private Secret(char[] characters) {
    this.characters = characters;
  }

  /** Wraps the characters of a configured secret. */
  public static Secret of(String value) {
    return new Secret(value.toCharArray());
  }

  /** A copy of the secret's characters, for the one call that needs them. */
  public char[] reveal() {
    return Arrays.copyOf(characters, characters.length);
  }

  @Override
  public String toString() {
    return "****";
  }
}
