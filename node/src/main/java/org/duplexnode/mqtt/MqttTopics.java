package org.duplexnode.mqtt;

/**
 * The bridge's topic names under one prefix ({@code robots/ROBOT/duplex} by default).
 *
 * @param prefix the prefix with {robot_id} already replaced
 */
public record MqttTopics(String prefix) {
  public static MqttTopics of(String template, String robotId) {
    return new MqttTopics(template.replace("{robot_id}", robotId));
  }

  public String events() {
    return prefix + "/events";
  }

  public String transcript() {
    return prefix + "/transcript";
  }

  public String state() {
    return prefix + "/state";
  }

  public String watches() {
    return prefix + "/watches";
  }

  /** online / offline (the last will), retained. */
  public String status() {
    return prefix + "/status";
  }

  public String watchCommand() {
    return prefix + "/cmd/watch";
  }

  public String forceListenCommand() {
    return prefix + "/cmd/force_listen";
  }

  /** The topic of a conversation control: {@code cmd/say}, {@code cmd/context} or {@code cmd/reset}. */
  public String controlCommand(String name) {
    return prefix + "/cmd/" + name;
  }

  public String muteCommand() {
    return prefix + "/cmd/mute";
  }

  /** The user's voice activity (START and END), as ~/user_speech. */
  public String userSpeech() {
    return prefix + "/user_speech";
  }

  /** Where accepted commands are acknowledged. */
  public String reply() {
    return prefix + "/cmd/reply";
  }

  /** Where rejected commands are answered with the reason. */
  public String error() {
    return prefix + "/cmd/error";
  }
}
