package org.duplexnode.ros;


/** Output channels that publish on ROS 2 through the node's transport. */
public final class RosChannels implements MessageChannels {
  private final RosTransport transport;

  public RosChannels(RosTransport transport) {
    this.transport = transport;
  }

  @Override
  public <T> MessageChannel<T> open(TopicSpec<T> spec) {
    RosPublisher<T> p = transport.advertise(spec);
    return (m, t) -> p.publish(m);
  }
}
