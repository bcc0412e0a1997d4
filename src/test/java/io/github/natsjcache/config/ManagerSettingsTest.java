package io.github.natsjcache.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.codec.SerializationPolicy;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ManagerSettingsTest {

  private static final ClassLoader LOADER = ManagerSettingsTest.class.getClassLoader();

  private static ManagerSettings settings(String uri) {
    return settings(uri, new Properties());
  }

  private static ManagerSettings settings(String uri, Properties properties) {
    return ManagerSettings.from(URI.create(uri), properties, LOADER);
  }

  private static Properties properties(String... namesAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      properties.setProperty(namesAndValues[i], namesAndValues[i + 1]);
    }
    return properties;
  }

  private static IllegalArgumentException assertRefused(String uri, Properties properties) {
    return assertThrows(IllegalArgumentException.class, () -> settings(uri, properties));
  }

  private static void assertMessageContains(Throwable thrown, String expected) {
    assertTrue(thrown.getMessage().contains(expected), () -> "'" + expected + "' not in: " + thrown.getMessage());
  }

  private static void assertMessageOmits(Throwable thrown, String secret) {
    assertFalse(thrown.getMessage().contains(secret), () -> "secret shown in: " + thrown.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
      "serialization.allowlist, serialization.allowList",
      "nearcache, nearCache",
      "nearCache.maxEntry, nearCache.maxEntries",
      "timout, timeout",
      "cache.orders.nearcache, cache.orders.nearCache",
      "cache.my.orders.strictTimout, cache.my.orders.strictTimeout",
  })
  void from_misspelledOption_refusedNamingTheClosest(String misspelled, String meant) {
    IllegalArgumentException refused = assertRefused("nats://localhost:4222", properties(misspelled, "x"));

    assertMessageContains(refused, "'" + misspelled + "'");
    assertMessageContains(refused, "did you mean '" + meant + "'");
  }

  @Test
  void from_anotherPartysProperty_isKept() {
    Properties properties = properties("javax.cache.test.1", "value1", "hibernate.cache.region_prefix", "app",
        "node", "b",
        "cache.orders.nearCache.maxEntries", "5", "serialization.maxDepth", "7");

    ManagerSettings settings = settings("nats://localhost:4222", properties);

    assertEquals(5, settings.cacheSettings("orders").nearCacheMaxEntries());
  }

  @Test
  void from_propertiesWithDefaults_readsTheDefaultsToo() {
    Properties properties = new Properties(properties("namespace", "app"));

    assertEquals("app", settings("nats://a:1", properties).namespace());
    assertEquals("app", ManagerSettings.masked(properties).getProperty("namespace"));
  }

  @Test
  void from_singleServer_hasDefaults() {
    ManagerSettings settings = settings("nats://localhost:4222");
    ConnectionSettings connection = settings.connection();
    assertEquals(List.of("nats://localhost:4222"), connection.servers());
    assertNull(connection.user());
    assertNull(connection.password());
    assertNull(connection.token());
    assertNull(connection.credentials());
    assertEquals(Duration.ofSeconds(5), connection.connectionTimeout());
    assertEquals(Duration.ofSeconds(5), connection.operationTimeout());
    assertNull(settings.namespace());
    assertFalse(settings.usesEmbeddedServer());
    assertEquals(SerializationPolicy.DEFAULT, settings.serialization());
    assertEquals(new CacheSettings("java", new BucketSettings(1, false, -1, false, java.time.Duration.ofMinutes(30)), 10_000, true, 10_000, false, java.time.Duration.ofSeconds(1), 10_000), settings.cacheSettings("orders"));
  }

  @Test
  void from_multipleServers_listsEachInOrder() {
    assertEquals(List.of("nats://a:1", "nats://b:2"), settings("nats://a:1,nats://b:2").connection().servers());
    assertEquals(List.of("nats://a:1", "nats://b:2", "nats://c:3"),
        settings("nats://a:1,nats://b:2,nats://c:3?namespace=x").connection().servers());
  }

  @Test
  void from_tlsScheme_isAServerUrl() {
    assertEquals(List.of("tls://secure:4222"), settings("tls://secure:4222").connection().servers());
  }

  @Test
  void from_queryOptions_apply() {
    ManagerSettings settings =
        settings("nats://a:1?namespace=app&timeout=250ms&codec=string&replicas=3&storage=memory&maxBytes=64M");
    assertEquals(List.of("nats://a:1"), settings.connection().servers());
    assertEquals("app", settings.namespace());
    assertEquals(Duration.ofMillis(250), settings.connection().operationTimeout());
    assertEquals(new CacheSettings("string", new BucketSettings(3, true, 64L * 1024 * 1024, false, java.time.Duration.ofMinutes(30)), 10_000, true, 10_000, false, java.time.Duration.ofSeconds(1), 10_000),
        settings.cacheSettings("orders"));
  }

  @Test
  void from_queryOptionUrlEncoded_isDecoded() {
    assertEquals("my app", settings("nats://a:1?namespace=my%20app").namespace());
  }

  @Test
  void from_propertiesOverrideQuery() {
    ManagerSettings settings = settings("nats://a:1?namespace=fromUri&codec=string&timeout=250ms",
        properties("namespace", "fromProperties", "codec", "bytes"));
    assertEquals("fromProperties", settings.namespace());
    assertEquals("bytes", settings.cacheSettings("orders").codec());
    assertEquals(Duration.ofMillis(250), settings.connection().operationTimeout());
  }

  @Test
  void from_secretsInProperties_areSecrets() {
    ManagerSettings settings = settings("nats://a:1",
        properties("user", "alice", "password", "hunter2", "creds", "/etc/nats/app.creds"));
    ConnectionSettings connection = settings.connection();
    assertEquals("alice", connection.user());
    assertArrayEquals("hunter2".toCharArray(), connection.password().reveal());
    assertArrayEquals("t0ken".toCharArray(), settings("nats://a:1", properties("token", "t0ken")).connection().token()
        .reveal());
    assertEquals(Path.of("/etc/nats/app.creds"), connection.credentials());
  }

  @Test
  void from_secretInUriQuery_throwsWithoutShowingIt() {
    for (String secret : ManagerSettings.SECRETS) {
      IllegalArgumentException thrown = assertRefused("nats://a:1?namespace=x&" + secret + "=Sup3rS3cret",
          new Properties());
      assertMessageContains(thrown, secret);
      assertMessageOmits(thrown, "Sup3rS3cret");
    }
  }

  @Test
  void from_secretInTlsUriQuery_throwsWithoutShowingIt() {
    IllegalArgumentException thrown = assertRefused("tls://a:1?token=Sup3rS3cret", new Properties());
    assertMessageOmits(thrown, "Sup3rS3cret");
  }

  @Test
  void from_urlEncodedSecretNameInUriQuery_throwsWithoutShowingIt() {
    IllegalArgumentException thrown = assertRefused("nats://a:1?pass%77ord=Sup3rS3cret", new Properties());
    assertMessageOmits(thrown, "Sup3rS3cret");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://alice:Sup3rS3cret@host/cache.properties", "file://alice:Sup3rS3cret@host/c.properties",
      "tls://alice:Sup3rS3cret@host:4222"})
  void from_userInfoInUri_throwsWithoutShowingIt(String uri) {
    IllegalArgumentException thrown = assertRefused(uri, new Properties());
    assertMessageOmits(thrown, "Sup3rS3cret");
    assertMessageContains(thrown, "Credentials");
  }

  @Test
  void from_userInfoInServerUrl_throwsWithoutShowingPassword() {
    IllegalArgumentException thrown = assertRefused("nats://user:pw@host:4222", new Properties());
    assertMessageOmits(thrown, "pw");
    IllegalArgumentException second = assertRefused("nats://a:1,nats://bob:Sup3rS3cret@b:2?timeout=bad",
        new Properties());
    assertMessageOmits(second, "Sup3rS3cret");
  }

  @Test
  void from_embedded_usesEmbeddedServer() {
    assertTrue(settings("nats://embedded").usesEmbeddedServer());
    assertTrue(settings("nats://embedded?namespace=tck").usesEmbeddedServer());
  }

  @Test
  void from_embeddedWithOtherServers_throwsIllegalArgumentException() {
    assertRefused("nats://embedded,nats://a:1", new Properties());
  }

  @Test
  void from_classpathFile_readsServersAndOptions() {
    ManagerSettings settings = settings("classpath:natsjcache-test.properties");
    assertFileSettings(settings);
  }

  @Test
  void from_classpathFileWithLeadingSlash_readsIt() {
    assertFileSettings(settings("classpath:/natsjcache-test.properties"));
  }

  private static void assertFileSettings(ManagerSettings settings) {
    assertEquals(List.of("nats://one.example:4222", "nats://two.example:4223"), settings.connection().servers());
    assertEquals("fromfile", settings.namespace());
    assertEquals(Duration.ofMillis(750), settings.connection().operationTimeout());
    assertEquals(Duration.ofSeconds(3), settings.connection().connectionTimeout());
    assertEquals(new CacheSettings("string", new BucketSettings(3, true, 1024L * 1024 * 1024, false, java.time.Duration.ofMinutes(30)), 10_000, true, 10_000, false, java.time.Duration.ofSeconds(1), 10_000),
        settings.cacheSettings("orders"));
    assertEquals("bytes", settings.cacheSettings("blobs").codec());
  }

  @Test
  void from_classpathFile_propertiesOverrideIt() {
    ManagerSettings settings = settings("classpath:natsjcache-test.properties",
        properties("namespace", "override", "cache.blobs.codec", "java"));
    assertEquals("override", settings.namespace());
    assertEquals("java", settings.cacheSettings("blobs").codec());
    assertEquals("string", settings.cacheSettings("orders").codec());
  }

  /** The class javadoc: "The Properties given to getCacheManager override both" (URI and file). */
  @Test
  void from_classpathFile_serversInPropertiesOverrideFile() {
    ManagerSettings settings = settings("classpath:natsjcache-test.properties",
        properties("servers", "nats://elsewhere:1"));
    assertEquals(List.of("nats://elsewhere:1"), settings.connection().servers());
  }

  @Test
  void from_missingClasspathResource_throwsNamingIt() {
    IllegalArgumentException thrown = assertRefused("classpath:no-such-natsjcache.properties", new Properties());
    assertMessageContains(thrown, "no-such-natsjcache.properties");
  }

  @Test
  void from_fileUri_readsServersAndOptions(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("cache config.properties");
    writeProperties(file, Map.of("servers", "nats://filehost:4222", "namespace", "shop", "timeout", "PT2S",
        "cache.orders.replicas", "5", "user", "app", "password", "fromFile"));
    ManagerSettings settings = settings(file.toUri().toString());
    assertEquals(List.of("nats://filehost:4222"), settings.connection().servers());
    assertEquals("shop", settings.namespace());
    assertEquals(Duration.ofSeconds(2), settings.connection().operationTimeout());
    assertEquals(5, settings.cacheSettings("orders").bucket().replicas());
    assertEquals(1, settings.cacheSettings("other").bucket().replicas());
    assertArrayEquals("fromFile".toCharArray(), settings.connection().password().reveal());
  }

  @Test
  void from_fileWithoutServers_usesDefaultUrl(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("no-servers.properties");
    writeProperties(file, Map.of("namespace", "shop"));
    assertEquals(List.of(ManagerSettings.defaultUrl()), settings(file.toUri().toString()).connection().servers());
  }

  @Test
  void from_missingFile_throwsNamingIt(@TempDir Path directory) {
    Path file = directory.resolve("absent.properties");
    IllegalArgumentException thrown = assertRefused(file.toUri().toString(), new Properties());
    assertMessageContains(thrown, "absent.properties");
  }

  @Test
  void from_relativeUriWithoutScheme_throwsIllegalArgumentException() {
    assertRefused("just-a-name", new Properties());
  }

  @Test
  void from_durationForms_areRead() {
    Map<String, Duration> forms = Map.of("500ms", Duration.ofMillis(500), "5s", Duration.ofSeconds(5),
        "2m", Duration.ofMinutes(2), "PT5S", Duration.ofSeconds(5), "pt1m30s", Duration.ofSeconds(90),
        "1500", Duration.ofMillis(1500), " 7s ", Duration.ofSeconds(7), "10MS", Duration.ofMillis(10));
    forms.forEach((text, expected) -> {
      ManagerSettings settings = settings("nats://a:1", properties("timeout", text, "connectionTimeout", text));
      assertEquals(expected, settings.connection().operationTimeout(), text);
      assertEquals(expected, settings.connection().connectionTimeout(), text);
    });
  }

  @Test
  void from_malformedDuration_throwsNamingTheOption() {
    for (String bad : List.of("soon", "5h", "ms", "PT", "-5s", "0", "0ms", "1.5s")) {
      IllegalArgumentException thrown = assertRefused("nats://a:1", properties("timeout", bad));
      assertMessageContains(thrown, "timeout");
    }
    assertMessageContains(assertRefused("nats://a:1?connectionTimeout=later", new Properties()),
        "connectionTimeout");
  }

  @Test
  void from_byteSizeForms_areRead() {
    Map<String, Long> forms = Map.of("1048576", 1_048_576L, "64K", 64L * 1024, "64M", 64L * 1024 * 1024,
        "2G", 2L * 1024 * 1024 * 1024, "64MB", 64L * 1024 * 1024, "64MiB", 64L * 1024 * 1024,
        "10kb", 10L * 1024, "-1", -1L);
    forms.forEach((text, expected) -> assertEquals(expected,
        settings("nats://a:1", properties("maxBytes", text)).cacheSettings("c").bucket().maxBytes(), text));
  }

  @Test
  void from_malformedNumbers_throwNamingTheOption() {
    assertMessageContains(assertRefused("nats://a:1", properties("replicas", "three")), "replicas");
    assertMessageContains(assertRefused("nats://a:1", properties("replicas", "1.5")), "replicas");
    assertMessageContains(assertRefused("nats://a:1", properties("replicas", "9")), "replicas");
    assertMessageContains(assertRefused("nats://a:1", properties("replicas", "0")), "replicas");
    assertMessageContains(assertRefused("nats://a:1", properties("maxBytes", "lots")), "maxBytes");
    assertMessageContains(assertRefused("nats://a:1", properties("maxBytes", "0")), "maxBytes");
    assertMessageContains(assertRefused("nats://a:1", properties("maxBytes", "99999999999G")), "maxBytes");
    assertMessageContains(assertRefused("nats://a:1", properties("serialization.maxDepth", "deep")),
        "serialization.maxDepth");
    assertMessageContains(assertRefused("nats://a:1", properties("serialization.maxBytes", "huge")),
        "serialization.maxBytes");
  }

  @Test
  void from_malformedCodec_throwsNamingTheOption() {
    IllegalArgumentException thrown = assertRefused("nats://a:1?codec=yaml", new Properties());
    assertMessageContains(thrown, "codec");
    assertMessageContains(thrown, "yaml");
  }

  @Test
  void from_malformedStorage_throwsNamingTheOption() {
    IllegalArgumentException thrown = assertRefused("nats://a:1", properties("storage", "disk"));
    assertMessageContains(thrown, "storage");
    assertMessageContains(thrown, "disk");
  }

  @Test
  void from_storageIgnoresCase() {
    assertTrue(settings("nats://a:1?storage=MEMORY").cacheSettings("c").bucket().memoryStorage());
  }

  @Test
  void cacheSettings_perCacheOverrides_applyToThatCacheOnly() {
    ManagerSettings settings = settings("nats://a:1?codec=string&replicas=3",
        properties("cache.blobs.codec", "bytes", "cache.blobs.storage", "memory", "cache.blobs.maxBytes", "1M",
            "cache.shop.orders.replicas", "5"));
    assertEquals(new CacheSettings("bytes", new BucketSettings(3, true, 1024L * 1024, false, java.time.Duration.ofMinutes(30)), 10_000, true, 10_000, false, java.time.Duration.ofSeconds(1), 10_000),
        settings.cacheSettings("blobs"));
    assertEquals(new CacheSettings("string", new BucketSettings(3, false, -1, false, java.time.Duration.ofMinutes(30)), 10_000, true, 10_000, false, java.time.Duration.ofSeconds(1), 10_000), settings.cacheSettings("other"));
    assertEquals(5, settings.cacheSettings("shop.orders").bucket().replicas());
  }

  @Test
  void cacheSettings_compression_managerWideOrPerCache() {
    ManagerSettings settings = settings("nats://a:1?compression=S2", properties("cache.plain.compression", "none"));
    assertTrue(settings.cacheSettings("orders").bucket().compressed());
    assertFalse(settings.cacheSettings("plain").bucket().compressed());
    assertFalse(settings("nats://a:1").cacheSettings("orders").bucket().compressed(), "off by default");
  }

  @Test
  void cacheSettings_unknownCompression_throwsNamingTheOption() {
    ManagerSettings settings = settings("nats://a:1", properties("cache.orders.compression", "zstd"));
    IllegalArgumentException thrown =
        assertThrows(IllegalArgumentException.class, () -> settings.cacheSettings("orders"));
    assertMessageContains(thrown, "cache.orders.compression");
  }

  @Test
  void cacheSettings_malformedPerCacheNumber_throwsNamingTheOption() {
    ManagerSettings settings = settings("nats://a:1", properties("cache.orders.replicas", "many"));
    IllegalArgumentException thrown =
        assertThrows(IllegalArgumentException.class, () -> settings.cacheSettings("orders"));
    assertMessageContains(thrown, "cache.orders.replicas");
  }

  @Test
  void cacheSettings_listenerBacklog_perCacheOverManagerWide() {
    ManagerSettings settings = settings("nats://a:1", properties("listenerBacklog", "500",
        "cache.orders.listenerBacklog", "20"));

    assertEquals(20, settings.cacheSettings("orders").listenerBacklog());
    assertEquals(500, settings.cacheSettings("other").listenerBacklog());
  }

  @Test
  void from_listenerBacklogNotPositive_refusedNamingTheOption() {
    assertMessageContains(assertRefused("nats://a:1", properties("listenerBacklog", "0")),
        "listenerBacklog must be positive");
  }

  /** The manager-wide codec is fine here; the message must point at the per-cache option that is wrong. */
  @Test
  void cacheSettings_malformedPerCacheCodec_throwsNamingTheOption() {
    ManagerSettings settings = settings("nats://a:1", properties("cache.orders.codec", "yaml"));
    IllegalArgumentException thrown =
        assertThrows(IllegalArgumentException.class, () -> settings.cacheSettings("orders"));
    assertMessageContains(thrown, "cache.orders.codec");
  }

  @Test
  void from_serializationOptions_buildPolicy() {
    ManagerSettings settings = settings("nats://a:1", properties("serialization.maxDepth", "20",
        "serialization.maxReferences", "5000", "serialization.maxArrayLength", "1K", "serialization.maxBytes", "1M",
        "serialization.allowList", "com.example.**; org.acme.*, ,net.x.Y"));
    assertEquals(new SerializationPolicy(20, 5000, 1024, 1024 * 1024, SerializationPolicy.Mode.ALLOW_LIST,
        List.of("com.example.**", "org.acme.*", "net.x.Y")), settings.serialization());
  }

  @Test
  void from_serializationMode_allowListByDefault_denyListWhenChosen() {
    assertEquals(SerializationPolicy.Mode.ALLOW_LIST, settings("nats://a:1").serialization().mode());
    assertEquals(SerializationPolicy.Mode.DENY_LIST,
        settings("nats://a:1", properties("serialization.mode", "DenyList")).serialization().mode());
    assertMessageContains(assertRefused("nats://a:1", properties("serialization.mode", "blocklist")),
        "serialization.mode");
    IllegalArgumentException both = assertRefused("nats://a:1",
        properties("serialization.mode", "denylist", "serialization.allowList", "com.example.*"));
    assertMessageContains(both, "serialization.allowList");
    assertMessageContains(both, "serialization.mode=denylist");
  }

  @Test
  void masked_replacesSecretsOnly() {
    Properties original = properties("user", "alice", "password", "hunter2", "token", "t0ken", "creds",
        "/etc/app.creds", "namespace", "shop", "nkey", "/etc/app.nk", "tls.trustStorePassword", "trustPw",
        "tls.keyStorePassword", "keyPw");
    Properties masked = ManagerSettings.masked(original);
    assertEquals("****", masked.getProperty("nkey"));
    assertEquals("****", masked.getProperty("tls.trustStorePassword"));
    assertEquals("****", masked.getProperty("tls.keyStorePassword"));
    assertEquals("****", masked.getProperty("password"));
    assertEquals("****", masked.getProperty("token"));
    assertEquals("****", masked.getProperty("creds"));
    assertEquals("alice", masked.getProperty("user"));
    assertEquals("shop", masked.getProperty("namespace"));
    assertEquals("hunter2", original.getProperty("password"));
    assertFalse(ManagerSettings.masked(properties("namespace", "x")).containsKey("password"));
  }

  @Test
  void connectionSettings_toString_omitsSecrets() {
    ManagerSettings settings = settings("nats://a:1", properties("user", "alice", "password", "hunter2",
        "creds", "/secret/dir/app.creds",
        "tls.trustStore", "/ca.p12", "tls.trustStorePassword", "trustPw7", "tls.keyStore", "/node.p12",
        "tls.keyStorePassword", "keyPw7"));
    String text = settings.connection().toString();
    assertFalse(text.contains("trustPw7") || text.contains("keyPw7"), text);
    assertFalse(text.contains("hunter2"), text);
    String withToken = settings("nats://a:1", properties("token", "t0kenValue")).connection().toString();
    assertFalse(withToken.contains("t0kenValue"), withToken);
    String withNkey = settings("nats://a:1", properties("nkey", "/secret/dir/app.nk")).connection().toString();
    assertFalse(withNkey.contains("/secret/dir"), withNkey);
    assertFalse(text.contains("/secret/dir"), text);
    assertTrue(text.contains("nats://a:1"), text);
    assertEquals("****", settings.connection().password().toString());
  }

  @Test
  void connectionSettings_withServer_keepsTimeoutsAndName_takesTheServersToken() {
    ConnectionSettings connection = settings("nats://embedded", properties("user", "alice", "password", "hunter2",
        "timeout", "1s", "tls.first", "true", "tls.trustStore", "/t.p12", "connectionName", "node-7")).connection();
    Secret serverToken = Secret.of("generated");
    ConnectionSettings moved = connection.withServer("nats://127.0.0.1:34567", serverToken);
    assertEquals(List.of("nats://127.0.0.1:34567"), moved.servers());
    assertEquals(Duration.ofSeconds(1), moved.operationTimeout());
    assertSame(serverToken, moved.token());
    assertNull(moved.user(), "the configured credentials are not sent to the embedded server");
    assertNull(moved.password());
    assertEquals(TlsSettings.NONE, moved.tls(), "the configured TLS settings are for other servers");
    assertEquals("node-7", moved.connectionName());
  }

  @ParameterizedTest
  @CsvSource({"user, alice", "password, hunter2"})
  void from_userOrPasswordAlone_throws(String option, String value) {
    IllegalArgumentException thrown = assertRefused("nats://a:1", properties(option, value));
    assertMessageContains(thrown, "set both, or neither");
    assertMessageOmits(thrown, "hunter2");
  }

  @Test
  void from_tokenWithUser_throws() {
    IllegalArgumentException thrown = assertRefused("nats://a:1", properties("user", "alice", "password", "hunter2",
        "token", "t0ken"));
    assertMessageContains(thrown, "cannot be combined");
    assertMessageOmits(thrown, "t0ken");
  }

  @Test
  void from_nkeyWithCreds_throws() {
    assertMessageContains(assertRefused("nats://a:1", properties("creds", "/app.creds", "nkey", "/app.nk")),
        "creds and nkey cannot be combined");
  }

  @Test
  void from_tlsOptions_readIntoTlsSettings() {
    TlsSettings tls = settings("nats://a:1", properties("tls.trustStore", "/ca.p12", "tls.trustStorePassword",
        "trustPw", "tls.keyStore", "/node.p12", "tls.keyStorePassword", "keyPw", "tls.first", "true")).connection()
        .tls();
    assertEquals(Path.of("/ca.p12"), tls.trustStore());
    assertArrayEquals("trustPw".toCharArray(), tls.trustStorePassword().reveal());
    assertEquals(Path.of("/node.p12"), tls.keyStore());
    assertArrayEquals("keyPw".toCharArray(), tls.keyStorePassword().reveal());
    assertTrue(tls.handshakeFirst());
    assertFalse(tls.trustAll());
    assertFalse(tls.toString().contains("trustPw") || tls.toString().contains("keyPw"), tls.toString());
  }

  @Test
  void from_sslContextObject_isTheTlsContext() throws Exception {
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getDefault();
    Properties properties = new Properties();
    properties.put("tls.context", context);
    assertEquals(context, settings("tls://a:1", properties).connection().tls().context());
  }

  @Test
  void from_tlsContextNotAnSslContext_throws() {
    Properties properties = new Properties();
    properties.put("tls.context", new Object());
    assertMessageContains(assertRefused("nats://a:1", properties), "javax.net.ssl.SSLContext");
  }

  @Test
  void from_misspelledObjectOption_throws() throws Exception {
    Properties properties = new Properties();
    properties.put("tls.contxt", javax.net.ssl.SSLContext.getDefault());
    assertMessageContains(assertRefused("nats://a:1", properties), "tls.context");
  }

  @ParameterizedTest
  @ValueSource(strings = {"opentls://a:1", "nats://a:1,OPENTLS://b:2"})
  void from_opentlsWithoutTrustAll_throws(String servers, @TempDir Path directory) throws IOException {
    assertMessageContains(assertRefused(servers, new Properties()), "tls.trustAll=true");
    Path file = directory.resolve("cache.properties");
    writeProperties(file, Map.of("servers", servers));
    assertMessageContains(assertRefused(file.toUri().toString(), new Properties()), "tls.trustAll=true");
  }

  @Test
  void from_opentlsWithTrustAll_isAccepted() {
    ConnectionSettings connection = settings("opentls://a:1", properties("tls.trustAll", "true")).connection();
    assertEquals(List.of("opentls://a:1"), connection.servers());
    assertTrue(connection.tls().trustAll());
  }

  @ParameterizedTest
  @CsvSource({"tls.trustStore, /ca.p12", "tls.keyStore, /node.p12"})
  void from_trustAllWithStores_throws(String option, String value) {
    assertMessageContains(assertRefused("nats://a:1", properties("tls.trustAll", "true", option, value)),
        "cannot be combined");
  }

  @Test
  void from_tlsFirstWithoutTlsSettings_throws() {
    assertMessageContains(assertRefused("tls://a:1", properties("tls.first", "true")), "tls.first needs");
  }

  @ParameterizedTest
  @CsvSource({"http://example.com/cache.properties", "https://example.com/cache.properties",
      "ftp://example.com/x"})
  void from_configurationUrlOverTheNetwork_throws(String uri) {
    assertMessageContains(assertRefused(uri, new Properties()), "classpath:, file: or jar:");
  }

  @Test
  void from_connectionNameAndInboxPrefix_areRead() {
    ConnectionSettings connection = settings("nats://a:1", properties("connectionName", "orders-node-3",
        "inboxPrefix", "_INBOX_orders")).connection();
    assertEquals("orders-node-3", connection.connectionName());
    assertEquals("_INBOX_orders", connection.inboxPrefix());
    assertEquals("nats-jcache", settings("nats://a:1").connection().connectionName());
  }

  @Test
  void secret_reveal_returnsCopy() {
    Secret secret = Secret.of("hunter2");
    char[] first = secret.reveal();
    first[0] = 'X';
    assertArrayEquals("hunter2".toCharArray(), secret.reveal());
    assertEquals("****", secret.toString());
  }

  private static void writeProperties(Path file, Map<String, String> values) throws IOException {
    Properties properties = new Properties();
    properties.putAll(values);
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      properties.store(writer, null);
    }
  }
}
