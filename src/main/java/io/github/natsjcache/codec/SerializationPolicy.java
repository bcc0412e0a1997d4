package io.github.natsjcache.codec;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What Java deserialization may build from bytes in a bucket, which any client allowed to publish to the bucket can
 * write.
 *
 * <p>Every mode bounds the graph (depth, references, array length, stream size), refuses the classes of published
 * deserialization gadget chains, and keeps every refusal of the JVM-wide filter ({@code jdk.serialFilter}).
 * <ul>
 *   <li>{@link Mode#ALLOW_LIST} (the default) admits nothing else than JDK value classes, the packages of a cache's
 *       configured key and value types, the classes Spring's and Hibernate's caches store, and {@code allowList}.
 *   <li>{@link Mode#DENY_LIST}, only when chosen, admits every class that is not a known gadget.
 * </ul>
 *
 * @param maxDepth the deepest object nesting accepted
 * @param maxReferences the most objects accepted in one value, a shared one counted each time it is reached
 * @param maxArrayLength the longest array accepted
 * @param maxBytes the largest serialized form accepted
 * @param mode whether classes must be admitted, or only not be known gadgets
 * @param allowList patterns in {@link ObjectInputFilter.Config#createFilter} syntax ({@code com.example.**}) that
 *     allow-list mode admits as well
 */
public record SerializationPolicy(int maxDepth, long maxReferences, long maxArrayLength, long maxBytes, Mode mode,
    List<String> allowList) {

  /** Whether deserialization admits only listed classes, or every class but known gadgets. */
  public enum Mode {
    /** Only JDK value classes, the cache's own types' packages, framework cache classes and the allow-list. */
    ALLOW_LIST,
    /** Every class that is not a known gadget. */
    DENY_LIST
  }

  /** The default: allow-list mode with generous bounds. */
  public static final SerializationPolicy DEFAULT =
      new SerializationPolicy(20, 1_000_000, 16_777_216, 64L * 1024 * 1024, Mode.ALLOW_LIST, List.of());

  /**
   * Classes and packages used by published deserialization gadget chains (ysoserial and successors), refused in
   * every mode. None of them belongs in a cached value. {@code SignedObject} and {@code MarshalledObject} hold a
   * second serialized stream that they read later, outside any filter set on this one; {@code URL} resolves its host
   * when hashed (URLDNS: store a {@code URI}).
   */
  static final List<String> KNOWN_GADGETS = List.of(
      "java.security.SignedObject",
      "java.rmi.**",
      "java.net.URL",
      "javax.management.BadAttributeValueExpException",
      "javax.naming.**",
      "javax.swing.**",
      "sun.reflect.annotation.AnnotationInvocationHandler",
      "sun.rmi.**",
      "com.sun.jndi.**",
      "com.sun.rowset.JdbcRowSetImpl",
      "com.sun.org.apache.xalan.internal.xsltc.trax.*",
      "com.sun.org.apache.xpath.internal.objects.XString",
      "org.apache.xalan.xsltc.trax.*",
      "org.apache.commons.collections.functors.*",
      "org.apache.commons.collections.keyvalue.TiedMapEntry",
      "org.apache.commons.collections.map.LazyMap",
      "org.apache.commons.collections4.functors.*",
      "org.apache.commons.collections4.keyvalue.TiedMapEntry",
      "org.apache.commons.collections4.map.LazyMap",
      "org.apache.commons.beanutils.BeanComparator",
      "org.apache.commons.fileupload.disk.DiskFileItem",
      "org.apache.wicket.util.upload.DiskFileItem",
      "org.apache.myfaces.el.**",
      "org.apache.click.control.**",
      "org.codehaus.groovy.runtime.*",
      "com.mchange.v2.c3p0.**",
      "com.fasterxml.jackson.databind.node.POJONode",
      "com.alibaba.fastjson.**",
      "com.alibaba.fastjson2.**",
      "net.sf.json.**",
      "com.rometools.rome.feed.impl.*",
      "com.sun.syndication.feed.impl.*",
      "bsh.**",
      "clojure.**",
      "org.python.core.**",
      "org.mozilla.javascript.**",
      "org.springframework.beans.factory.support.AutowireUtils$ObjectFactoryDelegatingInvocationHandler",
      "org.springframework.aop.framework.JdkDynamicAopProxy",
      "org.springframework.aop.target.HotSwappableTargetSource",
      "org.springframework.core.SerializableTypeWrapper$*",
      "org.springframework.transaction.jta.JtaTransactionManager",
      "org.hibernate.tuple.component.AbstractComponentTuplizer",
      "org.hibernate.property.BasicPropertyAccessor$BasicGetter",
      "org.hibernate.property.access.spi.GetterMethodImpl",
      "org.jboss.interceptor.**",
      "com.vaadin.data.util.**");

  /**
   * JDK value classes that allow-list mode admits, since almost every cached value graph contains some.
   * {@code java.io.Serializable} is the element type of the {@code Serializable[]} arrays Hibernate stores.
   */
  static final List<String> JDK_VALUE_CLASSES = List.of("java.lang.*", "java.math.*", "java.time.*", "java.util.*",
      "java.net.URI", "java.sql.Date", "java.sql.Time", "java.sql.Timestamp", "java.io.Serializable");

  /**
   * The classes Spring's cache abstraction and Hibernate's second-level cache (hibernate-jcache) put into their caches
   * besides the application's own: keys and wrappers whose fields are in turn filtered. Read back by the integration
   * tests (Spring 7, Hibernate 7), except {@code CacheKeyImplementation}, Hibernate's key for composite ids and
   * tenants (its {@code DefaultCacheKeysFactory}).
   */
  static final List<String> FRAMEWORK_CLASSES = List.of(
      "org.springframework.cache.interceptor.SimpleKey",
      "org.springframework.cache.support.NullValue",
      "org.hibernate.cache.internal.BasicCacheKeyImplementation",
      "org.hibernate.cache.internal.CacheKeyImplementation",
      "org.hibernate.cache.internal.NaturalIdCacheKey",
      "org.hibernate.cache.internal.QueryResultsCacheImpl$CacheItem",
      "org.hibernate.cache.spi.QueryKey",
      "org.hibernate.query.internal.QueryParameterBindingsImpl$ParameterBindingsMementoImpl",
      "org.hibernate.cache.spi.entry.StandardCacheEntryImpl",
      "org.hibernate.cache.spi.entry.CollectionCacheEntry",
      "org.hibernate.cache.spi.support.AbstractReadWriteAccess$Item",
      "org.hibernate.cache.spi.support.AbstractReadWriteAccess$SoftLockImpl");

  /** Package prefixes of the platform: a platform type admits itself alone, never its whole package. */
  private static final List<String> PLATFORM_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

  /** Copies the allow-list and checks the bounds. */
  public SerializationPolicy {
    allowList = List.copyOf(allowList);
    if (maxDepth < 1 || maxReferences < 1 || maxArrayLength < 0 || maxBytes < 1) {
      throw new IllegalArgumentException("Serialization limits must be positive");
    }
    allowList.forEach(SerializationPolicy::checkPattern);
    if (mode == Mode.DENY_LIST && !allowList.isEmpty()) {
      throw new IllegalArgumentException("serialization.allowList has no effect with serialization.mode=denylist, "
          + "which admits every class but known gadgets");
    }
  }

  private static void checkPattern(String pattern) {
    try {
      // Only a trailing * or ** is a wildcard; a limit (maxdepth=...) has its own option.
      boolean starInside = pattern.replaceAll("\\*+$", "").contains("*");
      if (pattern.contains("=") || starInside || ObjectInputFilter.Config.createFilter(pattern) == null) {
        throw new IllegalArgumentException("not a class pattern");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("serialization.allowList: '" + pattern + "' is not a class pattern "
          + "(com.example.Order, com.example.*, com.example.**)", e);
    }
  }

  /**
   * The patterns that allow-list mode admits for a cache of these types: the defaults, the allow-list, and each
   * type's package (a platform type, {@code java.io.Serializable}, admits only itself; {@code Object} nothing).
   */
  List<String> admittedPatterns(List<Class<?>> types) {
    List<String> patterns = new ArrayList<>(JDK_VALUE_CLASSES);
    patterns.addAll(FRAMEWORK_CLASSES);
    patterns.addAll(allowList);
    types.stream().flatMap(SerializationPolicy::typePattern).forEach(patterns::add);
    return patterns;
  }

  private static Stream<String> typePattern(Class<?> type) {
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    if (element.isPrimitive() || element == Object.class) {
      return Stream.empty();
    }
    String packageName = element.getPackageName();
    boolean platform = PLATFORM_PACKAGES.stream().anyMatch(packageName::startsWith);
    return Stream.of(packageName.isEmpty() || platform ? element.getName() : packageName + ".*");
  }
}
