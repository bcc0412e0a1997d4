package io.github.natsjcache.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a CacheManager reaches NATS: server URLs, credentials, TLS, the connection's name and inbox, and timeouts.
 *
 * <p>Secrets are {@link Secret}s, and the credentials and NKey seed files are left out of {@link #toString()}, so
 * none of them reaches a log or an exception message.
 *
 * @param servers the server URLs, {@code nats://host:port}
 * @param user the user name, or {@code null}
 * @param password the password, or {@code null}; given exactly when {@code user} is
 * @param token the authentication token, or {@code null}
 * @param credentials a NATS credentials file (user JWT and NKey seed), or {@code null}
 * @param nkey a file holding an NKey seed, for NKey authentication without a JWT, or {@code null}
 * @param tls the TLS settings
 * @param connectionName the name the servers show for this node's connection
 * @param inboxPrefix the prefix of this node's reply subjects, or {@code null} for NATS' {@code _INBOX}
 * @param connectionTimeout how long connecting may take
 * @param operationTimeout how long one cache operation may wait for the server
 */
public record ConnectionSettings(
    List<String> servers,
    @Nullable String user,
    @Nullable Secret password,
    @Nullable Secret token,
    @Nullable Path credentials,
    @Nullable Path nkey,
    TlsSettings tls,
    String connectionName,
    @Nullable String inboxPrefix,
    Duration connectionTimeout,
    Duration operationTimeout) {

  /**
   * Copies the server list, so the record stays immutable, and refuses half a user/password pair, which NATS would
   * silently drop for an anonymous connection, and pairs a NATS client cannot send together: a token beside a user,
   * a seed file beside a credentials file (which holds its own seed).
   *
   * @throws IllegalArgumentException if only one of user and password is given, a token with them, or {@code nkey}
   *     with {@code creds}
   */
  public ConnectionSettings {
    servers = List.copyOf(servers);
    if ((user == null) != (password == null)) {
      throw new IllegalArgumentException(user == null
          ? "Option password is set without user; set both, or neither"
          : "Option user is set without password; set both, or neither");
    }
    if (user != null && token != null) {
      throw new IllegalArgumentException("Options token and user/password cannot be combined; NATS authenticates a "
          + "connection with one of them");
    }
    if (credentials != null && nkey != null) {
      throw new IllegalArgumentException("Options creds and nkey cannot be combined; a .creds file holds its own "
          + "NKey seed");
    }
  }

  /**
   * The same timeouts, name and inbox for one server reached with its own token, or with none: the embedded server.
   * The configured credentials and TLS settings are for other servers and are dropped.
   */
  public ConnectionSettings withServer(String url, @Nullable Secret serverToken) {
    return new ConnectionSettings(List.of(url), null, null, serverToken, null, null, TlsSettings.NONE, connectionName,
        inboxPrefix, connectionTimeout, operationTimeout);
  }

  @Override
  public String toString() {
    return "ConnectionSettings[servers=" + servers + ", user=" + user
        + ", password=" + (password == null ? "none" : password)
        + ", token=" + (token == null ? "none" : token)
        + ", credentials=" + (credentials == null ? "none" : "****")
        + ", nkey=" + (nkey == null ? "none" : "****")
        + ", tls=" + tls + ", connectionName=" + connectionName + ", inboxPrefix=" + inboxPrefix
        + ", connectionTimeout=" + connectionTimeout + ", operationTimeout=" + operationTimeout + "]";
  }
}
