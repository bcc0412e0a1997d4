package io.github.natsjcache.processor;

import io.github.natsjcache.entry.Versioned;
import io.github.natsjcache.integration.ReadThrough;
import io.github.natsjcache.operation.ConditionalWriter;
import io.github.natsjcache.operation.Decision;
import java.util.function.Function;
import javax.cache.CacheException;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import org.jspecify.annotations.Nullable;

/** Runs an {@link EntryProcessor} as a decision of the conditional-write loop. */
public final class Invocation {

  private Invocation() {}

  /**
   * The decision function of {@code processor} for one key: on each attempt, a fresh entry over the state read.
   *
   * @param key the key
   * @param processor the processor
   * @param loader the cache loader, when the cache reads through; else {@code null}
   * @param arguments the arguments passed to the processor
   * @param <K> the key type
   * @param <V> the value type
   * @param <T> the processor's result type
   * @return a function for {@link ConditionalWriter#update}
   * @throws EntryProcessorException (from the function) wrapping whatever the processor throws, except the
   *     {@link CacheException}s (a loader's or writer's, say), which pass as they are
   */
  public static <K, V, T> Function<Versioned<V>, Decision<V, T>> of(K key,
      EntryProcessor<K, V, T> processor, @Nullable ReadThrough<K, V> loader, Object... arguments) {
    return current -> {
      ProcessorEntry<K, V> entry = new ProcessorEntry<>(key, current.value(), loader);
      T result;
      try {
        result = processor.process(entry, arguments);
      } catch (CacheException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new EntryProcessorException(e);
      }
      return entry.decision(result);
    };
  }
}
