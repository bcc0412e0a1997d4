package io.github.natsjcache.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.operation.Decision.Action;
import io.github.natsjcache.operation.Decision;
import javax.cache.processor.MutableEntry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ProcessorEntryTest {

  private static ProcessorEntry<String, String> absent() {
    return new ProcessorEntry<>("k", null, null);
  }

  private static ProcessorEntry<String, String> present() {
    return new ProcessorEntry<>("k", "v1", null);
  }

  @Test
  void getValueOnly_onPresent_isAnAccess() {
    ProcessorEntry<String, String> entry = present();
    assertEquals("v1", entry.getValue());
    assertTrue(entry.exists());
    assertEquals(new Decision<>(Action.ACCESS, null, "result"), entry.decision("result"));
  }

  @Test
  void existsOnly_onPresent_keeps() {
    ProcessorEntry<String, String> entry = present();
    assertTrue(entry.exists());
    assertEquals(Action.KEEP, entry.decision("r").action());
  }

  @Test
  void getValueOnly_onAbsent_keeps() {
    ProcessorEntry<String, String> entry = absent();
    assertNull(entry.getValue());
    assertFalse(entry.exists());
    assertEquals(Action.KEEP, entry.<String>decision(null).action());
  }

  @Test
  void setValue_onAbsent_puts() {
    ProcessorEntry<String, String> entry = absent();
    entry.setValue("v2");
    assertTrue(entry.exists());
    assertEquals("v2", entry.getValue());
    assertEquals(new Decision<>(Action.PUT, "v2", 7), entry.decision(7));
  }

  @Test
  void setValue_onPresent_putsLastValue() {
    ProcessorEntry<String, String> entry = present();
    entry.setValue("v2");
    entry.setValue("v3");
    assertEquals(new Decision<String, Object>(Action.PUT, "v3", null), entry.decision(null));
  }

  @Test
  void setValueThenRemove_onAbsent_keeps() {
    ProcessorEntry<String, String> entry = absent();
    entry.setValue("v2");
    entry.remove();
    assertFalse(entry.exists());
    assertEquals(new Decision<>(Action.KEEP, null, "r"), entry.decision("r"));
  }

  @Test
  void remove_onPresent_removes() {
    ProcessorEntry<String, String> entry = present();
    entry.remove();
    assertFalse(entry.exists());
    assertNull(entry.getValue());
    assertEquals(new Decision<>(Action.REMOVE, null, "r"), entry.decision("r"));
  }

  @Test
  void remove_onAbsent_isARemoveForTheWriter() {
    ProcessorEntry<String, String> entry = absent();
    entry.remove();
    assertEquals(Action.REMOVE, entry.decision("r").action());
  }

  @Test
  void setValueThenRemove_onPresent_removes() {
    ProcessorEntry<String, String> entry = present();
    entry.setValue("v2");
    entry.remove();
    assertEquals(Action.REMOVE, entry.decision("r").action());
  }

  @Test
  void removeThenSetValue_onPresent_puts() {
    ProcessorEntry<String, String> entry = present();
    entry.remove();
    entry.setValue("v2");
    assertEquals(new Decision<>(Action.PUT, "v2", "r"), entry.decision("r"));
  }

  @Test
  void setValueOfSameValue_onPresent_puts() {
    ProcessorEntry<String, String> entry = present();
    entry.setValue("v1");
    assertEquals(Action.PUT, entry.decision("r").action());
  }

  @Test
  void setValue_null_throwsNullPointerException() {
    ProcessorEntry<String, String> entry = present();
    assertThrows(NullPointerException.class, () -> entry.setValue(null));
    assertEquals("v1", entry.getValue());
    assertEquals(Action.ACCESS, entry.decision("r").action());
  }

  @Test
  void getKey_isTheKey() {
    assertEquals("k", absent().getKey());
  }

  @Test
  void unwrap_ownClass_isEntry_otherClass_throwsIllegalArgumentException() {
    ProcessorEntry<String, String> entry = present();
    assertSame(entry, entry.unwrap(MutableEntry.class));
    assertThrows(IllegalArgumentException.class, () -> entry.unwrap(String.class));
  }
}
