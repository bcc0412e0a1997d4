package io.github.natsjcache.examples;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.natsjcache.config.Secret;
import io.github.natsjcache.embedded.EmbeddedNatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueEntry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;

/**
 * The NATS Key/Value quick start, through JCache: a bucket {@code SHOP_ORDERS}, the key {@code order-1} holding
 * {@code {"Id":1}}, read back, then what the real {@code nats} CLI shows of it ({@code nats kv ls}, {@code nats kv get}),
 * an update seen by a listener, and a {@code nats kv put} seen by the same listener and the next read.
 *
 * <p>Runs on {@code nats://embedded} (a {@code nats-server} child process of this JVM) unless {@code NATS_URL} is
 * set.
 */
public final class QuickStart {

  /** An order, stored as JSON so that every NATS client can read it. */
  public record Order(@JsonProperty("Id") int id) {}

  /** Prints every update of the cache, wherever it was made, and counts them for the quick start to wait on. */
  public static final class PrintUpdates implements CacheEntryUpdatedListener<String, Order> {
    static final Semaphore HEARD = new Semaphore(0);

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends Order>> events) {
      for (CacheEntryEvent<? extends String, ? extends Order> event : events) {
        System.out.println("Listener: " + event.getKey() + " updated from " + event.getOldValue()
            + " to " + event.getValue());
        HEARD.release();
      }
    }
  }

  private QuickStart() {}

  /** The server's client URL, for other NATS clients. */
  private static String url(URI uri) {
    return isEmbedded(uri) ? EmbeddedNatsServer.shared().url() : uri.toString();
  }

  /** The token other NATS clients need: the embedded server's own; a server of yours takes your usual settings. */
  private static Optional<Secret> token(URI uri) {
    return isEmbedded(uri) ? EmbeddedNatsServer.shared().token() : Optional.empty();
  }

  private static boolean isEmbedded(URI uri) {
    return uri.toString().equals("nats://embedded");
  }

  /** The nats CLI: NATS_CLI_PATH, else nats in ./.tools/bin, ~/go/bin or on the PATH; empty if not installed. */
  private static Optional<Path> natsCli() {
    List<Path> candidates = new ArrayList<>();
    String configured = System.getenv("NATS_CLI_PATH");
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured));
    }
    candidates.add(Path.of(".tools", "bin", "nats"));
    candidates.add(Path.of(System.getProperty("user.home"), "go", "bin", "nats"));
    for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
      candidates.add(Path.of(directory, "nats"));
    }
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /**
   * Runs the nats CLI against the server, echoing the command and indenting what it prints. The token goes in
   * {@code NATS_TOKEN}: a command line is visible to every user in {@code ps}, an environment is not.
   */
  private static void cli(Path nats, String url, Optional<Secret> token, String... arguments)
      throws IOException, InterruptedException {
    System.out.println("nats " + String.join(" ", arguments));
    List<String> command = new ArrayList<>(List.of(nats.toString(), "--server", url));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    token.ifPresent(secret -> builder.environment().put("NATS_TOKEN", new String(secret.reveal())));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    output.lines().filter(line -> !line.isBlank()).forEach(line -> System.out.println("  " + line));
  }

  /** Without the CLI: what a plain NATS client reads from the bucket. */
  private static void readWithPlainNatsClient(String url, Optional<Secret> token, String bucket, String key) {
    System.out.println("(the nats CLI is not installed: GOBIN=\"$PWD/.tools/bin\" go install "
        + "github.com/nats-io/natscli/nats@v0.5.0; a plain NATS client reads " + bucket + " " + key + ":)");
    Options.Builder options = Options.builder().server(url);
    token.ifPresent(secret -> options.token(secret.reveal()));
    try (Connection connection = Nats.connect(options.build())) {
      KeyValueEntry entry = connection.keyValue(bucket).get(key);
      System.out.println("  " + (entry == null ? "(none)" : entry.getValueAsString()));
    } catch (IOException | JetStreamApiException e) {
      System.out.println("  (cannot read: " + e + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs the quick start.
   *
   * @param args unused
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    String natsUrl = System.getenv("NATS_URL");
    URI uri = URI.create(natsUrl == null || natsUrl.isBlank() ? "nats://embedded" : natsUrl);
    Properties properties = new Properties();
    properties.setProperty("cache.SHOP_ORDERS.codec", "json");

    CacheManager manager = Caching.getCachingProvider().getCacheManager(uri, QuickStart.class.getClassLoader(),
        properties);
    try {
      System.out.println("Connected to " + uri);
      MutableConfiguration<String, Order> configuration = new MutableConfiguration<String, Order>()
          .setTypes(String.class, Order.class)
          .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
              FactoryBuilder.factoryOf(PrintUpdates.class), null, true, true));
      // Creates the bucket, or attaches to it when an earlier run or another node created it alike.
      Cache<String, Order> orders = manager.createCache("SHOP_ORDERS", configuration);

      orders.put("order-1", new Order(1));
      System.out.println("Got order-1: " + orders.get("order-1"));

      String url = url(uri);
      Optional<Secret> token = token(uri);
      Optional<Path> nats = natsCli();
      System.out.println();
      if (nats.isPresent()) {
        cli(nats.get(), url, token, "kv", "ls");
        cli(nats.get(), url, token, "kv", "get", "SHOP_ORDERS", "order-1");
      } else {
        readWithPlainNatsClient(url, token, "SHOP_ORDERS", "order-1");
      }
      System.out.println();

      orders.put("order-1", new Order(2));
      PrintUpdates.HEARD.acquire();
      System.out.println("Got order-1: " + orders.get("order-1"));
      if (nats.isPresent()) {
        System.out.println();
        cli(nats.get(), url, token, "kv", "put", "SHOP_ORDERS", "order-1", "{\"Id\":3}");
        if (!PrintUpdates.HEARD.tryAcquire(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("The listener did not hear the CLI's put");
        }
        System.out.println("Got order-1: " + orders.get("order-1"));
      }
    } finally {
      manager.close();
    }
  }
}
