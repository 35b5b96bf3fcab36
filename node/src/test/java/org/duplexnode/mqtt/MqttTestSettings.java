package org.duplexnode.mqtt;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;

/** Bridge settings for tests, made the way the node makes them: from its declared parameters. */
final class MqttTestSettings {
  private final Map<String, Object> values = new LinkedHashMap<>();

  private MqttTestSettings(String url, Path outbox) {
    values.put(NodeParameters.MQTT_ENABLED, true);
    values.put(NodeParameters.MQTT_URL, url);
    values.put(NodeParameters.MQTT_OUTBOX_DIR, outbox.toString());
    values.put(NodeParameters.MQTT_ROBOT_ID, "r1");
    values.put(NodeParameters.MQTT_RECONNECT_MIN_S, 0.1);
    values.put(NodeParameters.MQTT_RECONNECT_MAX_S, 0.5);
  }

  static MqttTestSettings of(String url, Path outbox) {
    return new MqttTestSettings(url, outbox);
  }

  MqttTestSettings with(String name, Object value) {
    values.put(name, value);
    return this;
  }

  MqttSettings build() {
    ParameterSet p = new ParameterSet(NodeParameters.all());
    JsonNodeFactory f = JsonNodeFactory.instance;
    values.forEach((k, v) -> p.set(k, v instanceof Boolean b ? f.booleanNode(b) : v instanceof Integer i
        ? f.numberNode(i) : v instanceof Long l ? f.numberNode(l) : v instanceof Double d ? f.numberNode(d)
        : f.textNode(v.toString()), "test"));
    return MqttSettings.from(p);
  }
}
