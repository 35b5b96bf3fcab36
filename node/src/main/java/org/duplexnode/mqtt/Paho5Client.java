package org.duplexnode.mqtt;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * {@link BrokerClient} over Paho's MQTT 5 client. Clean start and in-memory persistence: what
 * must survive a reconnect or a restart is in the bridge's own outbox. A PUBACK with a reason code
 * of 0x80 or above (e.g. 0x87 not authorised) fails the publish as permanent.
 */
final class Paho5Client implements BrokerClient {
  private final MqttSettings settings;
  private final SocketFactory sockets;
  private final MqttAsyncClient client;
  private volatile InboundHandler handler = (t, p) -> { };
  private volatile Runnable onLost = () -> { };

  Paho5Client(MqttSettings settings, SocketFactory sockets) throws BrokerException {
    this.settings = settings;
    this.sockets = sockets;
    try {
      this.client = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
    } catch (MqttException e) {
      throw new BrokerException("bad broker address " + settings.url() + ": " + e.getMessage(), true, e);
    }
    client.setCallback(new MqttCallback() {
      @Override
      public void disconnected(MqttDisconnectResponse r) {
        onLost.run();
      }

      @Override
      public void mqttErrorOccurred(MqttException e) {
        onLost.run();
      }

      @Override
      public void messageArrived(String topic, MqttMessage m) {
        handler.onMessage(topic, m.getPayload());
      }

      @Override
      public void deliveryComplete(IMqttToken token) { }

      @Override
      public void connectComplete(boolean reconnect, String uri) { }

      @Override
      public void authPacketArrived(int reason, MqttProperties p) { }
    });
  }

  @Override
  public void connect(Will will, Runnable lost) throws BrokerException {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setAutomaticReconnect(false);
    o.setKeepAliveInterval(settings.keepAliveS());
    o.setConnectionTimeout(10);
    if (!settings.username().isEmpty()) {
      o.setUserName(settings.username());
    }
    if (settings.password().length > 0) {
      o.setPassword(new String(settings.password()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    if (sockets != null) {
      o.setSocketFactory(sockets);
    }
    MqttMessage w = new MqttMessage(will.payload());
    w.setQos(1);
    w.setRetained(true);
    o.setWill(will.topic(), w);
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
    MqttMessage m = new MqttMessage(payload);
    m.setQos(qos);
    m.setRetained(retained);
    try {
      client.publish(topic, m, null, new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          int[] codes = token.getReasonCodes();
          if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
            done.completeExceptionally(new BrokerException("the broker refused the message on " + topic
                + " (reason code 0x" + Integer.toHexString(codes[0]) + ")", true, null));
          } else {
            done.complete(null);
          }
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
      for (int code : t.getReasonCodes()) {
        if (code >= 0x80) {
          throw new BrokerException("the broker refused the subscription to " + topics + " (reason code 0x"
              + Integer.toHexString(code) + ")", true, null);
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
