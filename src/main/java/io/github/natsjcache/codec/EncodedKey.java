package io.github.natsjcache.codec;

import org.jspecify.annotations.Nullable;

/**
 * A cache key as the bucket sees it.
 *
 * @param kvKey the KV key: the key itself when it is a valid KV key, else its readable encoding, else (when that is
 *     too long) a hash of the encoding
 * @param fullForm the full encoding when {@code kvKey} is a hash, stored with the entry to resolve and to detect a
 *     hash collision; {@code null} otherwise
 */
public record EncodedKey(String kvKey, @Nullable String fullForm) {}
