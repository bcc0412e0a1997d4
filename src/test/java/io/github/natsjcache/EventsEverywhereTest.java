package io.github.natsjcache;

import static javax.cache.event.EventType.CREATED;
import static javax.cache.event.EventType.EXPIRED;
import static javax.cache.event.EventType.REMOVED;
import static javax.cache.event.EventType.UPDATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.EventRecorder.Seen;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every node's listeners hear every change exactly as a listener on the writing node would, whoever wrote it: the
 * same node, another node (a blind writer, without listeners), a node in another JVM, or a plain NATS KV client.
 * Each case is heard with old values required and without (then a removal's value, its old value, is left out too,
 * as on the writing node).
 */
@Tag("server")
class EventsEverywhereTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  /** Who writes. */
  enum Writer { SAME_NODE, OTHER_NODE, OTHER_JVM, FOREIGN_CLIENT }

  static Stream<Arguments> everyWriterWithAndWithoutOldValues() {
    List<Arguments> cases = new ArrayList<>();
    for (Writer writer : Writer.values()) {
      cases.add(Arguments.of(writer, true));
      cases.add(Arguments.of(writer, false));
    }
    return cases.stream();
  }

  static Stream<Arguments> everyNodeWithAndWithoutOldValues() {
    return everyWriterWithAndWithoutOldValues()
        .filter(arguments -> arguments.get()[0] == Writer.SAME_NODE || arguments.get()[0] == Writer.OTHER_NODE);
  }

  @ParameterizedTest(name = "{0}, old value required: {1}")
  @MethodSource("everyWriterWithAndWithoutOldValues")
  void createUpdateRemove_heardAsOnTheWritingNode(Writer writer, boolean oldValueRequired) throws Exception {
    String name = "events-" + writer + "-" + oldValueRequired;
    Cache<String, String> listening = node(name, new MutableConfiguration<>());
    EventRecorder heard = EventRecorder.listenTo(listening, /* synchronous= */ true, oldValueRequired);

    write(writer, listening, name, "put:k:v1", "put:k:v2", "remove:k", "remove:never-there", "put:marker:m");

    heard.awaitCreated("marker");
    assertEquals(List.of(
        new Seen(CREATED, "k", "v1", null),
        new Seen(UPDATED, "k", "v2", oldValueRequired ? "v1" : null),
        new Seen(REMOVED, "k", oldValueRequired ? "v2" : null, oldValueRequired ? "v2" : null),
        new Seen(CREATED, "marker", "m", null)), heard.seen());
  }

  @ParameterizedTest(name = "{0}, old value required: {1}")
  @MethodSource("everyNodeWithAndWithoutOldValues")
  void expiry_heardAsOnTheNodeThatFoundIt(Writer writer, boolean oldValueRequired) throws Exception {
    String name = "expiry-" + writer + "-" + oldValueRequired;
    MutableConfiguration<String, String> expiring = new MutableConfiguration<String, String>()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 500)));
    Cache<String, String> listening = node(name, expiring);
    EventRecorder heard = EventRecorder.listenTo(listening, /* synchronous= */ true, oldValueRequired);
    Cache<String, String> finder = writer == Writer.SAME_NODE ? listening : node(name, expiring);

    finder.put("k", "v");
    long deadline = System.currentTimeMillis() + 500;
    Eventually.assertTrue(() -> System.currentTimeMillis() > deadline && finder.get("k") == null,
        "the writer found the entry expired");

    heard.awaitSeen(EXPIRED, "k");
    String old = oldValueRequired ? "v" : null; // a removal's value is its old value
    assertEquals(List.of(new Seen(CREATED, "k", "v", null), new Seen(EXPIRED, "k", old, old)), heard.seen());
  }

  /**
   * After an operator's purge ({@code nats stream purge KV_<bucket>}) the key was not there: the next put created it,
   * at every node, and replaced nothing (the writing node reads the bucket and finds it absent).
   */
  @ParameterizedTest(name = "{0}, old value required: {1}")
  @MethodSource("everyNodeWithAndWithoutOldValues")
  void putAfterOperatorPurge_heardAsCreated(Writer writer, boolean oldValueRequired) throws Exception {
    String name = "purged-" + writer + "-" + oldValueRequired;
    Cache<String, String> listening = node(name, new MutableConfiguration<>());
    EventRecorder heard = EventRecorder.listenTo(listening, /* synchronous= */ true, oldValueRequired);
    Cache<String, String> other = writer == Writer.SAME_NODE ? listening : node(name, new MutableConfiguration<>());
    other.put("k", "v1");
    heard.awaitCreated("k");
    assertEquals("v1", listening.get("k"));

    try (Connection operator = Nats.connect(nats.url())) {
      operator.jetStreamManagement().purgeStream("KV_" + listening.unwrap(NatsCache.class).bucketStatus().name());
    }
    // The listening node has noticed the purge once it stops serving the value it cached.
    Eventually.assertTrue(() -> listening.get("k") == null, "the listening node noticed the purge");
    other.put("k", "v2");
    other.put("marker", "m");

    heard.awaitCreated("marker");
    assertEquals(List.of(
        new Seen(CREATED, "k", "v1", null),
        new Seen(CREATED, "k", "v2", null),
        new Seen(CREATED, "marker", "m", null)), heard.seen());
  }

  private static Cache<String, String> node(String name, MutableConfiguration<String, String> configuration) {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    properties.setProperty("expirySweepInterval", "60m"); // only reads find expired entries here
    return nats.node(properties).createCache(name, configuration.setTypes(String.class, String.class));
  }

  private static void write(Writer writer, Cache<String, String> listening, String name, String... steps)
      throws Exception {
    switch (writer) {
      case SAME_NODE -> ScriptedWriter.run(listening, steps);
      case OTHER_NODE -> ScriptedWriter.run(node(name, new MutableConfiguration<>()), steps);
      case OTHER_JVM -> inOtherJvm(name, steps);
      case FOREIGN_CLIENT -> {
        try (Connection connection = Nats.connect(nats.url())) {
          KeyValue foreign = connection.keyValue(name);
          for (String step : steps) {
            String[] parts = step.split(":", 3);
            if (parts[0].equals("put")) {
              foreign.put(parts[1], parts[2]);
            } else {
              foreign.delete(parts[1]);
            }
          }
        }
      }
    }
  }

  private static void inOtherJvm(String name, String... steps) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        ScriptedWriter.class.getName(), nats.url(), name));
    command.addAll(List.of(steps));
    Process other = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
      output = reader.lines().collect(Collectors.joining("\n"));
    }
    assertTrue(other.waitFor(120, TimeUnit.SECONDS), "the other JVM finished");
    assertEquals(0, other.exitValue(), output);
    assertTrue(output.contains("done"), output);
  }
}
