/**
 * {@code EntryProcessor} support: the mutable entry a processor sees, and the decision its changes amount
 * to.
 *
 * <p>Internal: the public types here are public only to be reached from other packages of nats-jcache; they are not
 * API and may change in any release.
 */
@NullMarked
package io.github.natsjcache.processor;

import org.jspecify.annotations.NullMarked;
