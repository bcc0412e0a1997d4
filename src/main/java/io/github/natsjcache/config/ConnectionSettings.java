package io.github.natsjcache.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a CacheManager reaches NATS: server URLs, credentials and timeouts.
 *
 * <p>Secrets are {@link Secret}s and the credentials file is left out of {@link #toString()}, so none of them reaches
 * a log or an exception message.
 *
 * @param servers the server URLs, {@code nats://host:port}
 * @param user the user name, or {@code null}
 * @param password the password, or {@code null}
 * @param token the authentication token, or {@code null}
 * @param credentials a NATS credentials file, or {@code null}
 * @param connectionTimeout how long connecting may take
 * @param operationTimeout how long one cache operation may wait for the server
 */
public record ConnectionSettings(
    List<String> servers,
    @Nullable String user,
    @Nullable Secret password,
    @Nullable Secret token,
    @Nullable Path credentials,
    Duration connectionTimeout,
    Duration operationTimeout) {

  /** Copies the server list, so the record stays immutable. */
  public ConnectionSettings {
    servers = List.copyOf(servers);
  }

  /**
   * The same timeouts for one server reached with its own token, or with none: the embedded server. The configured
   * credentials are for other servers and are dropped.
   */
  public ConnectionSettings withServer(String url, @Nullable Secret serverToken) {
    return new ConnectionSettings(List.of(url), null, null, serverToken, null, connectionTimeout, operationTimeout);
  }

  @Override
  public String toString() {
    return "ConnectionSettings[servers=" + servers + ", user=" + user
        + ", password=" + (password == null ? "none" : password)
        + ", token=" + (token == null ? "none" : token)
        + ", credentials=" + (credentials == null ? "none" : "****")
        + ", connectionTimeout=" + connectionTimeout + ", operationTimeout=" + operationTimeout + "]";
  }
}
