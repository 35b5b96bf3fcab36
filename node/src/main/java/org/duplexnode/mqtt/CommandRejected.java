package org.duplexnode.mqtt;

/**
 * A command that was not accepted: no effect on the node, an answer on the error topic, a count
 * under {@code reason}.
 *
 * @param reason a stable code: too_large, malformed_json, unsupported_schema_version, invalid_field, rate_limited
 * @param requestId the request's id when it could be read, else empty
 */
public final class CommandRejected extends Exception {
  public static final String TOO_LARGE = "too_large";
  public static final String MALFORMED_JSON = "malformed_json";
  public static final String UNSUPPORTED_SCHEMA_VERSION = "unsupported_schema_version";
  public static final String INVALID_FIELD = "invalid_field";
  public static final String RATE_LIMITED = "rate_limited";

  private final String reason;
  private final String requestId;

  public CommandRejected(String reason, String requestId, String message) {
    super(message, null, false, false);
    this.reason = reason;
    this.requestId = requestId;
  }

  public String reason() {
    return reason;
  }

  public String requestId() {
    return requestId;
  }
}
