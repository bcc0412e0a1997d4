package io.github.natsjcache.codec;

import java.io.ObjectInputFilter;
import java.util.List;

/**
 * What Java deserialization may build from bytes in a bucket, which any client of the NATS account can write.
 *
 * <p>By default: bounded graphs (depth, references, array length, stream size) and a deny-list of classes known as
 * deserialization gadgets; everything else — application, Spring and Hibernate classes — passes. In allow-list
 * mode (a non-empty {@code allowList}) only the listed patterns and the JDK's plain value classes pass.
 *
 * @param maxDepth the deepest object nesting accepted
 * @param maxReferences the most object references accepted in one value
 * @param maxArrayLength the longest array accepted
 * @param maxBytes the largest serialized form accepted
 * @param allowList patterns in {@link ObjectInputFilter.Config#createFilter} syntax ({@code com.example.**}), or
 *     empty for deny-list mode
 */
public record SerializationPolicy(int maxDepth, long maxReferences, long maxArrayLength, long maxBytes,
    List<String> allowList) {

  /** The default: deny-list mode with generous bounds. */
  public static final SerializationPolicy DEFAULT =
      new SerializationPolicy(20, 1_000_000, 16_777_216, 64L * 1024 * 1024, List.of());

  /**
   * Classes and packages used by published deserialization gadget chains (ysoserial and successors). None of them
   * belongs in a cached value.
   */
  static final List<String> KNOWN_GADGETS = List.of(
      "org.apache.commons.collections.functors.*",
      "org.apache.commons.collections4.functors.*",
      "org.apache.commons.beanutils.BeanComparator",
      "org.codehaus.groovy.runtime.*",
      "com.sun.org.apache.xalan.internal.xsltc.trax.*",
      "org.apache.xalan.xsltc.trax.*",
      "com.mchange.v2.c3p0.**",
      "com.sun.rowset.JdbcRowSetImpl",
      "com.sun.jndi.**",
      "javax.management.BadAttributeValueExpException",
      "java.rmi.server.UnicastRemoteObject",
      "java.rmi.server.RemoteObjectInvocationHandler",
      "sun.rmi.**",
      "bsh.**",
      "clojure.**",
      "org.python.core.**",
      "org.mozilla.javascript.**",
      "com.rometools.rome.feed.impl.*",
      "com.sun.syndication.feed.impl.*",
      "net.sf.json.**",
      "org.springframework.beans.factory.support.AutowireUtils$ObjectFactoryDelegatingInvocationHandler",
      "org.springframework.aop.framework.JdkDynamicAopProxy",
      "org.springframework.transaction.jta.JtaTransactionManager",
      "org.hibernate.tuple.component.AbstractComponentTuplizer",
      "org.hibernate.property.BasicPropertyAccessor$BasicGetter",
      "org.apache.commons.fileupload.disk.DiskFileItem",
      "org.apache.wicket.util.upload.DiskFileItem",
      "org.jboss.interceptor.**",
      "com.vaadin.data.util.**",
      "org.apache.myfaces.el.**",
      "org.apache.click.control.**");

  /** JDK value classes that allow-list mode admits, since almost every cached value graph contains some. */
  static final List<String> JDK_VALUE_CLASSES = List.of(
      "java.lang.*", "java.math.*", "java.time.*", "java.util.*", "java.net.URI", "java.net.URL");

  /** Copies the allow-list and checks the bounds. */
  public SerializationPolicy {
    allowList = List.copyOf(allowList);
    if (maxDepth < 1 || maxReferences < 1 || maxArrayLength < 0 || maxBytes < 1) {
      throw new IllegalArgumentException("Serialization limits must be positive");
    }
  }

  /** Builds the {@link ObjectInputFilter} that enforces this policy. */
  ObjectInputFilter toFilter() {
    StringBuilder pattern = new StringBuilder()
        .append("maxdepth=").append(maxDepth)
        .append(";maxrefs=").append(maxReferences)
        .append(";maxarray=").append(maxArrayLength)
        .append(";maxbytes=").append(maxBytes);
    KNOWN_GADGETS.forEach(gadget -> pattern.append(";!").append(gadget));
    if (!allowList.isEmpty()) {
      JDK_VALUE_CLASSES.forEach(allowed -> pattern.append(';').append(allowed));
      allowList.forEach(allowed -> pattern.append(';').append(allowed));
      pattern.append(";!*");
    }
    return ObjectInputFilter.Config.createFilter(pattern.toString());
  }
}
