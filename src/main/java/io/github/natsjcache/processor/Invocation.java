package io.github.natsjcache.processor;

import io.github.natsjcache.entry.Versioned;
import io.github.natsjcache.integration.ReadThrough;
import io.github.natsjcache.operation.ConditionalWriter;
import io.github.natsjcache.operation.Decision;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.cache.CacheException;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import org.jspecify.annotations.Nullable;

/** Runs an {@link EntryProcessor} as a decision of the conditional-write loop. */
public final class Invocation {

  /** Invokes a processor on one key, as {@code Cache.invoke} does. */
  @FunctionalInterface
  public interface OneKey<K, T> {
    /**
     * Invokes the processor.
     *
     * @param key the key
     * @return the processor's result, or {@code null}
     */
    @Nullable T invoke(K key);
  }

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

  /**
   * Invokes a processor on each key, as {@code invokeAll} does: a key's failure is its result, and stops no other key.
   *
   * @param keys the keys
   * @param invoke invokes the processor on one key, as {@code invoke} does
   * @param <K> the key type
   * @param <T> the processor's result type
   * @return the result of each key with a result or a failure; keys whose processor returned {@code null} are left out
   */
  public static <K, T> Map<K, EntryProcessorResult<T>> eachOf(Set<? extends K> keys, OneKey<K, T> invoke) {
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T result = invoke.invoke(key);
        if (result != null) {
          results.put(key, () -> result);
        }
      } catch (RuntimeException e) {
        EntryProcessorException failure = e instanceof EntryProcessorException processorException
            ? processorException : new EntryProcessorException(e);
        results.put(key, () -> {
          throw failure;
        });
      }
    }
    return results;
  }
}
