package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node in another JVM process sees this node's cache and races it on one key. */
@Tag("server")
class SeparateJvmNodeTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  @Test
  void invoke_counterFromThisJvmAndAnother_endsExact() throws IOException, InterruptedException {
    Cache<String, Integer> cache = nats.node().createCache("two-jvms",
        new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
    cache.put("counter", 0);
    Process other = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        RemoteIncrementer.class.getName(), nats.url(), "two-jvms", "counter", "300"))
        .redirectErrorStream(true)
        .start();
    EntryProcessor<String, Integer, Void> increment = (entry, arguments) -> {
      entry.setValue(entry.getValue() + 1);
      return null;
    };

    BufferedReader otherOutput = new BufferedReader(
        new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
    String firstLine = otherOutput.readLine();
    // The other JVM has attached and starts incrementing now: race it.
    for (int i = 0; i < 300; i++) {
      cache.invoke("counter", increment);
    }
    boolean exited = other.waitFor(120, TimeUnit.SECONDS);
    String rest = otherOutput.lines().collect(Collectors.joining("\n"));

    assertTrue(exited, "the other JVM finished");
    assertEquals(0, other.exitValue(), firstLine + "\n" + rest);
    assertEquals("seen 0", firstLine, "the other JVM sees the value this one put");
    assertTrue(rest.contains("done"), rest);
    assertEquals(600, cache.get("counter"));
  }
}
