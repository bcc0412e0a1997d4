package io.github.natsjcache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class OptionReaderTest {

  private static OptionReader reader(String name, String value) {
    Properties properties = new Properties();
    properties.setProperty(name, value);
    return new OptionReader(properties);
  }

  @Test
  void bool_trueAndFalseInAnyCase_areRead() {
    assertTrue(reader("nearCache", "true").bool("nearCache", false));
    assertTrue(reader("nearCache", "TRUE").bool("nearCache", false));
    assertFalse(reader("nearCache", " False ").bool("nearCache", true));
  }

  @Test
  void bool_absentOrBlank_isFallback() {
    assertTrue(reader("other", "false").bool("nearCache", true));
    assertFalse(reader("nearCache", "  ").bool("nearCache", false));
  }

  @Test
  void bool_malformed_throwsNamingTheOption() {
    for (String bad : new String[] {"yes", "1", "on", "tru"}) {
      IllegalArgumentException thrown =
          assertThrows(IllegalArgumentException.class, () -> reader("nearCache", bad).bool("nearCache", true));
      assertTrue(thrown.getMessage().contains("nearCache"), thrown.getMessage());
      assertTrue(thrown.getMessage().contains(bad), thrown.getMessage());
    }
  }

  @Test
  void string_blank_isAbsent() {
    assertNull(reader("namespace", "   ").string("namespace"));
    assertEquals("x", reader("namespace", " x ").string("namespace"));
  }

  @Test
  void integer_malformed_throwsNamingTheOption() {
    IllegalArgumentException thrown =
        assertThrows(IllegalArgumentException.class, () -> reader("replicas", "x").integer("replicas", 1));
    assertTrue(thrown.getMessage().contains("replicas"), thrown.getMessage());
  }

  @Test
  void duration_plainMillis_isMillis() {
    assertEquals(Duration.ofMillis(250), reader("timeout", "250").duration("timeout", Duration.ZERO));
  }
}
