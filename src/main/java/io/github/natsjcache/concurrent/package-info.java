/**
 * The threads of a node: one factory of named daemon threads, and every executor stopped when the node
 * closes.
 *
 * <p>Internal: the public types here are public only to be reached from other packages of nats-jcache; they are not
 * API and may change in any release.
 */
@NullMarked
package io.github.natsjcache.concurrent;

import org.jspecify.annotations.NullMarked;
