/**
 * Listener registrations, filters, and the synchronous and asynchronous delivery of entry events, local
 * and remote.
 *
 * <p>Internal: the public types here are public only to be reached from other packages of nats-jcache; they are not
 * API and may change in any release.
 */
@NullMarked
package io.github.natsjcache.event;

import org.jspecify.annotations.NullMarked;
