package org.duplexnode.testing;

import java.util.HashMap;
import java.util.Map;
import org.duplexnode.ros.InputErrorCounter;
import org.duplexnode.ros.MessageHandler;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.ros.RosPublisher;
import org.duplexnode.ros.RosSubscription;
import org.duplexnode.ros.RosTransport;
import org.duplexnode.ros.TopicSpec;

/**
 * A transport that reaches no DDS: publishes go nowhere (and succeed), and the handlers of its
 * subscriptions are kept so that a test or benchmark can call them as the DDS thread would.
 */
public final class OfflineTransport implements RosTransport {
  private final Map<String, MessageHandler<?>> handlers = new HashMap<>();
  private final InputErrorCounter errors = new InputErrorCounter();

  @Override
  public NodeIdentity identity() {
    return new NodeIdentity("duplex_node", "/");
  }

  @Override
  public <T> RosPublisher<T> advertise(TopicSpec<T> spec) {
    return new RosPublisher<>() {
      @Override public boolean publish(T message) { return true; }
      @Override public String topic() { return spec.name(); }
      @Override public int matchedReaders() { return 0; }
    };
  }

  @Override
  public synchronized <T> RosSubscription subscribe(TopicSpec<T> spec, MessageHandler<T> handler) {
    handlers.put(spec.name(), handler);
    return new RosSubscription() {
      @Override public String topic() { return spec.name(); }
      @Override public int matchedWriters() { return 0; }
      @Override public long received() { return 0; }
    };
  }

  /** The handler subscribed to {@code topic} (its unresolved name). */
  @SuppressWarnings("unchecked")
  public synchronized <T> MessageHandler<T> handler(String topic) {
    return (MessageHandler<T>) handlers.get(topic);
  }

  @Override
  public String resolve(String topicName) {
    return topicName;
  }

  @Override
  public InputErrorCounter inputErrors() {
    return errors;
  }

  @Override
  public void close() { }
}
