/**
 * The only code that speaks NATS: the connection, a bucket's reads and (conditional) writes, its watch,
 * strict mode's barrier, and the wire format in one file ({@code WireFormat}).
 *
 * <p>Internal: the public types here are public only to be reached from other packages of nats-jcache; they are not
 * API and may change in any release.
 */
@NullMarked
package io.github.natsjcache.store;

import org.jspecify.annotations.NullMarked;
