/**
 * The seam every layer speaks: a key's value at a KV revision with its deadline ({@link
 * io.github.natsjcache.entry.Versioned}), the {@link io.github.natsjcache.entry.Entries} interface that the
 * bucket, the near-cache, strict mode and store-by-reference each implement over the next.
 *
 * <p>Internal: the public types here are public only to be reached from other packages of nats-jcache; they are not
 * API and may change in any release.
 */
@NullMarked
package io.github.natsjcache.entry;

import org.jspecify.annotations.NullMarked;
