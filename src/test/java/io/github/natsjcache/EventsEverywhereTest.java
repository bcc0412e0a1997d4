package io.github.natsjcache;

import static javax.cache.event.EventType.CREATED;
import static javax.cache.event.EventType.EXPIRED;
import static javax.cache.event.EventType.REMOVED;
import static javax.cache.event.EventType.UPDATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.EventRecorder.Seen;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
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

  /**
   * Each step waits until the listening node heard the one before (a step that changes nothing is proven heard by the
   * next): a change overwritten before a watch delivers it is gone from the bucket, which
   * {@link #changeOverwrittenBeforeTheWatchSawIt_countedAsMissed} is about.
   */
  @ParameterizedTest(name = "{0}, old value required: {1}")
  @MethodSource("everyWriterWithAndWithoutOldValues")
  void createUpdateRemove_heardAsOnTheWritingNode(Writer writer, boolean oldValueRequired) throws Exception {
    String name = "events-" + writer + "-" + oldValueRequired;
    Cache<String, String> listening = node(name, new MutableConfiguration<>());
    EventRecorder heard = EventRecorder.listenTo(listening, /* synchronous= */ true, oldValueRequired);

    try (Steps steps = steps(writer, listening, name)) {
      steps.run("put:k:v1");
      heard.awaitSeen(CREATED, "k");
      steps.run("put:k:v2");
      heard.awaitSeen(UPDATED, "k");
      steps.run("remove:k");
      heard.awaitSeen(REMOVED, "k");
      steps.run("remove:never-there");
      steps.run("put:marker:m");
      heard.awaitCreated("marker");
    }
    assertEquals(List.of(
        new Seen(CREATED, "k", "v1", null),
        new Seen(UPDATED, "k", "v2", oldValueRequired ? "v1" : null),
        new Seen(REMOVED, "k", oldValueRequired ? "v2" : null, oldValueRequired ? "v2" : null),
        new Seen(CREATED, "marker", "m", null)), heard.seen());
    assertEquals(0L, NearStatistics.of(listening, "WatchMissedChanges"));
  }

  /**
   * The bucket keeps each key's last message only: a change overwritten before a node's watch delivered it is gone
   * (here the watch's consumer was deleted, as with a server that died, while another client wrote the key twice).
   * The node hears the change after it, as a creation since it knew of no value, counts the one it missed, and serves
   * the bucket's value.
   */
  @Test
  void changeOverwrittenBeforeTheWatchSawIt_countedAsMissed() throws Exception {
    Cache<String, String> listening = node("missed", new MutableConfiguration<>());
    EventRecorder heard = EventRecorder.listenTo(listening, /* synchronous= */ true, /* oldValueRequired= */ true);
    String bucket = listening.unwrap(NatsCache.class).bucketStatus().name();

    try (Connection operator = Nats.connect(nats.url())) {
      deleteWatchConsumers(operator, bucket);
      KeyValue foreign = operator.keyValue(bucket);
      foreign.put("k", "v1");
      foreign.put("k", "v2");
    }

    heard.awaitCreated("k");
    assertEquals(List.of(new Seen(CREATED, "k", "v2", null)), heard.seen());
    assertEquals(1L, NearStatistics.of(listening, "WatchMissedChanges"));
    assertEquals("v2", listening.get("k"));
  }

  /**
   * A node's own writes were heard by its listeners as they were made: overwritten before its watch saw them, they
   * are not missed.
   */
  @Test
  void ownWritesOverwrittenBeforeTheWatchSawThem_notCountedAsMissed() throws Exception {
    Cache<String, String> listening = node("own-missed", new MutableConfiguration<>());
    EventRecorder heard = EventRecorder.listenTo(listening, /* synchronous= */ true, /* oldValueRequired= */ true);
    String bucket = listening.unwrap(NatsCache.class).bucketStatus().name();

    try (Connection operator = Nats.connect(nats.url())) {
      deleteWatchConsumers(operator, bucket);
      listening.put("k", "v1");
      listening.put("k", "v2");
      operator.keyValue(bucket).put("marker", "m"); // heard once the watch is back: after both writes
    }

    heard.awaitCreated("marker");
    assertEquals(List.of(new Seen(CREATED, "k", "v1", null), new Seen(UPDATED, "k", "v2", "v1"),
        new Seen(CREATED, "marker", "m", null)), heard.seen());
    assertEquals(0L, NearStatistics.of(listening, "WatchMissedChanges"));
  }

  /** The first change missed while a listener is registered is a warning, even after one missed without listeners. */
  @Test
  void changeMissedWhileListening_warned_evenAfterOneMissedWithoutListeners() throws Exception {
    Cache<String, String> listening = node("warned", new MutableConfiguration<>());
    assertEquals(null, listening.get("a")); // the near-cache follows the bucket from now on, without values
    String bucket = listening.unwrap(NatsCache.class).bucketStatus().name();

    try (Connection operator = Nats.connect(nats.url())) {
      KeyValue foreign = operator.keyValue(bucket);
      deleteWatchConsumers(operator, bucket);
      foreign.put("a", "1");
      foreign.put("a", "2");
      Eventually.assertTrue(() -> NearStatistics.of(listening, "WatchMissedChanges").equals(1L),
          "a change missed without listeners");
      try (LogCapture logs = LogCapture.start()) {
        EventRecorder heard = EventRecorder.listenTo(listening, /* synchronous= */ true, /* oldValueRequired= */ true);
        NearStatistics.awaitWatchCaughtUp(listening);
        deleteWatchConsumers(operator, bucket);
        foreign.put("b", "1");
        foreign.put("b", "2");

        heard.awaitCreated("b");
        assertEquals(2L, NearStatistics.of(listening, "WatchMissedChanges"));
        assertTrue(logs.records().stream().anyMatch(record -> record.contains("were overwritten or purged")),
            "warned of the change the listener missed");
      }
    }
  }

  /** Deletes the consumers of a bucket's stream, as a server that died takes them: the watch resubscribes later. */
  private static void deleteWatchConsumers(Connection operator, String bucket) throws Exception {
    JetStreamManagement management = operator.jetStreamManagement();
    for (String consumer : management.getConsumerNames("KV_" + bucket)) {
      management.deleteConsumer("KV_" + bucket, consumer);
    }
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
    heard.awaitCreated("k"); // before the finder's removal replaces the value in the bucket
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
    return nats.node(properties).createCache(name,
        configuration.setTypes(String.class, String.class).setStatisticsEnabled(true));
  }

  /** Where a writer's steps run, one at a time. */
  private interface Steps extends AutoCloseable {
    /** Runs one step: {@code put:<key>:<value>} or {@code remove:<key>}. */
    void run(String step) throws Exception;

    @Override
    default void close() throws Exception {}
  }

  private static Steps steps(Writer writer, Cache<String, String> listening, String name) throws Exception {
    return switch (writer) {
      case SAME_NODE -> step -> ScriptedWriter.run(listening, step);
      case OTHER_NODE -> {
        Cache<String, String> other = node(name, new MutableConfiguration<>());
        yield step -> ScriptedWriter.run(other, step);
      }
      case OTHER_JVM -> new OtherJvm(name);
      case FOREIGN_CLIENT -> new ForeignClient(name);
    };
  }

  /** A plain NATS KV client. */
  private static final class ForeignClient implements Steps {
    private final Connection connection;
    private final KeyValue bucket;

    ForeignClient(String name) throws Exception {
      connection = Nats.connect(nats.url());
      bucket = connection.keyValue(name);
    }

    @Override
    public void run(String step) throws Exception {
      String[] parts = step.split(":", 3);
      if (parts[0].equals("put")) {
        bucket.put(parts[1], parts[2]);
      } else {
        bucket.delete(parts[1]);
      }
    }

    @Override
    public void close() throws InterruptedException {
      connection.close();
    }
  }

  /** A node in a JVM of its own: {@link ScriptedWriter}, which reads steps and says when each is done. */
  private static final class OtherJvm implements Steps {
    private final Process process;
    private final BufferedReader output;
    private final List<String> printed = new ArrayList<>();

    OtherJvm(String name) throws IOException {
      process = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"),
          ScriptedWriter.class.getName(), nats.url(), name).redirectErrorStream(true).start();
      output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public void run(String step) throws IOException {
      process.getOutputStream().write((step + "\n").getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
      for (String line = output.readLine(); !"done".equals(line); line = output.readLine()) {
        assertTrue(line != null, "the other JVM ran " + step + ": " + printed);
        printed.add(line);
      }
    }

    @Override
    public void close() throws Exception {
      process.getOutputStream().close(); // no more steps: it closes its manager and exits
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the other JVM finished");
      output.lines().forEach(printed::add);
      assertEquals(0, process.exitValue(), String.join("\n", printed));
    }
  }
}
