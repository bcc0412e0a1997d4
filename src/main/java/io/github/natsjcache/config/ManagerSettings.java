package io.github.natsjcache.config;

import io.github.natsjcache.codec.SerializationPolicy;
import io.github.natsjcache.codec.ValueCodecs;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Everything a CacheManager is configured with, read from its URI and its properties.
 *
 * <p>The URI is one of:
 * <ul>
 *   <li>{@code nats://host:port[,nats://host2:port2...][?option=value&...]}: servers, options in the query;
 *   <li>{@code nats://embedded}: the JVM's embedded {@code nats-server};
 *   <li>{@code classpath:NAME}, {@code file:PATH} or {@code jar:URL}: a properties file holding {@code servers}
 *       and the options; this is the form frameworks can pass, as they open the URI as a resource themselves. Other
 *       URL schemes ({@code http:}) are refused: a cache's configuration is not fetched over the network.
 * </ul>
 * The {@code Properties} given to {@code getCacheManager} override the options of both, and a file's
 * {@code servers}; a {@code nats://} URI's servers are the URI's. Secrets ({@link #SECRETS}) are refused in a
 * {@code nats://} URI, which {@code getURI()} would echo, and are masked in {@link #masked(Properties)}. The
 * properties may also carry an {@link SSLContext} object as {@value #TLS_CONTEXT}.
 */
public final class ManagerSettings {

  private static final List<String> COMPRESSIONS = List.of("none", "s2");

  /** The URI of the JVM's embedded server. */
  public static final String EMBEDDED = "nats://embedded";
  /** The server URL used when neither {@code natsjcache.url} nor {@code NATS_URL} names one. */
  public static final String DEFAULT_URL = "nats://localhost:4222";
  /** The options that hold secrets, or name a file that does. */
  public static final Set<String> SECRETS = Set.of("password", "token", "creds", "nkey", "tls.trustStorePassword",
      "tls.keyStorePassword");
  /** The property that may carry an {@link SSLContext} built by the application. */
  public static final String TLS_CONTEXT = "tls.context";
  /** The schemes of a URI that names servers; {@code opentls} is refused later unless trust-all is asked for. */
  private static final List<String> SERVER_SCHEMES = List.of("nats", "tls", "opentls");
  /** The schemes a configuration file's URI may have: local resources only, never a network fetch. */
  private static final List<String> FILE_SCHEMES = List.of("classpath", "file", "jar");

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  private static final String DEFAULT_CONNECTION_NAME = "nats-jcache";
  private static final int DEFAULT_REFERENCE_CAPACITY = 10_000;
  private static final int DEFAULT_LISTENER_BACKLOG = 10_000;
  private static final int DEFAULT_NEAR_CACHE_ENTRIES = 10_000;
  private static final Duration DEFAULT_STRICT_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);
  private static final Duration DEFAULT_MARKER_TTL = Duration.ofMinutes(30);

  private final ConnectionSettings connection;
  private final @Nullable String namespace;
  private final OptionReader options;
  private final SerializationPolicy serialization;

  private ManagerSettings(ConnectionSettings connection, @Nullable String namespace, OptionReader options,
      SerializationPolicy serialization) {
    this.connection = connection;
    this.namespace = namespace;
    this.options = options;
    this.serialization = serialization;
  }

  /**
   * Reads the settings of a CacheManager.
   *
   * @param uri the CacheManager's URI
   * @param properties the properties passed to {@code getCacheManager}
   * @param classLoader the loader that finds {@code classpath:} configuration files
   * @return the settings
   * @throws IllegalArgumentException if the URI or an option is malformed, or a secret is in a {@code nats://} URI
   */
  public static ManagerSettings from(URI uri, Properties properties, ClassLoader classLoader) {
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("Credentials in a CacheManager URI would be shown by getURI() and in JMX "
          + "names; pass user and password (or token) as Properties instead");
    }
    Properties merged = new Properties();
    String servers;
    if (uri.getScheme() != null && SERVER_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
      String text = uri.toString();
      int query = text.indexOf('?');
      servers = query < 0 ? text : text.substring(0, query);
      if (query >= 0) {
        merged.putAll(parseQuery(text.substring(query + 1)));
      }
      copyInto(merged, properties);
    } else {
      merged.putAll(load(uri, classLoader));
      copyInto(merged, properties);
      servers = merged.getProperty("servers", defaultUrl());
    }
    KnownOptions.check(merged);
    OptionReader options = new OptionReader(merged);
    TlsSettings tls = tlsSettings(options);
    ConnectionSettings connection = new ConnectionSettings(
        serverList(servers, tls.trustAll()),
        options.string("user"),
        secret(options.string("password")),
        secret(options.string("token")),
        path(options.string("creds")),
        path(options.string("nkey")),
        tls,
        options.string("connectionName") == null ? DEFAULT_CONNECTION_NAME : options.string("connectionName"),
        options.string("inboxPrefix"),
        options.duration("connectionTimeout", DEFAULT_TIMEOUT),
        options.duration("timeout", DEFAULT_TIMEOUT));
    ManagerSettings settings = new ManagerSettings(connection, options.string("namespace"), options,
        serializationPolicy(options));
    settings.cacheSettings(""); // fail now, not at the first cache, on a malformed default
    settings.expirySweepInterval();
    settings.expiryPolicy("");
    return settings;
  }

  /** The server URL behind the default URI: {@code natsjcache.url}, else {@code NATS_URL}, else localhost. */
  public static String defaultUrl() {
    String configured = System.getProperty("natsjcache.url");
    if (configured == null || configured.isBlank()) {
      configured = System.getenv("NATS_URL");
    }
    return configured == null || configured.isBlank() ? DEFAULT_URL : configured.trim();
  }

  /** Whether the manager runs on the JVM's embedded server. */
  public boolean usesEmbeddedServer() {
    return connection.servers().equals(List.of(EMBEDDED));
  }

  /** How to reach the servers. */
  public ConnectionSettings connection() {
    return connection;
  }

  /** The namespace that isolates this application's buckets, or {@code null}. */
  public @Nullable String namespace() {
    return namespace;
  }

  /**
   * The expiry policy a cache gets from configuration when its {@code Configuration} sets none: {@code
   * expireAfterWrite} (from creation or the last update) or {@code expireAfterAccess} (from the last read or write),
   * per cache as {@code cache.NAME.expireAfterWrite}. Frameworks that create caches themselves (Hibernate's regions,
   * Spring's cache names) can be given expiry this way, without code.
   *
   * @return the policy, or {@code null} when neither option is set
   * @throws IllegalArgumentException if both are set, or a duration is malformed
   */
  public @Nullable ExpiryPolicy expiryPolicy(String cacheName) {
    Duration afterWrite = cacheOption(cacheName, "expireAfterWrite");
    Duration afterAccess = cacheOption(cacheName, "expireAfterAccess");
    if (afterWrite != null && afterAccess != null) {
      throw new IllegalArgumentException("Cache '" + cacheName + "' has both expireAfterWrite and expireAfterAccess; "
          + "set one");
    }
    if (afterWrite != null) {
      return new ModifiedExpiryPolicy(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, afterWrite.toMillis()));
    }
    if (afterAccess != null) {
      return new TouchedExpiryPolicy(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS,
          afterAccess.toMillis()));
    }
    return null;
  }

  /** A duration option of one cache: {@code cache.NAME.option}, else {@code option}, else {@code null}. */
  private @Nullable Duration cacheOption(String cacheName, String option) {
    String perCache = "cache." + cacheName + "." + option;
    String name = options.string(perCache) != null ? perCache : option;
    return options.string(name) == null ? null : options.duration(name, DEFAULT_TIMEOUT);
  }

  /** How often each cache with an expiry policy sweeps its bucket for expired entries. */
  public Duration expirySweepInterval() {
    return options.duration("expirySweepInterval", DEFAULT_SWEEP_INTERVAL);
  }

  /** What Java deserialization may build. */
  public SerializationPolicy serialization() {
    return serialization;
  }

  /**
   * The settings of one cache: {@code cache.NAME.option} where given, else the manager-wide {@code option}.
   *
   * @throws IllegalArgumentException if an option is malformed
   */
  public CacheSettings cacheSettings(String cacheName) {
    String prefix = "cache." + cacheName + ".";
    String codec = options.choice(prefix + "codec", options.choice("codec", "java", ValueCodecs.NAMES),
        ValueCodecs.NAMES);
    List<String> storages = List.of("file", "memory");
    String storage = options.choice(prefix + "storage", options.choice("storage", "file", storages), storages);
    BucketSettings bucket = new BucketSettings(
        options.integer(prefix + "replicas", options.integer("replicas", 1)),
        storage.equals("memory"),
        options.bytes(prefix + "maxBytes", options.bytes("maxBytes", -1)),
        options.choice(prefix + "compression", options.choice("compression", "none", COMPRESSIONS), COMPRESSIONS)
            .equals("s2"),
        options.duration(prefix + "deleteMarkerTtl", options.duration("deleteMarkerTtl", DEFAULT_MARKER_TTL)));
    int referenceCapacity = options.integer(prefix + "referenceCapacity",
        options.integer("referenceCapacity", DEFAULT_REFERENCE_CAPACITY));
    boolean nearCache = options.bool(prefix + "nearCache", options.bool("nearCache", true));
    int nearCacheMaxEntries = options.integer(prefix + "nearCache.maxEntries",
        options.integer("nearCache.maxEntries", DEFAULT_NEAR_CACHE_ENTRIES));
    boolean strict = options.bool(prefix + "strict", options.bool("strict", false));
    Duration strictTimeout = options.duration(prefix + "strictTimeout",
        options.duration("strictTimeout", DEFAULT_STRICT_TIMEOUT));
    int listenerBacklog = options.integer(prefix + "listenerBacklog",
        options.integer("listenerBacklog", DEFAULT_LISTENER_BACKLOG));
    return new CacheSettings(codec, bucket, referenceCapacity, nearCache, nearCacheMaxEntries, strict,
        strictTimeout, listenerBacklog);
  }

  /** A copy of properties with every secret's value masked, for {@code CacheManager.getProperties()}. */
  public static Properties masked(Properties properties) {
    Properties copy = new Properties();
    copyInto(copy, properties);
    for (String secret : SECRETS) {
      if (copy.containsKey(secret)) {
        copy.setProperty(secret, "****");
      }
    }
    return copy;
  }

  /** Copies every property into {@code target}, those {@code source} has as defaults too, which putAll skips. */
  private static void copyInto(Properties target, Properties source) {
    for (String name : source.stringPropertyNames()) {
      target.setProperty(name, source.getProperty(name));
    }
    target.putAll(source); // values that are not strings too (an SSLContext)
  }

  private static TlsSettings tlsSettings(OptionReader options) {
    return new TlsSettings(
        path(options.string("tls.trustStore")),
        secret(options.string("tls.trustStorePassword")),
        path(options.string("tls.keyStore")),
        secret(options.string("tls.keyStorePassword")),
        options.object(TLS_CONTEXT, SSLContext.class),
        options.bool("tls.first", false),
        options.bool("tls.trustAll", false));
  }

  private static List<String> serverList(String servers, boolean trustAll) {
    List<String> urls = new ArrayList<>();
    for (String url : servers.split(",", -1)) {
      String trimmed = url.trim();
      if (trimmed.contains("@")) {
        throw new IllegalArgumentException("Credentials in a server URL would be shown by getURI(); pass user and "
            + "password (or token) as Properties instead");
      }
      if (!trustAll && trimmed.regionMatches(true, 0, "opentls:", 0, "opentls:".length())) {
        throw new IllegalArgumentException("Server URL " + trimmed + " asks for TLS that accepts any certificate, "
            + "open to a man in the middle; use tls:// with tls.trustStore, or set tls.trustAll=true to accept that");
      }
      if (!trimmed.isEmpty()) {
        urls.add(trimmed);
      }
    }
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("No NATS server URL given");
    }
    if (urls.contains(EMBEDDED) && urls.size() > 1) {
      throw new IllegalArgumentException(EMBEDDED + " cannot be combined with other servers");
    }
    return urls;
  }

  private static Properties parseQuery(String query) {
    Properties options = new Properties();
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      if (SECRETS.contains(name)) {
        throw new IllegalArgumentException("Option " + name + " must not be in the URI, which getURI() shows; "
            + "pass it as a Property or in a configuration file");
      }
      options.setProperty(name, value);
    }
    return options;
  }

  private static Properties load(URI uri, ClassLoader classLoader) {
    Properties file = new Properties();
    try (InputStream in = open(uri, classLoader)) {
      file.load(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read the configuration " + uri + ": " + e.getMessage(), e);
    }
    return file;
  }

  private static InputStream open(URI uri, ClassLoader classLoader) throws IOException {
    if ("classpath".equalsIgnoreCase(uri.getScheme())) {
      String resource = uri.getSchemeSpecificPart().replaceFirst("^/+", "");
      InputStream in = classLoader.getResourceAsStream(resource);
      if (in == null) {
        throw new IOException("no resource " + resource + " on the class path");
      }
      return in;
    }
    if (uri.getScheme() == null || !FILE_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
      throw new IOException("not a nats://, tls://, classpath:, file: or jar: URI");
    }
    return uri.toURL().openStream();
  }

  private static @Nullable Path path(@Nullable String value) {
    return value == null ? null : Path.of(value);
  }

  private static @Nullable Secret secret(@Nullable String value) {
    return value == null ? null : Secret.of(value);
  }

  private static SerializationPolicy serializationPolicy(OptionReader options) {
    SerializationPolicy defaults = SerializationPolicy.DEFAULT;
    String allowList = options.string("serialization.allowList");
    String mode = options.choice("serialization.mode", "allowlist", List.of("allowlist", "denylist"));
    return new SerializationPolicy(
        options.integer("serialization.maxDepth", defaults.maxDepth()),
        options.bytes("serialization.maxReferences", defaults.maxReferences()),
        options.bytes("serialization.maxArrayLength", defaults.maxArrayLength()),
        options.bytes("serialization.maxBytes", defaults.maxBytes()),
        mode.equals("denylist") ? SerializationPolicy.Mode.DENY_LIST : SerializationPolicy.Mode.ALLOW_LIST,
        allowList == null ? List.of() : Arrays.stream(allowList.split("[,;]", -1)).map(String::trim)
            .filter(pattern -> !pattern.isEmpty()).toList());
  }
}
