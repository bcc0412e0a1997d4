/**
 * Value codecs (Java serialization behind an allow-list filter, UTF-8 strings, bytes, JSON), the key encoding
 * (readable KV keys, prefixed encodings, hashes for long keys) and bucket naming.
 *
 * <p>Internal: the public types here are public only to be reached from other packages of nats-jcache; they are not
 * API and may change in any release.
 */
@NullMarked
package io.github.natsjcache.codec;

import org.jspecify.annotations.NullMarked;
