package io.github.natsjcache.store;

import java.util.Map;

/**
 * What a write stores for one key: the value bytes and the provider's metadata headers.
 *
 * @param value the value bytes
 * @param headers the headers to store with it
 */
@SuppressWarnings("ArrayRecordComponent") // bytes passed through once, never compared
record Payload(byte[] value, Map<String, String> headers) {

  /** Copies the headers, so the record stays immutable. */
  public Payload {
    headers = Map.copyOf(headers);
  }
}
