/**
 * The launcher of a child {@code nats-server} process behind the {@code nats://embedded} URI; tests and
 * benchmarks start private servers with it.
 *
 * <p>API.
 */
@NullMarked
package io.github.natsjcache.embedded;

import org.jspecify.annotations.NullMarked;
