package org.duplexnode.mqtt;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The few broker operations the bridge uses, over either MQTT 5 or MQTT 3.1.1 (both Eclipse Paho).
 * A client connects once; after a lost connection the bridge closes it and makes a new one, so
 * no state survives a reconnect by accident.
 */
public interface BrokerClient extends AutoCloseable {
  /** An inbound message: topic and payload. */
  interface InboundHandler {
    void onMessage(String topic, byte[] payload);
  }

  /**
   * Connects (blocking, bounded by the connect timeout) with a retained last will; throws with the
   * broker's reason. {@code onLost} runs (on a client thread) when the connection drops later.
   */
  void connect(Will will, Runnable onLost) throws BrokerException;

  boolean isConnected();

  /**
   * Publishes without waiting. The future completes when the broker has taken the message (PUBACK
   * for QoS 1, PUBCOMP for QoS 2, written for QoS 0) and fails when it refused it or the
   * connection was lost first.
   */
  CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained);

  /** Subscribes at QoS 1; messages arrive on the client's callback thread. */
  void subscribe(List<String> topics, InboundHandler handler) throws BrokerException;

  /** Disconnects politely (the will is not sent), waiting at most {@code timeoutMs}. */
  void disconnect(long timeoutMs);

  @Override
  void close();

  /** The retained message the broker sends when the connection is lost without a disconnect. */
  record Will(String topic, byte[] payload) {}

  /** A connect, subscribe or publish the broker refused, or a connection that failed. */
  final class BrokerException extends Exception {
    private final boolean permanent;

    public BrokerException(String message, boolean permanent, Throwable cause) {
      super(message, cause);
      this.permanent = permanent;
    }

    /** Retrying the same message will fail again (e.g. not authorised to publish on the topic). */
    public boolean permanent() {
      return permanent;
    }
  }
}
