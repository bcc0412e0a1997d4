package io.github.natsjcache.tck;

import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;

/**
 * TCK-only glue: the {@code javax.management.builder.initial} used while the JSR-107 TCK runs.
 *
 * <p>The TCK's management tests look our MBeans up in the platform {@code MBeanServer}; this builder creates that
 * server as the JDK would, except that its id is the value of the system property
 * {@code org.jsr107.tck.management.agentId}, which is how TCK runners name the server under test. The provider
 * itself never depends on this class.
 */
public final class TckMBeanServerBuilder extends MBeanServerBuilder {

  /** System property holding the MBeanServer id the TCK expects. */
  static final String AGENT_ID_PROPERTY = "org.jsr107.tck.management.agentId";

  /** Creates the builder; {@code MBeanServerFactory} needs a public no-argument constructor. */
  public TckMBeanServerBuilder() {
    super();
  }

  @Override
  public MBeanServerDelegate newMBeanServerDelegate() {
    return new AgentIdDelegate();
  }

  /** The JDK's delegate, reporting the configured agent id when one is set. */
  private static final class AgentIdDelegate extends MBeanServerDelegate {
    @Override
    public String getMBeanServerId() {
      String agentId = System.getProperty(AGENT_ID_PROPERTY);
      return agentId == null || agentId.isBlank() ? super.getMBeanServerId() : agentId;
    }
  }
}
