package io.github.natsjcache.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The owner marker names a JVM by pid and start time, so a reused pid owns nothing. */
@Tag("unit")
class OwnerTest {

  @Test
  void current_isAlive() {
    assertTrue(Owner.current().isAlive());
  }

  @Test
  void samePid_otherStartTime_isNotTheOwner() {
    Owner current = Owner.current();

    assertFalse(new Owner(current.pid(), current.startMillis() - 1).isAlive(), "the pid was reused");
  }

  @Test
  void parse_readsWhatToStringWrote() {
    Owner current = Owner.current();

    assertEquals(Optional.of(current), Owner.parse(current.toString() + "\n"));
  }

  @Test
  void parse_garbage_isEmpty() {
    assertEquals(Optional.empty(), Owner.parse("12 x"));
    assertEquals(Optional.empty(), Owner.parse("12"));
    assertEquals(Optional.empty(), Owner.parse(""));
  }
}
