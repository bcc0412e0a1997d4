package io.github.natsjcache.config;

import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * How a CacheManager secures its connection: the stores that build its own TLS context, or a context given whole.
 *
 * <p>Any of them makes TLS required, whatever the servers' URL scheme. {@link #toString()} shows the store paths only,
 * never a password.
 *
 * @param trustStore the certificates that a server's must chain to, or {@code null} for the JVM's default
 * @param trustStorePassword the trust store's password, or {@code null}
 * @param keyStore this node's certificate and key, for servers that verify clients (mutual TLS), or {@code null}
 * @param keyStorePassword the key store's password, or {@code null}
 * @param context a context built by the application, passed as the {@code tls.context} property, or {@code null}
 * @param handshakeFirst whether TLS starts before the server's greeting ({@code handshake_first} on the server)
 * @param trustAll whether any server certificate is accepted ({@code opentls}); only when asked for explicitly
 */
public record TlsSettings(
    @Nullable Path trustStore,
    @Nullable Secret trustStorePassword,
    @Nullable Path keyStore,
    @Nullable Secret keyStorePassword,
    @Nullable SSLContext context,
    boolean handshakeFirst,
    boolean trustAll) {

  /** No TLS beyond what a {@code tls://} URL asks for (the JVM's default context). */
  public static final TlsSettings NONE = new TlsSettings(null, null, null, null, null, false, false);

  /**
   * Checks that the settings do not contradict each other.
   *
   * @throws IllegalArgumentException if trust-all comes with stores or a context, a context comes with
   *     stores, or {@code tls.first} comes without anything that makes a TLS context
   */
  public TlsSettings {
    boolean stores = trustStore != null || keyStore != null;
    if (trustAll && (stores || context != null)) {
      throw new IllegalArgumentException("tls.trustAll accepts any server certificate with a context of its own: it "
          + "cannot be combined with tls.trustStore, tls.keyStore or tls.context");
    }
    if (context != null && stores) {
      throw new IllegalArgumentException("tls.context is a complete TLS context: set tls.trustStore and tls.keyStore "
          + "in it, not beside it");
    }
    if (handshakeFirst && !stores && context == null && !trustAll) {
      throw new IllegalArgumentException("tls.first needs TLS settings: tls.trustStore, tls.keyStore or tls.context");
    }
  }

  @Override
  public String toString() {
    return "TlsSettings[trustStore=" + (trustStore == null ? "default" : trustStore)
        + ", keyStore=" + (keyStore == null ? "none" : keyStore)
        + ", context=" + (context == null ? "none" : "given")
        + ", handshakeFirst=" + handshakeFirst + ", trustAll=" + trustAll + "]";
  }
}
