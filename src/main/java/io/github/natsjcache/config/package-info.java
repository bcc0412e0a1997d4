/**
 * URI and properties parsing into settings, and the cache configuration that travels in a bucket's
 * description.
 *
 * <p>Internal: the public types here are public only to be reached from other packages of nats-jcache; they are not
 * API and may change in any release.
 */
@NullMarked
package io.github.natsjcache.config;

import org.jspecify.annotations.NullMarked;
