/**
 * The one place a key changes: read with revision, decide, write through, write conditioned on the
 * revision, retry on conflict ({@link io.github.natsjcache.operation.ConditionalWriter}); the bulk operations; and
 * the events and statistics every outcome reports.
 *
 * <p>Internal: the public types here are public only to be reached from other packages of nats-jcache; they are not
 * API and may change in any release.
 */
@NullMarked
package io.github.natsjcache.operation;

import org.jspecify.annotations.NullMarked;
