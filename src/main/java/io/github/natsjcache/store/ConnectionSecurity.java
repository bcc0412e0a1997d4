package io.github.natsjcache.store;

import io.github.natsjcache.config.ConnectionSettings;
import io.github.natsjcache.config.Secret;
import io.github.natsjcache.config.TlsSettings;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Turns a node's credentials and TLS settings into jnats options.
 *
 * <p>Secrets leave their {@link Secret} only here, straight into the builder; the credentials and seed files are read
 * by jnats at each (re)connection, so their contents never stay in memory.
 */
final class ConnectionSecurity {

  private ConnectionSecurity() {}

  /** Adds authentication and TLS to the options being built. */
  static void apply(ConnectionSettings settings, Options.Builder options) {
    String user = settings.user();
    Secret password = settings.password();
    if (user != null && password != null) {
      options.userInfo(user.toCharArray(), password.reveal());
    }
    Secret token = settings.token();
    if (token != null) {
      options.token(token.reveal());
    }
    Path credentials = settings.credentials();
    if (credentials != null) {
      options.authHandler(Nats.credentials(credentials.toString()));
    }
    Path nkey = settings.nkey();
    if (nkey != null) {
      options.authHandler(Nats.credentials(null, nkey.toString()));
    }
    tls(settings.tls(), options);
  }

  private static void tls(TlsSettings tls, Options.Builder options) {
    SSLContext context = tls.context();
    if (context != null) {
      options.sslContext(context);
    }
    if (tls.trustStore() != null || tls.keyStore() != null) {
      options.truststorePath(pathOrNull(tls.trustStore()))
          .truststorePassword(revealOrNull(tls.trustStorePassword()))
          .keystorePath(pathOrNull(tls.keyStore()))
          .keystorePassword(revealOrNull(tls.keyStorePassword()));
    }
    if (tls.trustAll()) {
      try {
        options.opentls();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("jnats declares but no longer throws this", e);
      }
    }
    if (tls.handshakeFirst()) {
      options.tlsFirst();
    }
  }

  private static @Nullable String pathOrNull(@Nullable Path path) {
    return path == null ? null : path.toString();
  }

  private static char @Nullable [] revealOrNull(@Nullable Secret secret) {
    return secret == null ? null : secret.reveal();
  }
}
