/**
 * Expiry policies evaluated as deadlines in epoch milliseconds, which travel with each entry so that every
 * node honours the same instant.
 *
 * <p>Internal: the public types here are public only to be reached from other packages of nats-jcache; they are not
 * API and may change in any release.
 */
@NullMarked
package io.github.natsjcache.expiry;

import org.jspecify.annotations.NullMarked;
