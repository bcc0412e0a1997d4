package io.github.natsjcache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority, a server certificate and a client certificate made for one test by the JDK's
 * {@code keytool}: PEM files for {@code nats-server}, PKCS#12 stores for the client.
 *
 * @param caPem the authority's certificate, which the server checks client certificates against
 * @param serverCertificatePem the server's certificate for {@code 127.0.0.1}, signed by the authority
 * @param serverKeyPem the server's private key
 * @param trustStore a store holding the authority's certificate, for clients
 * @param keyStore a client's key and certificate signed by the authority, for mutual TLS
 * @param untrustedKeyStore a client key and self-signed certificate the server does not trust
 */
record TestCertificates(Path caPem, Path serverCertificatePem, Path serverKeyPem, Path trustStore, Path keyStore,
    Path untrustedKeyStore) {

  /** The password of every store made here; the secrets tests look for it. */
  static final String STORE_PASSWORD = "St0re-Pa55-7b1c";

  /** Makes the authority and the certificates in {@code directory}. */
  static TestCertificates generate(Path directory) throws IOException, GeneralSecurityException {
    Path ca = directory.resolve("ca.p12");
    Path caPem = directory.resolve("ca.pem");
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=test-ca",
        "-ext", "bc:c=ca:true", "-ext", "ku:c=keyCertSign,cRLSign", "-validity", "2", "-keystore", ca.toString());
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString());

    Path server = directory.resolve("server.p12");
    Path serverPem = signed(directory, ca, server, "server", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost",
        "-ext", "eku=serverAuth");
    Path serverKey = directory.resolve("server-key.pem");
    Files.writeString(serverKey, privateKeyPem(server, "server"));

    Path trustStore = directory.resolve("trust.p12");
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", trustStore.toString());

    Path client = directory.resolve("client.p12");
    Path clientPem = signed(directory, ca, client, "client", "CN=cache-node", "-ext", "eku=clientAuth");
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", client.toString());
    keytool("-importcert", "-alias", "client", "-file", clientPem.toString(), "-keystore", client.toString());

    Path untrusted = directory.resolve("untrusted.p12");
    keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
        "CN=stranger", "-validity", "2", "-keystore", untrusted.toString());
    return new TestCertificates(caPem, serverPem, serverKey, trustStore, client, untrusted);
  }

  /** A new key in {@code store} and its certificate signed by the authority, as PEM. */
  private static Path signed(Path directory, Path ca, Path store, String alias, String name, String... extensions)
      throws IOException {
    keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", name,
        "-validity", "2", "-keystore", store.toString());
    Path request = directory.resolve(alias + ".csr");
    keytool("-certreq", "-alias", alias, "-keystore", store.toString(), "-file", request.toString());
    Path certificate = directory.resolve(alias + ".pem");
    List<String> arguments = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(),
        "-validity", "2", "-infile", request.toString(), "-outfile", certificate.toString()));
    arguments.addAll(List.of(extensions));
    keytool(arguments.toArray(String[]::new));
    return certificate;
  }

  /** keytool cannot export a private key: read it from the store and write PKCS#8 PEM, as nats-server takes it. */
  private static String privateKeyPem(Path store, String alias) throws IOException, GeneralSecurityException {
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keyStore.load(in, STORE_PASSWORD.toCharArray());
    }
    byte[] key = keyStore.getKey(alias, STORE_PASSWORD.toCharArray()).getEncoded();
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key)
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static void keytool(String... arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString()));
    command.addAll(List.of(arguments));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", STORE_PASSWORD));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("keytool " + arguments[0] + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while running keytool", e);
    }
  }
}
