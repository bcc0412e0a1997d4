/**
 * Read-through and write-through: the cache's {@code CacheLoader} and {@code CacheWriter}, with the
 * spec's partial-failure rules.
 *
 * <p>Internal: the public types here are public only to be reached from other packages of nats-jcache; they are not
 * API and may change in any release.
 */
@NullMarked
package io.github.natsjcache.integration;

import org.jspecify.annotations.NullMarked;
