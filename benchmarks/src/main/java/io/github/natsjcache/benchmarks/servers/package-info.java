/**
 * The processes a benchmark starts for itself (nats-server, a Hazelcast member JVM, redis-server, follower nodes), on
 * loopback in directories of their own, and the guard that stops them even when JMH skips a teardown.
 */
package io.github.natsjcache.benchmarks.servers;
