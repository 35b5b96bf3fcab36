package org.duplexnode.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterException;
import org.duplexnode.config.ParameterSet;

/**
 * Everything the bridge needs to reach a broker, read once from the node's parameters.
 * {@link #toString()} leaves out the password and names key files only by path.
 *
 * @param protocol 5 (MQTT 5) or 3 (MQTT 3.1.1)
 * @param qos QoS of events and transcripts (1 or 2)
 * @param password empty when none; read from {@code mqtt.password_file} when that is set
 */
public record MqttSettings(String url, int protocol, String clientId, String robotId, MqttTopics topics,
                           String username, char[] password, Path caFile, Path certFile, Path keyFile, int qos,
                           int keepAliveS, double reconnectMinS, double reconnectMaxS, Path outboxDir,
                           long outboxMaxEvents, long outboxMaxBytes, int inboundMaxPayloadBytes,
                           double inboundMaxRate) {

  public MqttSettings {
    if (reconnectMaxS < reconnectMinS) {
      throw new ParameterException("parameter '" + NodeParameters.MQTT_RECONNECT_MAX_S + "' (" + reconnectMaxS
          + ") must not be below '" + NodeParameters.MQTT_RECONNECT_MIN_S + "' (" + reconnectMinS + ")");
    }
    if ((certFile == null) != (keyFile == null)) {
      throw new ParameterException("parameters '" + NodeParameters.MQTT_TLS_CERT_FILE + "' and '"
          + NodeParameters.MQTT_TLS_KEY_FILE + "' must be set together (mutual TLS)");
    }
    if (!url.startsWith("ssl://") && (caFile != null || certFile != null)) {
      throw new ParameterException("TLS files are set but '" + NodeParameters.MQTT_URL + "' is " + url
          + ": use ssl://HOST:PORT");
    }
  }

  /** Reads and checks the mqtt.* parameters; a missing or unreadable file stops start-up with its name. */
  public static MqttSettings from(ParameterSet p) {
    String robot = p.getString(NodeParameters.MQTT_ROBOT_ID);
    String clientId = p.getString(NodeParameters.MQTT_CLIENT_ID);
    String dir = p.getString(NodeParameters.MQTT_OUTBOX_DIR);
    return new MqttSettings(p.getString(NodeParameters.MQTT_URL), p.getInt(NodeParameters.MQTT_PROTOCOL),
        clientId.isEmpty() ? "duplex-node-" + robot : clientId, robot,
        MqttTopics.of(p.getString(NodeParameters.MQTT_TOPIC_PREFIX), robot),
        p.getString(NodeParameters.MQTT_USERNAME), password(p),
        file(p, NodeParameters.MQTT_TLS_CA_FILE), file(p, NodeParameters.MQTT_TLS_CERT_FILE),
        file(p, NodeParameters.MQTT_TLS_KEY_FILE), p.getInt(NodeParameters.MQTT_QOS),
        p.getInt(NodeParameters.MQTT_KEEPALIVE_S), p.getDouble(NodeParameters.MQTT_RECONNECT_MIN_S),
        p.getDouble(NodeParameters.MQTT_RECONNECT_MAX_S), dir.isEmpty() ? defaultOutbox(robot) : Path.of(dir),
        p.getLong(NodeParameters.MQTT_OUTBOX_MAX_EVENTS), p.getLong(NodeParameters.MQTT_OUTBOX_MAX_BYTES),
        p.getInt(NodeParameters.MQTT_INBOUND_MAX_PAYLOAD_BYTES), p.getDouble(NodeParameters.MQTT_INBOUND_MAX_RATE));
  }

  public boolean tls() {
    return url.startsWith("ssl://");
  }

  /** The same settings with another outbox folder (tests, benchmarks). */
  public MqttSettings withOutboxDir(Path dir) {
    return new MqttSettings(url, protocol, clientId, robotId, topics, username, password, caFile, certFile, keyFile,
        qos, keepAliveS, reconnectMinS, reconnectMaxS, dir, outboxMaxEvents, outboxMaxBytes, inboundMaxPayloadBytes,
        inboundMaxRate);
  }

  /** $ROS_HOME, else ~/.ros, as ROS 2 tools keep their state there. */
  static Path defaultOutbox(String robot) {
    String rosHome = System.getenv("ROS_HOME");
    Path home = rosHome != null && !rosHome.isEmpty() ? Path.of(rosHome)
        : Path.of(System.getProperty("user.home"), ".ros");
    return home.resolve("duplex_node").resolve("mqtt_outbox").resolve(robot);
  }

  private static char[] password(ParameterSet p) {
    String inline = p.getString(NodeParameters.MQTT_PASSWORD);
    Path file = file(p, NodeParameters.MQTT_PASSWORD_FILE);
    if (file == null) {
      return inline.toCharArray();
    }
    if (!inline.isEmpty()) {
      throw new ParameterException("set either '" + NodeParameters.MQTT_PASSWORD + "' or '"
          + NodeParameters.MQTT_PASSWORD_FILE + "', not both");
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int eol = text.indexOf('\n');
      return (eol < 0 ? text : text.substring(0, eol)).replace("\r", "").toCharArray();
    } catch (IOException e) {
      throw new ParameterException("parameter '" + NodeParameters.MQTT_PASSWORD_FILE + "': cannot read " + file
          + " (" + e.getMessage() + ")");
    }
  }

  private static Path file(ParameterSet p, String name) {
    String v = p.getString(name);
    if (v.isEmpty()) {
      return null;
    }
    Path f = Path.of(v);
    if (!Files.isReadable(f)) {
      throw new ParameterException("parameter '" + name + "': cannot read " + f);
    }
    return f;
  }

  @Override
  public String toString() {
    return "MqttSettings[url=" + url + ", protocol=" + protocol + ", clientId=" + clientId + ", robotId=" + robotId
        + ", prefix=" + topics.prefix() + ", username=" + (username.isEmpty() ? "(none)" : username)
        + ", password=" + (password.length == 0 ? "(none)" : "(set)") + ", ca=" + caFile + ", cert=" + certFile
        + ", key=" + (keyFile == null ? "(none)" : keyFile) + ", qos=" + qos + ", keepAlive=" + keepAliveS
        + " s, reconnect=" + reconnectMinS + ".." + reconnectMaxS + " s, outbox=" + outboxDir + " (" + outboxMaxEvents
        + " messages, " + outboxMaxBytes + " bytes), inbound=" + inboundMaxPayloadBytes + " bytes, "
        + inboundMaxRate + "/s]";
  }
}
