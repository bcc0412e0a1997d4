/**
 * Memory measurements that JMH does not make: what a node keeps per key, run as plain programs from the benchmark jar.
 */
package io.github.natsjcache.benchmarks.footprint;
