package io.github.natsjcache.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.natsjcache.processor.Decision.Action;
import io.github.natsjcache.store.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import org.junit.jupiter.api.Test;

class InvocationTest {

  @Test
  void of_processorSettingValue_decidesPutAndReturnsResult() {
    EntryProcessor<String, Integer, String> increment = (entry, arguments) -> {
      int current = entry.exists() ? entry.getValue() : 0;
      entry.setValue(current + (Integer) arguments[0]);
      return "was " + current;
    };
    Function<Versioned<Integer>, Decision<Integer, String>> decide = Invocation.of("counter", increment, 5);
    assertEquals(new Decision<>(Action.PUT, 15, "was 10"), decide.apply(new Versioned<>(10, 3)));
    assertEquals(new Decision<>(Action.PUT, 5, "was 0"), decide.apply(new Versioned<>(null, 0)));
  }

  @Test
  void of_eachAttempt_seesFreshEntryOfItsState() {
    List<Object> seen = new ArrayList<>();
    EntryProcessor<String, String, Void> recorder = (entry, arguments) -> {
      seen.add(entry.getKey() + "=" + entry.getValue());
      entry.setValue("changed");
      return null;
    };
    Function<Versioned<String>, Decision<String, Void>> decide = Invocation.of("k", recorder);
    assertEquals(Action.PUT, decide.apply(new Versioned<>("first", 1)).action());
    assertEquals(Action.PUT, decide.apply(new Versioned<>("second", 2)).action());
    assertEquals(List.of("k=first", "k=second"), seen);
  }

  @Test
  void of_argumentsArePassedThrough() {
    Object[][] received = new Object[1][];
    EntryProcessor<String, String, Void> capture = (entry, arguments) -> {
      received[0] = arguments;
      return null;
    };
    assertEquals(Action.KEEP, Invocation.of("k", capture, "a", 1, null).apply(new Versioned<>(null, 0)).action());
    assertArrayEquals(new Object[] {"a", 1, null}, received[0]);
  }

  @Test
  void of_processorThrowingRuntimeException_wrapsItInEntryProcessorException() {
    IllegalStateException failure = new IllegalStateException("boom");
    EntryProcessor<String, String, Void> failing = (entry, arguments) -> {
      throw failure;
    };
    Function<Versioned<String>, Decision<String, Void>> decide = Invocation.of("k", failing);
    EntryProcessorException thrown =
        assertThrows(EntryProcessorException.class, () -> decide.apply(new Versioned<>("v", 1)));
    assertSame(failure, thrown.getCause());
  }

  @Test
  void of_processorThrowingEntryProcessorException_passesItUnchanged() {
    EntryProcessorException failure = new EntryProcessorException("refused");
    EntryProcessor<String, String, Void> failing = (entry, arguments) -> {
      throw failure;
    };
    Function<Versioned<String>, Decision<String, Void>> decide = Invocation.of("k", failing);
    EntryProcessorException thrown =
        assertThrows(EntryProcessorException.class, () -> decide.apply(new Versioned<>("v", 1)));
    assertSame(failure, thrown);
  }

  @Test
  void of_processorSettingNull_wrapsNullPointerException() {
    EntryProcessor<String, String, Void> settingNull = (entry, arguments) -> {
      entry.setValue(null);
      return null;
    };
    EntryProcessorException thrown = assertThrows(EntryProcessorException.class,
        () -> Invocation.of("k", settingNull).apply(new Versioned<>("v", 1)));
    assertEquals(NullPointerException.class, thrown.getCause().getClass());
  }

  @Test
  void applied_changed_followsDecisionAndPreviousState() {
    Versioned<String> present = new Versioned<>("v", 4);
    Versioned<String> absent = new Versioned<>(null, 0);
    assertEquals(false, new Applied<>(present, Decision.<String, Object>keep("r")).changed());
    assertEquals(false, new Applied<>(absent, Decision.<String, Object>keep(null)).changed());
    assertEquals(true, new Applied<>(present, Decision.<String, Object>put("w", null)).changed());
    assertEquals(true, new Applied<>(absent, Decision.<String, Object>put("w", null)).changed());
    assertEquals(true, new Applied<>(present, Decision.<String, Object>remove(true)).changed());
    assertEquals(false, new Applied<>(absent, Decision.<String, Object>remove(false)).changed());
  }

  @Test
  void applied_afterInvocation_reportsChange() {
    EntryProcessor<String, String, Void> remover = (entry, arguments) -> {
      entry.remove();
      return null;
    };
    Versioned<String> present = new Versioned<>("v", 2);
    Versioned<String> absent = new Versioned<>(null, 2);
    Function<Versioned<String>, Decision<String, Void>> decide = Invocation.of("k", remover);
    assertEquals(true, new Applied<>(present, decide.apply(present)).changed());
    assertEquals(false, new Applied<>(absent, decide.apply(absent)).changed());
    assertNotSame(decide.apply(present), decide.apply(present));
  }
}
