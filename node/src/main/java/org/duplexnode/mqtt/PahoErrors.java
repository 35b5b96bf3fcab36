package org.duplexnode.mqtt;

/** Paho's connect failures in words a user can act on; which ones retrying will not fix. */
final class PahoErrors {
  // CONNACK return codes of MQTT 3.1.1 (Paho passes them as reason codes) and MQTT 5 reason codes.
  private static final int V3_BAD_CREDENTIALS = 4;
  private static final int V3_NOT_AUTHORIZED = 5;
  private static final int V5_BAD_CREDENTIALS = 0x86;
  private static final int V5_NOT_AUTHORIZED = 0x87;

  private PahoErrors() {}

  static String describe(int reasonCode, String message, Throwable cause) {
    String hint = switch (reasonCode) {
      case V3_BAD_CREDENTIALS, V5_BAD_CREDENTIALS -> " (check mqtt.username and the password)";
      case V3_NOT_AUTHORIZED, V5_NOT_AUTHORIZED -> " (the broker does not authorise this client)";
      default -> "";
    };
    String why = cause == null ? "" : " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    return message + why + hint;
  }

  /** Credentials and authorisation do not change between attempts; the bridge still retries, slowly. */
  static boolean permanentConnect(int reasonCode) {
    return reasonCode == V3_BAD_CREDENTIALS || reasonCode == V3_NOT_AUTHORIZED || reasonCode == V5_BAD_CREDENTIALS
        || reasonCode == V5_NOT_AUTHORIZED;
  }
}
