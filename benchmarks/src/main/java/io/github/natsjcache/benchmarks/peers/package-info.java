/**
 * The JCache implementations the benchmarks compare ({@link io.github.natsjcache.benchmarks.peers.Peer}), each opened
 * as a user would open it, behind one cache-manager state ({@link io.github.natsjcache.benchmarks.peers.PeerCaches}).
 */
package io.github.natsjcache.benchmarks.peers;
