package io.github.natsjcache.near;

import static javax.cache.event.EventType.CREATED;
import static javax.cache.event.EventType.UPDATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.EventRecorder;
import io.github.natsjcache.EventRecorder.Seen;
import io.github.natsjcache.Eventually;
import io.github.natsjcache.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node in another JVM process writes a key this node had cached: this node's near-cache and listener follow. */
@Tag("server")
class NearCacheSeparateJvmTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  @Test
  void writeFromOtherJvm_cachedKey_seenAndHeardAsUpdate() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    Cache<String, String> cache = nats.node(properties).createCache("near-two-jvms",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    EventRecorder recorder = EventRecorder.listenTo(cache);
    cache.put("k", "mine");
    assertEquals("mine", cache.get("k"));
    assertEquals("mine", cache.get("k"), "cached on this node");
    // The other JVM's write must find this node's watch past its own put, whose value that write replaces (the bucket
    // keeps a key's last message only): a later write by another client proves it.
    try (Connection foreign = Nats.connect(nats.url())) {
      foreign.keyValue("near-two-jvms").put("marker", "m");
    }
    recorder.awaitCreated("marker");

    Process other = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        RemoteWriter.class.getName(), nats.url(), "near-two-jvms", "k", "theirs"))
        .redirectErrorStream(true)
        .start();
    BufferedReader otherOutput = new BufferedReader(
        new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
    String output = otherOutput.lines().collect(Collectors.joining("\n"));
    boolean exited = other.waitFor(120, TimeUnit.SECONDS);
    assertTrue(exited, "the other JVM finished");
    assertEquals(0, other.exitValue(), output);
    assertTrue(output.contains("seen mine") && output.contains("done"), output);

    Eventually.assertTrue(() -> "theirs".equals(cache.get("k")), "this node sees the other JVM's write");
    recorder.awaitSeen(UPDATED, "k");
    assertEquals(List.of(new Seen(CREATED, "k", "mine", null), new Seen(CREATED, "marker", "m", null),
        new Seen(UPDATED, "k", "theirs", "mine")),
        recorder.seen(), "heard this node's own put once, then the other JVM's as an update");
  }
}
