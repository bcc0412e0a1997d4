package io.github.natsjcache.tck;

import java.util.logging.Logger;
import javax.cache.Caching;
import javax.cache.annotation.BeanProvider;
import org.springframework.context.support.ClassPathXmlApplicationContext;

/**
 * TCK-only glue: the {@link BeanProvider} through which the TCK's annotation tests ({@code org.jsr107.tck.annotation})
 * obtain their {@code manager.*BlogManagerImpl} beans.
 *
 * <p>The TCK finds this class with {@link java.util.ServiceLoader} (see
 * {@code META-INF/services/javax.cache.annotation.BeanProvider}). It starts a Spring application context from
 * {@value #CONTEXT}, in which the JSR-107 RI's Spring interceptors ({@code org.jsr107.ri:cache-annotations-ri-spring})
 * wrap the TCK's beans in CGLIB proxies; the interceptors cache through the default {@code CacheManager} of
 * {@link Caching#getCachingProvider()}, which is ours. The TCK swallows any failure here and then skips all
 * annotation tests as passed, so {@link AnnotationHarnessTest} checks that this provider was really loaded.
 */
public final class SpringAnnotationsBeanProvider implements BeanProvider {

  /** The Spring context file, a test resource of this module. */
  static final String CONTEXT = "/nats-jcache-annotations-context.xml";

  private static final Logger LOG = Logger.getLogger(SpringAnnotationsBeanProvider.class.getName());

  private final ClassPathXmlApplicationContext context;

  /** Starts the Spring context; {@link java.util.ServiceLoader} needs a public no-argument constructor. */
  public SpringAnnotationsBeanProvider() {
    context = new ClassPathXmlApplicationContext(CONTEXT);
    context.registerShutdownHook();
    LOG.info("nats-jcache TCK annotation harness started: Spring context " + CONTEXT
        + ", caching provider " + Caching.getCachingProvider().getClass().getName());
  }

  @Override
  public <T> T getBeanByType(Class<T> beanClass) {
    return context.getBean(beanClass);
  }
}
