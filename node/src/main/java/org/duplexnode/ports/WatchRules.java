package org.duplexnode.ports;

import java.util.Optional;

/** The bounds of a watch request that every source (ROS 2, MQTT) checks before the request goes in. */
public final class WatchRules {
  public static final int MAX_ID_CHARS = 64;
  public static final int MAX_CONDITION_CHARS = 1024;

  private WatchRules() {}

  /**
   * Why an ADD with these fields can never succeed, whatever is active: the rules every source
   * (ROS, MQTT) applies. Empty when the fields are fine.
   */
  public static Optional<String> invalidAdd(String id, String condition, double expireAfterS) {
    Optional<String> badId = invalidId(id);
    if (badId.isPresent()) {
      return badId;
    }
    if (condition == null || condition.isBlank() || condition.length() > MAX_CONDITION_CHARS) {
      return Optional.of("watch condition must be 1.." + MAX_CONDITION_CHARS + " characters");
    }
    return WatchExpiry.invalid(expireAfterS);
  }

  /** Why this can never be a watch id (1..64 characters, not blank); empty when it is fine. */
  public static Optional<String> invalidId(String id) {
    if (id == null || id.isBlank() || id.length() > MAX_ID_CHARS) {
      return Optional.of("watch id must be 1.." + MAX_ID_CHARS + " characters");
    }
    return Optional.empty();
  }
}
