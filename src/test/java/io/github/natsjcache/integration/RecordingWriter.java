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

/** Writes everything, recording each call in a readable form. */
public final class RecordingWriter implements CacheWriter<String, String>, Serializable {

  private final List<String> calls = new CopyOnWriteArrayList<>();

  /** The calls so far, oldest first. */
  public List<String> calls() {
    return new ArrayList<>(calls);
  }

  @Override
  public void write(Cache.Entry<? extends String, ? extends String> entry) {
    calls.add("write " + entry.getKey() + "=" + entry.getValue());
  }

  @Override
  public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
    Map<String, String> sorted = new TreeMap<>();
    entries.forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
    calls.add("writeAll " + sorted);
    entries.clear();
  }

  @Override
  public void delete(Object key) {
    calls.add("delete " + key);
  }

  @Override
  public void deleteAll(Collection<?> keys) {
    calls.add("deleteAll " + new TreeSet<Object>(keys));
    keys.clear();
  }
}
