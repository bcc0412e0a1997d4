package io.github.natsjcache.integration;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;

/** Writes everything, recording each call in a readable form (keys and values as their {@code toString}). */
public final class RecordingWriter implements CacheWriter<Object, Object>, Serializable {

  private final List<String> calls = new CopyOnWriteArrayList<>();

  /** The calls so far, oldest first. */
  public List<String> calls() {
    return new ArrayList<>(calls);
  }

  @Override
  public void write(Cache.Entry<?, ?> entry) {
    calls.add("write " + entry.getKey() + "=" + entry.getValue());
  }

  @Override
  public void writeAll(Collection<Cache.Entry<?, ?>> entries) {
    Map<String, Object> sorted = new TreeMap<>();
    entries.forEach(entry -> sorted.put(String.valueOf(entry.getKey()), entry.getValue()));
    calls.add("writeAll " + sorted);
    entries.clear();
  }

  @Override
  public void delete(Object key) {
    calls.add("delete " + key);
  }

  @Override
  public void deleteAll(Collection<?> keys) {
    calls.add("deleteAll " + new TreeSet<>(keys.stream().map(String::valueOf).toList()));
    keys.clear();
  }
}
