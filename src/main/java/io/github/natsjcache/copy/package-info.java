/**
 * Store-by-value and store-by-reference, as JSR-107 defines them: copies of mutable values through the
 * codec, and a node's own instances returned as they were put.
 *
 * <p>Internal: the public types here are public only to be reached from other packages of nats-jcache; they are not
 * API and may change in any release.
 */
@NullMarked
package io.github.natsjcache.copy;

import org.jspecify.annotations.NullMarked;
