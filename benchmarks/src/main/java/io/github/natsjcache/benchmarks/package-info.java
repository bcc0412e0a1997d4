/**
 * The JMH benchmarks of nats-jcache (against the other JCache peers and raw jnats calls), their shared workload and
 * the benchmark jar's entry point, {@link io.github.natsjcache.benchmarks.BenchmarkMain}.
 */
package io.github.natsjcache.benchmarks;
