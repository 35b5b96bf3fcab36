package org.duplexnode.mqtt;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * {@link BrokerClient} over Paho's MQTT 3.1.1 client, for brokers without MQTT 5. Clean session
 * and in-memory persistence, as for {@link Paho5Client}. MQTT 3.1.1 has no reason codes on PUBACK:
 * a broker that refuses a publish there drops it or the connection.
 */
final class Paho3Client implements BrokerClient {
  private final MqttSettings settings;
  private final SocketFactory sockets;
  private final MqttAsyncClient client;
  private volatile InboundHandler handler = (t, p) -> { };
  private volatile Runnable onLost = () -> { };

  Paho3Client(MqttSettings settings, SocketFactory sockets, int maxInflight) throws BrokerException {
    this.settings = settings;
    this.sockets = sockets;
    this.maxInflight = maxInflight;
    try {
      this.client = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
    } catch (MqttException e) {
      throw new BrokerException("bad broker address " + settings.url() + ": " + e.getMessage(), true, e);
    }
    client.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        onLost.run();
      }

      @Override
      public void messageArrived(String topic, MqttMessage m) {
        handler.onMessage(topic, m.getPayload());
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) { }
    });
  }

  private final int maxInflight;

  @Override
  public void connect(Will will, Runnable lost) throws BrokerException {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setCleanSession(true);
    o.setAutomaticReconnect(false);
    o.setKeepAliveInterval(settings.keepAliveS());
    o.setConnectionTimeout(10);
    o.setMaxInflight(maxInflight);
    if (!settings.username().isEmpty()) {
      o.setUserName(settings.username());
    }
    if (settings.password().length > 0) {
      o.setPassword(settings.password().clone());
    }
    if (sockets != null) {
      o.setSocketFactory(sockets);
    }
    o.setWill(will.topic(), will.payload(), 1, true);
    this.onLost = lost;
    try {
      client.connect(o).waitForCompletion(15_000);
    } catch (MqttException e) {
      throw new BrokerException("connect to " + settings.url() + " failed: " + PahoErrors.describe(e.getReasonCode(),
          e.getMessage(), e.getCause()), PahoErrors.permanentConnect(e.getReasonCode()), e);
    }
  }

  @Override
  public boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      client.publish(topic, payload, qos, retained, null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          done.complete(null);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
          done.completeExceptionally(new BrokerException("publish on " + topic + " failed: " + e, false, e));
        }
      });
    } catch (MqttException | RuntimeException e) {
      done.completeExceptionally(new BrokerException("publish on " + topic + " failed: " + e, false, e));
    }
    return done;
  }

  @Override
  public void subscribe(List<String> topics, InboundHandler h) throws BrokerException {
    this.handler = h;
    int[] qos = new int[topics.size()];
    java.util.Arrays.fill(qos, 1);
    try {
      IMqttToken t = client.subscribe(topics.toArray(new String[0]), qos);
      t.waitForCompletion(10_000);
      for (int granted : t.getGrantedQos()) {
        if (granted == 0x80) {
          throw new BrokerException("the broker refused the subscription to " + topics, true, null);
        }
      }
    } catch (MqttException e) {
      throw new BrokerException("subscribe to " + topics + " failed: " + e.getMessage(), false, e);
    }
  }

  @Override
  public void disconnect(long timeoutMs) {
    this.onLost = () -> { };
    try {
      if (client.isConnected()) {
        client.disconnect(timeoutMs).waitForCompletion(timeoutMs);
      }
    } catch (MqttException e) {
      // already gone: nothing to tell the broker
    }
  }

  @Override
  public void close() {
    this.onLost = () -> { };
    try {
      if (client.isConnected()) {
        client.disconnectForcibly(0, 1000, false);
      }
      client.close(true);
    } catch (MqttException e) {
      // closing a broken client: its threads are gone either way
    }
  }
}
