package org.duplexnode.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A dashboard stand-in: a Paho MQTT 5 client that records every message under a filter. With a
 * persistent session it reconnects by itself and the broker keeps its messages while it is away
 * (broker restarts).
 */
public final class RecordingSubscriber implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  public record Message(String topic, byte[] payload, boolean retained, long receivedNs) {
    public JsonNode json() {
      try {
        return JSON.readTree(payload);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final MqttClient client;
  private final List<Message> messages = new ArrayList<>();

  private RecordingSubscriber(MqttClient client) {
    this.client = client;
  }

  public static RecordingSubscriber connect(String url, String filter, boolean persistentSession) throws MqttException {
    MqttClient c = new MqttClient(url, "recorder-" + UUID.randomUUID(), new MemoryPersistence());
    RecordingSubscriber r = new RecordingSubscriber(c);
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(!persistentSession);
    if (persistentSession) {
      o.setSessionExpiryInterval(3600L);
      o.setAutomaticReconnect(true);
      o.setAutomaticReconnectDelay(1, 1);
    }
    c.setCallback(new MqttCallback() {
      @Override
      public void disconnected(MqttDisconnectResponse d) { }

      @Override
      public void mqttErrorOccurred(MqttException e) { }

      @Override
      public void messageArrived(String topic, MqttMessage m) {
        synchronized (r.messages) {
          r.messages.add(new Message(topic, m.getPayload(), m.isRetained(), System.nanoTime()));
        }
      }

      @Override
      public void deliveryComplete(IMqttToken t) { }

      @Override
      public void connectComplete(boolean reconnect, String uri) { }

      @Override
      public void authPacketArrived(int reason, MqttProperties p) { }
    });
    c.connect(o);
    c.subscribe(filter, 1);
    return r;
  }

  public List<Message> messages() {
    synchronized (messages) {
      return List.copyOf(messages);
    }
  }

  public List<Message> on(String topic) {
    return messages().stream().filter(m -> m.topic().equals(topic)).toList();
  }

  public List<Message> awaitOn(String topic, int count, Duration timeout) {
    Await.until(count + " messages on " + topic, timeout, () -> on(topic).size() >= count);
    return on(topic);
  }

  /** Publishes a payload (commands to the node). */
  public void publish(String topic, byte[] payload) throws MqttException {
    client.publish(topic, payload, 1, false);
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close(true);
  }
}
