package io.github.natsjcache;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A plain jnats client beside the cache nodes, to see a test's bucket as any NATS client does. The test's cache is
 * named after the test method (see {@link #name()}) and the bucket after the cache.
 *
 * <p>Register it on an instance field, after the {@link NatsTestServer}: it connects before each test and closes its
 * connection after it, before the server's nodes are closed.
 */
public final class ForeignBucket implements BeforeEachCallback, AfterEachCallback {

  private final NatsTestServer nats;
  private String name;
  private Connection connection;
  private KeyValue keyValue;

  public ForeignBucket(NatsTestServer nats) {
    this.nats = nats;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    name = context.getRequiredTestMethod().getName();
    keyValue = null;
    connection = Nats.connect(nats.url());
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    connection.close();
  }

  /** The name of this test's cache, and so of its bucket: the test method's. */
  public String name() {
    return name;
  }

  /** The server this client is connected to, whose nodes create the test's cache. */
  public NatsTestServer server() {
    return nats;
  }

  /** The plain connection. */
  public Connection connection() {
    return connection;
  }

  /** The bucket as a plain NATS KV client sees it. */
  public KeyValue keyValue() throws IOException {
    if (keyValue == null) {
      keyValue = connection.keyValue(name);
    }
    return keyValue;
  }

  /** The bucket stream's last sequence: it moves with every write, delete marker included. */
  public long lastSequence() throws IOException, JetStreamApiException {
    return connection.jetStreamManagement().getStreamInfo(stream()).getStreamState().getLastSequence();
  }

  /** How many messages the bucket stream holds. */
  public long messageCount() throws IOException, JetStreamApiException {
    return connection.jetStreamManagement().getStreamInfo(stream()).getStreamState().getMsgCount();
  }

  /** The headers of a key's last message, or null if it has none. */
  public Headers lastMessageHeaders(String key) throws IOException, JetStreamApiException {
    return connection.jetStreamManagement().getLastMessage(stream(), "$KV." + name + "." + key).getHeaders();
  }

  /** A key's value as text, as a plain KV client reads it, or null when it has none. */
  public @Nullable String valueOf(String key) {
    try {
      KeyValueEntry entry = keyValue().get(key);
      return entry == null || entry.getValue() == null ? null : entry.getValueAsString();
    } catch (IOException | JetStreamApiException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The revision of a key's last message (a value or a delete marker). */
  public long lastRevision(String key) {
    try {
      return connection.jetStreamManagement().getLastMessage(stream(), "$KV." + name + "." + key).getSeq();
    } catch (IOException | JetStreamApiException e) {
      throw new IllegalStateException(e);
    }
  }

  private String stream() {
    return "KV_" + name;
  }
}
