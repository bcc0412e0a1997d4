package io.github.natsjcache.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.NatsCachingProvider;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code nats://embedded} serves only clients that hold its generated token, and shows the token to nobody. */
@Tag("server")
class EmbeddedServerSecurityTest {

  private static final Pattern TOKEN = Pattern.compile("token: \"([^\"]+)\"");

  @Test
  void embedded_clientWithoutToken_isRefused() {
    Options options = Options.builder().server(EmbeddedNatsServer.shared().url()).maxReconnects(0).build();

    IOException refused = assertThrows(IOException.class, () -> Nats.connect(options).close());

    assertTrue(refused.getMessage().contains("Authorization Violation"), refused.getMessage());
  }

  @Test
  void embedded_clientWithToken_isServed() throws Exception {
    EmbeddedNatsServer server = EmbeddedNatsServer.shared();
    Options options = Options.builder().server(server.url()).token(server.token().orElseThrow().reveal())
        .maxReconnects(0).build();

    try (Connection connection = Nats.connect(options)) {
      assertEquals(Connection.Status.CONNECTED, connection.getStatus());
    }
  }

  @Test
  void embedded_managerHoldsTheToken_cacheWorks() {
    CacheManager manager = new NatsCachingProvider()
        .getCacheManager(URI.create("nats://embedded"), getClass().getClassLoader(), new Properties());
    try {
      Cache<String, String> cache = manager.createCache("security",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.put("k", "v");
      assertEquals("v", cache.get("k"));
    } finally {
      manager.close();
    }
  }

  @Test
  void embedded_tokenIsInAnOwnerOnlyFile_notOnTheCommandLine() throws IOException {
    String url = EmbeddedNatsServer.shared().url();
    List<ProcessHandle> configured = EmbeddedProcesses.serversBelow(ProcessHandle.current()).stream()
        .filter(server -> EmbeddedProcesses.argument(server, "-c").isPresent()).toList();
    assertEquals(1, configured.size(), "one nats-server runs from a configuration file: " + url);
    ProcessHandle server = configured.get(0);
    Path config = Path.of(EmbeddedProcesses.argument(server, "-c").orElseThrow());

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
    Matcher token = TOKEN.matcher(Files.readString(config, StandardCharsets.UTF_8));
    assertTrue(token.find(), "the file holds the token");
    assertTrue(token.group(1).length() >= 32, "the token is long: " + token.group(1).length());
    assertTrue(ProcessHandle.current().descendants()
        .noneMatch(process -> EmbeddedProcesses.commandLine(process).contains(token.group(1))), "ps shows no token");
    assertFalse(EmbeddedNatsServer.shared().toString().contains(token.group(1)), "toString shows no token");
  }
}
