package io.github.natsjcache.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.NatsCacheManager;
import io.github.natsjcache.NatsTestServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Statistics and MXBeans on a distributed cache: each node counts only its own operations and registers its own
 * beans on the platform MBeanServer, read here the way a JMX console reads them.
 */
@Tag("server")
class StatisticsAndJmxTest {

  @RegisterExtension
  static final NatsTestServer nats = new NatsTestServer();

  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

  private String name;

  @BeforeEach
  void nameCache(TestInfo test) {
    name = test.getTestMethod().orElseThrow().getName();
  }

  // statistics are per node

  @Test
  void statistics_twoNodes_eachCountsOnlyItsOwnOperations() throws Exception {
    NatsCacheManager a = nats.node(nodeUri("a"), new Properties());
    NatsCacheManager b = nats.node(nodeUri("b"), new Properties());
    Cache<String, String> onA = a.createCache(name, configuration().setStatisticsEnabled(true));
    Cache<String, String> onB = b.createCache(name, configuration().setStatisticsEnabled(true));

    onA.put("x", "1");
    onA.put("y", "2");
    onA.get("x");
    onA.get("y");
    onA.get("x");
    onA.get("absent");
    onA.remove("x");

    onB.get("y");
    onB.get("x");
    onB.get("absent");
    onB.put("z", "3");

    ObjectName statsA = statisticsName(a.getURI());
    ObjectName statsB = statisticsName(b.getURI());
    assertNotEquals(statsA, statsB);
    assertEquals(Map.of("CacheHits", 3L, "CacheMisses", 1L, "CacheGets", 4L, "CachePuts", 2L, "CacheRemovals", 1L),
        counts(statsA));
    assertEquals(Map.of("CacheHits", 1L, "CacheMisses", 2L, "CacheGets", 3L, "CachePuts", 1L, "CacheRemovals", 0L),
        counts(statsB));
    assertEquals(75f, (Float) JMX.getAttribute(statsA, "CacheHitPercentage"), 0.01f);
    assertTrue((Float) JMX.getAttribute(statsA, "AverageGetTime") > 0, "A's average get time");
    assertTrue((Float) JMX.getAttribute(statsA, "AveragePutTime") > 0, "A's average put time");
    assertTrue((Float) JMX.getAttribute(statsA, "AverageRemoveTime") > 0, "A's average remove time");
    assertTrue((Float) JMX.getAttribute(statsB, "AverageGetTime") > 0, "B's average get time");
    assertTrue((Float) JMX.getAttribute(statsB, "AveragePutTime") > 0, "B's average put time");
    assertEquals(0f, (Float) JMX.getAttribute(statsB, "AverageRemoveTime"), "B removed nothing");
  }

  @Test
  void statistics_bulkOperations_countPerEntry() throws Exception {
    NatsCacheManager a = nats.node(nodeUri("a"), new Properties());
    Cache<String, String> cache = a.createCache(name, configuration().setStatisticsEnabled(true));

    cache.putAll(Map.of("x", "1", "y", "2", "z", "3"));
    cache.getAll(Set.of("x", "y", "absent"));
    cache.removeAll(Set.of("x", "y"));

    assertEquals(Map.of("CacheHits", 2L, "CacheMisses", 1L, "CacheGets", 3L, "CachePuts", 3L, "CacheRemovals", 2L),
        counts(statisticsName(a.getURI())));
  }

  @Test
  void statisticsDisabled_countersStayZero() throws Exception {
    NatsCacheManager a = nats.node(nodeUri("a"), new Properties());
    Cache<String, String> cache = a.createCache(name, configuration());
    assertFalse(JMX.isRegistered(statisticsName(a.getURI())), "no statistics MXBean while statistics are off");

    cache.put("x", "1");
    cache.get("x");
    cache.get("absent");
    cache.remove("x");
    a.enableStatistics(name, true);

    assertEquals(Map.of("CacheHits", 0L, "CacheMisses", 0L, "CacheGets", 0L, "CachePuts", 0L, "CacheRemovals", 0L),
        counts(statisticsName(a.getURI())));
    assertEquals(0f, (Float) JMX.getAttribute(statisticsName(a.getURI()), "AverageGetTime"));
  }

  @Test
  void clearOperationViaJmx_resetsCounts() throws Exception {
    NatsCacheManager a = nats.node(nodeUri("a"), new Properties());
    Cache<String, String> cache = a.createCache(name, configuration().setStatisticsEnabled(true));
    cache.put("x", "1");
    cache.get("x");
    cache.get("absent");
    cache.remove("x");
    ObjectName statistics = statisticsName(a.getURI());
    assertEquals(4L, (Long) JMX.getAttribute(statistics, "CacheHits")
        + (Long) JMX.getAttribute(statistics, "CacheMisses")
        + (Long) JMX.getAttribute(statistics, "CachePuts")
        + (Long) JMX.getAttribute(statistics, "CacheRemovals"));

    JMX.invoke(statistics, "clear", null, null);

    assertEquals(Map.of("CacheHits", 0L, "CacheMisses", 0L, "CacheGets", 0L, "CachePuts", 0L, "CacheRemovals", 0L),
        counts(statistics));
    assertEquals(0f, (Float) JMX.getAttribute(statistics, "AverageGetTime"));
    cache.get("absent");
    assertEquals(1L, JMX.getAttribute(statistics, "CacheMisses"), "counting goes on after clear");
  }

  // registration follows enableStatistics, enableManagement and close

  @Test
  void enableStatisticsFalse_unregistersStatisticsMXBean() throws Exception {
    NatsCacheManager a = nats.node(nodeUri("a"), new Properties());
    a.createCache(name, configuration().setStatisticsEnabled(true));
    ObjectName statistics = statisticsName(a.getURI());
    assertTrue(JMX.isRegistered(statistics));

    a.enableStatistics(name, false);
    assertFalse(JMX.isRegistered(statistics));

    a.enableStatistics(name, true);
    assertTrue(JMX.isRegistered(statistics));
  }

  @Test
  void enableManagement_registersConfigurationMXBeanWithItsAttributes() throws Exception {
    NatsCacheManager a = nats.node(nodeUri("a"), new Properties());
    a.createCache(name, configuration().setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(new EchoLoader())));
    ObjectName management = configurationName(a.getURI());
    assertFalse(JMX.isRegistered(management), "management is off by default");

    a.enableManagement(name, true);

    assertTrue(JMX.isRegistered(management));
    assertEquals("java.lang.String", JMX.getAttribute(management, "KeyType"));
    assertEquals("java.lang.String", JMX.getAttribute(management, "ValueType"));
    assertTrue((Boolean) JMX.getAttribute(management, "ReadThrough"));
    assertFalse((Boolean) JMX.getAttribute(management, "WriteThrough"));
    assertTrue((Boolean) JMX.getAttribute(management, "StoreByValue"));
    assertTrue((Boolean) JMX.getAttribute(management, "ManagementEnabled"));
    assertFalse((Boolean) JMX.getAttribute(management, "StatisticsEnabled"));

    a.enableStatistics(name, true);
    assertTrue((Boolean) JMX.getAttribute(management, "StatisticsEnabled"), "attributes are read live");

    a.enableManagement(name, false);
    assertFalse(JMX.isRegistered(management));
  }

  @Test
  void managementOnOneNode_notOnTheOther() throws Exception {
    NatsCacheManager a = nats.node(nodeUri("a"), new Properties());
    NatsCacheManager b = nats.node(nodeUri("b"), new Properties());
    a.createCache(name, configuration().setManagementEnabled(true).setStatisticsEnabled(true));
    b.createCache(name, configuration());

    assertTrue(JMX.isRegistered(configurationName(a.getURI())));
    assertTrue(JMX.isRegistered(statisticsName(a.getURI())));
    assertFalse(JMX.isRegistered(configurationName(b.getURI())));
    assertFalse(JMX.isRegistered(statisticsName(b.getURI())));
  }

  @Test
  void closeCache_unregistersBothMXBeans() throws Exception {
    NatsCacheManager a = nats.node(nodeUri("a"), new Properties());
    Cache<String, String> cache = a.createCache(name,
        configuration().setManagementEnabled(true).setStatisticsEnabled(true));
    assertTrue(JMX.isRegistered(configurationName(a.getURI())));
    assertTrue(JMX.isRegistered(statisticsName(a.getURI())));

    cache.close();

    assertFalse(JMX.isRegistered(configurationName(a.getURI())));
    assertFalse(JMX.isRegistered(statisticsName(a.getURI())));
  }

  @Test
  void closeManager_unregistersBothMXBeans() throws Exception {
    NatsCacheManager a = nats.node(nodeUri("a"), new Properties());
    a.createCache(name, configuration().setManagementEnabled(true).setStatisticsEnabled(true));
    assertTrue(JMX.isRegistered(configurationName(a.getURI())));

    a.close();

    assertFalse(JMX.isRegistered(configurationName(a.getURI())));
    assertFalse(JMX.isRegistered(statisticsName(a.getURI())));
  }

  @Test
  void destroyCache_unregistersBothMXBeans() throws Exception {
    NatsCacheManager a = nats.node(nodeUri("a"), new Properties());
    a.createCache(name, configuration().setManagementEnabled(true).setStatisticsEnabled(true));

    a.destroyCache(name);

    assertFalse(JMX.isRegistered(configurationName(a.getURI())));
    assertFalse(JMX.isRegistered(statisticsName(a.getURI())));
  }

  // the manager URI in the MXBean name

  @Test
  void managerUriWithQueryOptions_registersOneStatisticsMXBeanPerNode() throws Exception {
    NatsCacheManager a = nats.node(URI.create(nats.url() + "?node=a"), new Properties());
    NatsCacheManager b = nats.node(URI.create(nats.url() + "?node=b"), new Properties());
    Cache<String, String> onA = a.createCache(name, configuration().setStatisticsEnabled(true));
    b.createCache(name, configuration().setStatisticsEnabled(true));
    onA.get("absent");

    Set<ObjectName> registered = JMX.queryNames(
        new ObjectName("javax.cache:type=CacheStatistics,Cache=" + name + ",*"), null);
    assertEquals(2, registered.size(), () -> "registered: " + registered);
    long misses = 0;
    for (ObjectName each : registered) {
      misses += (Long) JMX.getAttribute(each, "CacheMisses");
    }
    assertEquals(1, misses);
  }

  @Test
  void cacheNameWithObjectNameWildcards_registersItsMXBeans() throws Exception {
    NatsCacheManager a = nats.node(nodeUri("wildcards"), new Properties());
    String wildName = "orders?*";
    a.createCache(wildName, configuration().setStatisticsEnabled(true).setManagementEnabled(true));

    String manager = a.getURI().toString().replaceAll("[,:=\\n]", ".");
    Set<ObjectName> registered = JMX.queryNames(new ObjectName("javax.cache:*"), null).stream()
        .filter(each -> manager.equals(each.getKeyProperty("CacheManager")))
        .collect(java.util.stream.Collectors.toSet());
    assertEquals(2, registered.size(), () -> "registered: " + registered);
    a.getCache(wildName).get("absent");
    for (ObjectName each : registered) {
      if ("CacheStatistics".equals(each.getKeyProperty("type"))) {
        assertEquals(1L, JMX.getAttribute(each, "CacheMisses"));
      }
    }
  }

  // helpers

  private static MutableConfiguration<String, String> configuration() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  /**
   * A URI of its own for a node, so that two nodes in one JVM get distinct MXBean names: a path, which the provider
   * ignores, keeps the name exactly as the spec builds it (a query's {@code ?} is an ObjectName wildcard, which
   * {@link #managerUriWithQueryOptions_registersOneStatisticsMXBeanPerNode} covers).
   */
  private static URI nodeUri(String node) {
    return URI.create(nats.url() + "/" + node);
  }

  private ObjectName statisticsName(URI manager) throws Exception {
    return mxBeanName("CacheStatistics", manager);
  }

  private ObjectName configurationName(URI manager) throws Exception {
    return mxBeanName("CacheConfiguration", manager);
  }

  /** The name JSR-107 gives a cache's MXBean, with {@code , : =} and line breaks made dots. */
  private ObjectName mxBeanName(String type, URI manager) throws Exception {
    return new ObjectName("javax.cache:type=" + type + ",CacheManager="
        + manager.toString().replaceAll("[,:=\\n]", ".") + ",Cache=" + name.replaceAll("[,:=\\n]", "."));
  }

  private static Map<String, Long> counts(ObjectName statistics) throws Exception {
    return Map.of(
        "CacheHits", (Long) JMX.getAttribute(statistics, "CacheHits"),
        "CacheMisses", (Long) JMX.getAttribute(statistics, "CacheMisses"),
        "CacheGets", (Long) JMX.getAttribute(statistics, "CacheGets"),
        "CachePuts", (Long) JMX.getAttribute(statistics, "CachePuts"),
        "CacheRemovals", (Long) JMX.getAttribute(statistics, "CacheRemovals"));
  }

  /** Loads the key itself. */
  static final class EchoLoader implements CacheLoader<String, String>, java.io.Serializable {

    @Override
    public String load(String key) {
      return key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> loaded = new java.util.HashMap<>();
      keys.forEach(key -> loaded.put(key, key));
      return loaded;
    }
  }
}
