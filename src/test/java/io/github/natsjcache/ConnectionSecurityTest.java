package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.natsjcache.embedded.ServerBinary;
import io.nats.client.NKey;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way of securing a node's connection, against a real server configured for it: TLS with the node's own trust
 * store, a given {@code SSLContext}, mutual TLS, handshake-first TLS, NKey, user/password and token; and wrong
 * credentials refused at {@code getCacheManager} with a clear message that does not show them.
 */
@Tag("server")
class ConnectionSecurityTest {

  private static final String PASSWORD = "Pa55-for-app-91ae";
  private static final String TOKEN = "T0ken-for-app-3f2d";

  @TempDir
  static Path certificatesDirectory;
  private static TestCertificates certificates;

  @TempDir
  Path directory;

  @BeforeAll
  static void generateCertificates() throws Exception {
    certificates = TestCertificates.generate(certificatesDirectory);
  }

  @Test
  void tls_trustStore_connectsWhereTheJvmDefaultIsRefused() throws Exception {
    try (ConfiguredServer server = ConfiguredServer.start(directory, tls(""))) {
      CacheException refused = assertThrows(CacheException.class, () -> server.node("tls", new Properties()));
      assertTrue(refused.getMessage().contains("connect"), refused.getMessage());

      roundTrip(server.node("nats", trusting()));
    }
  }

  @Test
  void tls_contextProperty_isUsed() throws Exception {
    try (ConfiguredServer server = ConfiguredServer.start(directory, tls(""))) {
      Properties properties = new Properties();
      properties.put("tls.context", contextTrusting(certificates.trustStore()));

      roundTrip(server.node("tls", properties));
    }
  }

  @Test
  void mutualTls_keyStore_connects_andAClientWithoutATrustedCertificateIsRefused() throws Exception {
    String verifying = "  ca_file: \"" + certificates.caPem() + "\"\n  verify: true\n";
    try (ConfiguredServer server = ConfiguredServer.start(directory, tls(verifying))) {
      assertThrows(CacheException.class, () -> server.node("tls", trusting()));
      Properties stranger = trusting();
      stranger.setProperty("tls.keyStore", certificates.untrustedKeyStore().toString());
      stranger.setProperty("tls.keyStorePassword", TestCertificates.STORE_PASSWORD);
      assertThrows(CacheException.class, () -> server.node("tls", stranger));

      roundTrip(server.node("tls", withKey(trusting())));
    }
  }

  @Test
  void tlsFirst_connectsToAServerThatHandshakesFirst() throws Exception {
    assumeTrue(atLeast(2, 10, 4), "handshake_first needs nats-server 2.10.4+, not " + ServerBinary.find().version());
    try (ConfiguredServer server = ConfiguredServer.start(directory,
        tls("  handshake_first: true\n"))) {
      Properties properties = trusting();
      properties.setProperty("connectionTimeout", "2s");
      assertThrows(CacheException.class, () -> server.node("tls", properties));
      properties.setProperty("tls.first", "true");

      roundTrip(server.node("tls", properties));
    }
  }

  @Test
  void opentls_withTrustAll_connectsWithoutTrustStore() throws Exception {
    try (ConfiguredServer server = ConfiguredServer.start(directory, tls(""))) {
      Properties properties = new Properties();
      properties.setProperty("tls.trustAll", "true");

      roundTrip(server.node("opentls", properties));
    }
  }

  @Test
  void nkey_seedFile_connects_andAnotherSeedIsRefused() throws Exception {
    NKey user = NKey.createUser(null);
    Path seed = directory.resolve("app.nk");
    Files.writeString(seed, new String(user.getSeed()));
    Path otherSeed = directory.resolve("other.nk");
    Files.writeString(otherSeed, new String(NKey.createUser(null).getSeed()));
    String configuration = "authorization { users: [ { nkey: " + new String(user.getPublicKey()) + " } ] }\n";
    try (ConfiguredServer server = ConfiguredServer.start(directory, configuration)) {
      assertRefusedCredentials(server, properties("nkey", otherSeed.toString()));

      roundTrip(server.node("nats", properties("nkey", seed.toString())));
    }
  }

  @Test
  void creds_userJwtAndSeed_connect_andAUserSignedByAnotherAccountIsRefused() throws Exception {
    TestOperator operator = TestOperator.create();
    Path creds = operator.credentials(directory.resolve("app.creds"), operator.account());
    Path forged = operator.credentials(directory.resolve("forged.creds"), NKey.createAccount(null));
    try (ConfiguredServer server = ConfiguredServer.start(directory, operator.serverConfiguration())) {
      assertRefusedCredentials(server, properties("creds", forged.toString()));

      roundTrip(server.node("nats", properties("creds", creds.toString())));
    }
  }

  @Test
  void userAndPassword_connect_andAWrongPasswordIsRefusedWithoutShowingIt() throws Exception {
    String configuration = "authorization { user: app, password: \"" + PASSWORD + "\" }\n";
    try (ConfiguredServer server = ConfiguredServer.start(directory, configuration)) {
      assertRefusedCredentials(server, properties("user", "app", "password", PASSWORD + "-wrong"));

      roundTrip(server.node("nats", properties("user", "app", "password", PASSWORD)));
    }
  }

  @Test
  void token_connects_andAWrongTokenIsRefusedWithoutShowingIt() throws Exception {
    try (ConfiguredServer server = ConfiguredServer.start(directory, "authorization { token: \"" + TOKEN + "\" }\n")) {
      assertRefusedCredentials(server, properties("token", TOKEN + "-wrong"));

      roundTrip(server.node("nats", properties("token", TOKEN)));
    }
  }

  /** Through {@code Caching}, as an application would: a CacheException naming the cause, showing no secret. */
  private static void assertRefusedCredentials(ConfiguredServer server, Properties properties) {
    properties.setProperty("connectionTimeout", "1s"); // jnats waits this long after the server's refusal
    CacheException refused = assertThrows(CacheException.class, () -> Caching.getCachingProvider()
        .getCacheManager(URI.create(server.url("nats")), ConnectionSecurityTest.class.getClassLoader(), properties));
    assertTrue(refused.getMessage().contains("credentials"), refused.getMessage());
    for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage());
      for (String secret : properties.stringPropertyNames()) {
        if (!secret.equals("user") && !secret.equals("connectionTimeout")) {
          assertFalse(message.contains(properties.getProperty(secret)), message);
        }
      }
    }
  }

  private static void roundTrip(NatsCacheManager node) {
    Cache<String, String> cache = node.createCache("secured",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("k", "v");
    assertEquals("v", cache.get("k"));
  }

  private static String tls(String more) {
    return "tls {\n  cert_file: \"" + certificates.serverCertificatePem() + "\"\n  key_file: \""
        + certificates.serverKeyPem() + "\"\n" + more + "}\n";
  }

  private static Properties trusting() {
    return properties("tls.trustStore", certificates.trustStore().toString(), "tls.trustStorePassword",
        TestCertificates.STORE_PASSWORD);
  }

  private static Properties withKey(Properties properties) {
    properties.setProperty("tls.keyStore", certificates.keyStore().toString());
    properties.setProperty("tls.keyStorePassword", TestCertificates.STORE_PASSWORD);
    return properties;
  }

  private static SSLContext contextTrusting(Path trustStore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(trustStore)) {
      store.load(in, TestCertificates.STORE_PASSWORD.toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLSv1.2");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static Properties properties(String... namesAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      properties.setProperty(namesAndValues[i], namesAndValues[i + 1]);
    }
    return properties;
  }

  private static boolean atLeast(int... version) {
    int[] numbers = Arrays.stream(ServerBinary.find().version().split("\\D+", 4)).limit(3)
        .mapToInt(Integer::parseInt).toArray();
    return Arrays.compare(numbers, version) >= 0;
  }
}
