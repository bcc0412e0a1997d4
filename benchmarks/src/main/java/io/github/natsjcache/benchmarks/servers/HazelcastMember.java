package io.github.natsjcache.benchmarks.servers;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * The entry point of the Hazelcast member JVM that {@link HazelcastMemberProcess} starts: one member alone in its
 * cluster, on loopback, then it prints {@value #READY} and its port and runs until the process is terminated
 * (Hazelcast's own shutdown hook stops it) or the JVM that started it is gone.
 *
 * <p>Arguments: the cluster name and the first port to try. The configuration is built here rather than in a file so
 * that it is checked by the compiler: no multicast or other discovery, no Jet engine, no phone-home, so the member
 * finds nothing and nothing finds it but the benchmark's client.
 */
public final class HazelcastMember {

  /** The line the member prints, followed by its port, once it accepts clients. */
  static final String READY = "hazelcast-member-ready";

  private HazelcastMember() {}

  /**
   * Starts the member.
   *
   * @param args the cluster name and the first port to try
   */
  public static void main(String[] args) {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: HazelcastMember <cluster name> <port>");
    }
    // Never outlive the benchmark JVM, however it ends (even killed): Hazelcast's shutdown hook then stops the member.
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config(args[0], Integer.parseInt(args[1])));
    System.out.println(READY + " " + member.getCluster().getLocalMember().getAddress().getPort());
  }

  private static Config config(String clusterName, int port) {
    Config config = new Config().setClusterName(clusterName);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.getJetConfig().setEnabled(false);
    NetworkConfig network = config.getNetworkConfig();
    // The probed port may be gone by now: the member then takes the next free one and reports it.
    network.setPort(port).setPortAutoIncrement(true);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    return config;
  }
}
