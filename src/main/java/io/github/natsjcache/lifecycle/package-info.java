/**
 * What a node starts and how it lets go: its threads (one factory of named daemon threads, every executor stopped
 * when the node closes), and closing that runs every step whatever the others do.
 *
 * <p>Internal: the public types here are public only to be reached from other packages of nats-jcache; they are not
 * API and may change in any release.
 */
@NullMarked
package io.github.natsjcache.lifecycle;

import org.jspecify.annotations.NullMarked;
