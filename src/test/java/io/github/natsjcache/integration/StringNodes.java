package io.github.natsjcache.integration;

import io.github.natsjcache.ForeignBucket;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;

/**
 * A test's cache (named after the test, the name {@link ForeignBucket#name()} gives) on new nodes of the server the
 * test's {@link ForeignBucket} client is connected to, each with its own connection, all with the string codec.
 */
final class StringNodes {

  private StringNodes() {}

  /** A configuration for string keys and values. */
  static MutableConfiguration<String, String> configuration() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  /** This test's cache on a new node (its own connection), with the string codec. */
  static Cache<String, String> node(ForeignBucket test, MutableConfiguration<String, String> configuration) {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    return test.server().node(properties).createCache(test.name(), configuration);
  }

  /**
   * This test's cache on another node without a loader or writer, and without a near-cache: what it reads is what the
   * bucket holds now, not what it last heard.
   */
  static Cache<String, String> bucketView(ForeignBucket test) {
    Properties properties = new Properties();
    properties.setProperty("codec", "string");
    properties.setProperty("nearCache", "false");
    return test.server().node(properties).createCache(test.name(), configuration());
  }
}
