package io.github.natsjcache.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.JetStreamApiException;
import io.nats.client.api.ApiResponse;
import io.nats.client.support.JsonParser;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A conditional write that lost its race is reported as such by every server line: 10071 always, 10164 (the same
 * error in the form 2.11+ may give it) and 10163 (a clustered stream that could not check the revision yet, so
 * nothing was written) since 2.11. Each is retried from a fresh read; any other refusal is an error.
 */
@Tag("unit")
class StoreFailuresTest {

  @Test
  void isRevisionConflict_wrongLastSequence_onEveryServerLine() {
    assertTrue(StoreFailures.isRevisionConflict(refusal(10071, "wrong last sequence: 5")));
    assertTrue(StoreFailures.isRevisionConflict(refusal(10164, "wrong last sequence")));
    assertTrue(StoreFailures.isRevisionConflict(
        refusal(10163, "expected last sequence per subject temporarily unavailable")));
  }

  @Test
  void isRevisionConflict_wrappedAsAnAsynchronousPublishWrapsIt() {
    assertTrue(StoreFailures.isRevisionConflict(new ExecutionException(new RuntimeException(refusal(10164, "x")))));
  }

  @Test
  void isRevisionConflict_otherRefusals_areNot() {
    assertFalse(StoreFailures.isRevisionConflict(refusal(10059, "stream not found")));
    assertFalse(StoreFailures.isRevisionConflict(refusal(10165, "invalid per-message TTL")));
  }

  /** A JetStream API refusal with the error code the server sends. */
  private static JetStreamApiException refusal(int code, String description) {
    String json = "{\"error\":{\"code\":400,\"err_code\":" + code + ",\"description\":\"" + description + "\"}}";
    ApiResponse<Object> response = new ApiResponse<>(JsonParser.parseUnchecked(json.toCharArray())) {};
    return new JetStreamApiException(Objects.requireNonNull(response.getErrorObject()));
  }
}
