package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.config.ManagerSettings;
import io.nats.client.NKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret given to a CacheManager shows anywhere: not in any log record (every level), exception (message, cause
 * chain, stack trace), {@code toString} of the settings, manager, cache or its configuration, JMX name or attribute,
 * or {@code getProperties()} (the manager has no {@code toString} of its own). Everything that could show one is gathered as text and searched for each secret.
 */
@Tag("server")
class SecretsNeverShownTest {

  private static final String PASSWORD = "Pa55w0rd-9c4e71";
  private static final String TOKEN = "T0ken-5b8d02";

  @TempDir
  Path directory;

  @Test
  void secrets_appearNowhere() throws Exception {
    TestCertificates certificates = TestCertificates.generate(Files.createDirectory(directory.resolve("tls")));
    NKey user = NKey.createUser(null);
    String seed = new String(user.getSeed());
    Path seedFile = directory.resolve("node.nk");
    Files.writeString(seedFile, seed);
    List<String> secrets = List.of(PASSWORD, TOKEN, seed, TestCertificates.STORE_PASSWORD);
    String configuration = "tls {\n  cert_file: \"" + certificates.serverCertificatePem() + "\"\n  key_file: \""
        + certificates.serverKeyPem() + "\"\n  ca_file: \"" + certificates.caPem() + "\"\n  verify: true\n}\n"
        + "authorization { users: [ { user: app, password: \"" + PASSWORD + "\" }, { nkey: "
        + new String(user.getPublicKey()) + " } ] }\n";
    List<String> shown = new ArrayList<>();
    try (LogCapture log = LogCapture.start();
        ConfiguredServer server = ConfiguredServer.start(directory, configuration)) {
      Properties properties = new Properties();
      properties.setProperty("user", "app");
      properties.setProperty("password", PASSWORD);
      properties.setProperty("nkey", seedFile.toString());
      properties.setProperty("tls.trustStore", certificates.trustStore().toString());
      properties.setProperty("tls.trustStorePassword", TestCertificates.STORE_PASSWORD);
      properties.setProperty("tls.keyStore", certificates.keyStore().toString());
      properties.setProperty("tls.keyStorePassword", TestCertificates.STORE_PASSWORD);

      NatsCacheManager manager = server.node("tls", properties);
      Cache<String, String> cache = manager.createCache("secrets", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class).setStatisticsEnabled(true).setManagementEnabled(true));
      cache.put("k", "v");
      cache.get("k");
      shown.add(manager.getProperties().toString());
      shown.add(cache.toString());
      shown.add(cache.getConfiguration(MutableConfiguration.class).toString());
      shown.add(ManagerSettings.from(URI.create(server.url("tls")), properties, getClass().getClassLoader())
          .connection().toString());
      shown.addAll(jmx());
      assertTrue(shown.stream().anyMatch(text -> text.contains("CacheStatistics")), "the MXBeans were read");

      Properties withoutNkey = changed(properties, "nkey", null);
      shown.add(refusal(server, changed(withoutNkey, "password", PASSWORD + "x")));
      shown.add(refusal(server, changed(changed(changed(withoutNkey, "user", null), "password", null), "token", TOKEN)));
      shown.add(refusal(server, changed(properties, "tls.keyStorePassword", TestCertificates.STORE_PASSWORD + "x")));
      shown.add(refusal(server, changed(properties, "tls.trustStorePassword", TestCertificates.STORE_PASSWORD + "x")));
      shown.add(refusal(server, changed(properties, "nkey", directory.resolve("missing.nk").toString())));
      shown.addAll(log.records());
      assertTrue(log.records().stream().anyMatch(record -> record.contains("Authorization Violation")),
          "the refusals were logged, and captured");
    }

    for (String secret : secrets) {
      assertEquals(List.of(), shown.stream().filter(text -> text.contains(secret)).toList(),
          "a secret was shown");
    }
  }

  /** A copy with one option set, or removed when {@code value} is null. */
  private static Properties changed(Properties properties, String option, @Nullable String value) {
    Properties changed = new Properties();
    changed.putAll(properties);
    if (value == null) {
      changed.remove(option);
    } else {
      changed.setProperty(option, value);
    }
    return changed;
  }

  /** The whole stack trace, with every cause, of the failure to connect with these properties. */
  private static String refusal(ConfiguredServer server, Properties properties) {
    Properties quick = changed(properties, "connectionTimeout", "2s");
    CacheException refused = assertThrows(CacheException.class, () -> server.node("tls", quick));
    StringWriter trace = new StringWriter();
    refused.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }

  /** Every name, attribute name and attribute value of the cache MXBeans registered in the JVM. */
  private static List<String> jmx() throws Exception {
    MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
    List<String> shown = new ArrayList<>();
    for (String domain : List.of("javax.cache", "io.github.natsjcache")) {
      for (ObjectName name : beans.queryNames(new ObjectName(domain + ":*"), null)) {
        shown.add(name.toString());
        for (MBeanAttributeInfo attribute : beans.getMBeanInfo(name).getAttributes()) {
          shown.add(attribute.getName() + "=" + beans.getAttribute(name, attribute.getName()));
        }
      }
    }
    return shown;
  }
}
