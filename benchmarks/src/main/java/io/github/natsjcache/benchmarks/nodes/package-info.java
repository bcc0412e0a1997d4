/**
 * How cost grows with the number of nodes on one bucket: a plain program ({@link
 * io.github.natsjcache.benchmarks.nodes.NodeScaling}) in which this JVM is the node that writes and other nodes of
 * ours follow the bucket in JVMs of their own ({@link io.github.natsjcache.benchmarks.nodes.FollowerNode}), each
 * started and stopped by it.
 */
package io.github.natsjcache.benchmarks.nodes;
