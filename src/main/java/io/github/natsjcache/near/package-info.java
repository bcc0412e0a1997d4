/**
 * The near-cache: this node's revision-fenced copy of recent entries, the watch that keeps it fresh and
 * tells listeners of other nodes' changes, and strict mode's waiting half (see {@link
 * io.github.natsjcache.near.StrictEntries}).
 *
 * <p>Internal: the public types here are public only to be reached from other packages of nats-jcache; they are not
 * API and may change in any release.
 */
@NullMarked
package io.github.natsjcache.near;

import org.jspecify.annotations.NullMarked;
