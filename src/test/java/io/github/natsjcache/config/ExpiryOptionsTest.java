package io.github.natsjcache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Expiry without code: what {@code expireAfterWrite} and {@code expireAfterAccess} give a cache. */
@Tag("unit")
class ExpiryOptionsTest {

  private static ManagerSettings settings(String... options) {
    Properties properties = new Properties();
    for (int i = 0; i < options.length; i += 2) {
      properties.setProperty(options[i], options[i + 1]);
    }
    return ManagerSettings.from(URI.create("nats://localhost:4222"), properties,
        ExpiryOptionsTest.class.getClassLoader());
  }

  @Test
  void expiryPolicy_noOption_isNull() {
    assertNull(settings().expiryPolicy("orders"));
  }

  @Test
  void expiryPolicy_expireAfterWrite_isAModifiedPolicy() {
    ExpiryPolicy policy = settings("expireAfterWrite", "10m").expiryPolicy("orders");

    assertTrue(policy instanceof ModifiedExpiryPolicy, String.valueOf(policy));
    assertEquals(new Duration(TimeUnit.MILLISECONDS, 600_000), policy.getExpiryForCreation());
    assertEquals(new Duration(TimeUnit.MILLISECONDS, 600_000), policy.getExpiryForUpdate());
    assertNull(policy.getExpiryForAccess());
  }

  @Test
  void expiryPolicy_perCacheExpireAfterAccess_appliesToThatCacheOnly() {
    ManagerSettings settings = settings("cache.sessions.expireAfterAccess", "30s");

    ExpiryPolicy policy = settings.expiryPolicy("sessions");

    assertTrue(policy instanceof TouchedExpiryPolicy, String.valueOf(policy));
    assertEquals(new Duration(TimeUnit.MILLISECONDS, 30_000), policy.getExpiryForAccess());
    assertNull(settings.expiryPolicy("orders"));
  }

  @Test
  void expiryPolicy_bothOptions_isRefusedNamingThem() {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> settings("expireAfterWrite", "1m", "expireAfterAccess", "1m"));

    assertTrue(thrown.getMessage().contains("expireAfterWrite and expireAfterAccess"), thrown.getMessage());
  }
}
