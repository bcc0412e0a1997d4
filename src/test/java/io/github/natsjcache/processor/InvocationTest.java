package io.github.natsjcache.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.entry.Versioned;
import io.github.natsjcache.integration.ReadThrough;
import io.github.natsjcache.operation.Applied;
import io.github.natsjcache.operation.Decision.Action;
import io.github.natsjcache.operation.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.cache.integration.CacheLoader;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class InvocationTest {

  private static <K, V> ReadThrough<K, V> noLoader() {
    return null;
  }

  @Test
  void of_processorSettingValue_decidesPutAndReturnsResult() {
    EntryProcessor<String, Integer, String> increment = (entry, arguments) -> {
      int current = entry.exists() ? entry.getValue() : 0;
      entry.setValue(current + (Integer) arguments[0]);
      return "was " + current;
    };
    Function<Versioned<Integer>, Decision<Integer, String>> decide = Invocation.of("counter", increment, noLoader(), 5);
    assertEquals(new Decision<>(Action.PUT, 15, "was 10"), decide.apply(new Versioned<>(10, 3, Versioned.ETERNAL)));
    assertEquals(new Decision<>(Action.PUT, 5, "was 0"), decide.apply(new Versioned<>(null, 0, Versioned.ETERNAL)));
  }

  @Test
  void of_eachAttempt_seesFreshEntryOfItsState() {
    List<Object> seen = new ArrayList<>();
    EntryProcessor<String, String, Void> recorder = (entry, arguments) -> {
      seen.add(entry.getKey() + "=" + entry.getValue());
      entry.setValue("changed");
      return null;
    };
    Function<Versioned<String>, Decision<String, Void>> decide = Invocation.of("k", recorder, noLoader());
    assertEquals(Action.PUT, decide.apply(new Versioned<>("first", 1, Versioned.ETERNAL)).action());
    assertEquals(Action.PUT, decide.apply(new Versioned<>("second", 2, Versioned.ETERNAL)).action());
    assertEquals(List.of("k=first", "k=second"), seen);
  }

  @Test
  void of_argumentsArePassedThrough() {
    Object[][] received = new Object[1][];
    EntryProcessor<String, String, Void> capture = (entry, arguments) -> {
      received[0] = arguments;
      return null;
    };
    assertEquals(Action.KEEP, Invocation.of("k", capture, noLoader(), "a", 1, null).apply(new Versioned<>(null, 0, Versioned.ETERNAL)).action());
    assertArrayEquals(new Object[] {"a", 1, null}, received[0]);
  }

  @Test
  void of_processorThrowingRuntimeException_wrapsItInEntryProcessorException() {
    IllegalStateException failure = new IllegalStateException("boom");
    EntryProcessor<String, String, Void> failing = (entry, arguments) -> {
      throw failure;
    };
    Function<Versioned<String>, Decision<String, Void>> decide = Invocation.of("k", failing, noLoader());
    EntryProcessorException thrown =
        assertThrows(EntryProcessorException.class, () -> decide.apply(new Versioned<>("v", 1, Versioned.ETERNAL)));
    assertSame(failure, thrown.getCause());
  }

  @Test
  void of_processorThrowingEntryProcessorException_passesItUnchanged() {
    EntryProcessorException failure = new EntryProcessorException("refused");
    EntryProcessor<String, String, Void> failing = (entry, arguments) -> {
      throw failure;
    };
    Function<Versioned<String>, Decision<String, Void>> decide = Invocation.of("k", failing, noLoader());
    EntryProcessorException thrown =
        assertThrows(EntryProcessorException.class, () -> decide.apply(new Versioned<>("v", 1, Versioned.ETERNAL)));
    assertSame(failure, thrown);
  }

  @Test
  void of_processorSettingNull_wrapsNullPointerException() {
    EntryProcessor<String, String, Void> settingNull = (entry, arguments) -> {
      entry.setValue(null);
      return null;
    };
    EntryProcessorException thrown = assertThrows(EntryProcessorException.class,
        () -> Invocation.of("k", settingNull, noLoader()).apply(new Versioned<>("v", 1, Versioned.ETERNAL)));
    assertEquals(NullPointerException.class, thrown.getCause().getClass());
  }

  @Test
  void applied_removed_onlyWhenAPresentValueWasRemoved() {
    Versioned<String> present = new Versioned<>("v", 4, Versioned.ETERNAL);
    Versioned<String> absent = new Versioned<>(null, 0, Versioned.ETERNAL);
    assertFalse(new Applied<>(present, null, Decision.<String, Object>keep("r"), false).removed());
    assertFalse(new Applied<>(present, null, Decision.<String, Object>put("w", null), true).removed());
    assertTrue(new Applied<>(present, null, Decision.<String, Object>remove(true), false).removed());
    assertFalse(new Applied<>(absent, null, Decision.<String, Object>remove(false), false).removed());
  }

  @Test
  void of_removeOfPresentValue_decidesRemoveOnEveryAttempt() {
    EntryProcessor<String, String, Void> remover = (entry, arguments) -> {
      entry.remove();
      return null;
    };
    Versioned<String> present = new Versioned<>("v", 2, Versioned.ETERNAL);
    Function<Versioned<String>, Decision<String, Void>> decide = Invocation.of("k", remover, noLoader());
    assertEquals(Action.REMOVE, decide.apply(present).action());
    assertNotSame(decide.apply(present), decide.apply(present));
  }

  @Test
  void of_getValueOfAbsentKeyWithLoader_decidesLoad() {
    ReadThrough<String, String> loader = new ReadThrough<>(new CacheLoader<>() {
      @Override
      public String load(String key) {
        return "loaded-" + key;
      }

      @Override
      public Map<String, String> loadAll(Iterable<? extends String> keys) {
        return Map.of();
      }
    }, true);
    EntryProcessor<String, String, String> reader = (entry, arguments) -> entry.getValue();
    Decision<String, String> decision = Invocation.of("k", reader, loader)
        .apply(new Versioned<>(null, 0, Versioned.ETERNAL));
    assertEquals(new Decision<>(Action.LOAD, "loaded-k", "loaded-k"), decision);
  }

  @Test
  void of_getValueOfPresentKey_decidesAccess() {
    EntryProcessor<String, String, String> reader = (entry, arguments) -> entry.getValue();
    assertEquals(new Decision<>(Action.ACCESS, null, "v"),
        Invocation.of("k", reader, noLoader()).apply(new Versioned<>("v", 1, Versioned.ETERNAL)));
  }
}
