package io.github.natsjcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.api.CompressionOption;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code compression=s2} makes a bucket's stream S2-compressed where the server can (2.10+); an older server gets a
 * clear refusal and no bucket, rather than an uncompressed one that was not asked for.
 */
@Tag("server")
class CompressionTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  @RegisterExtension
  final ForeignBucket foreign = new ForeignBucket(nats);

  @Test
  void compressionS2_compressesTheBucketWhereTheServerCan() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    properties.setProperty("cache." + foreign.name() + ".compression", "s2");
    CacheManager node = nats.node(properties);
    MutableConfiguration<String, String> configuration =
        new MutableConfiguration<String, String>().setTypes(String.class, String.class);

    if (foreign.connection().getServerInfo().isSameOrNewerThanVersion("2.10.0")) {
      Cache<String, String> cache = node.createCache(foreign.name(), configuration);
      cache.put("k", "v".repeat(1_000));
      assertEquals("v".repeat(1_000), foreign.valueOf("k"));
      assertEquals(CompressionOption.S2, foreign.connection().jetStreamManagement()
          .getStreamInfo("KV_" + foreign.name()).getConfiguration().getCompressionOption());
    } else {
      CacheException refused = assertThrows(CacheException.class,
          () -> node.createCache(foreign.name(), configuration));
      assertTrue(refused.getMessage().contains("2.10"), refused.getMessage());
      assertTrue(foreign.connection().keyValueManagement().getBucketNames().isEmpty(), "no bucket was created");
    }
  }
}
