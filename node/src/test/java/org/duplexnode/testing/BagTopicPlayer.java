package org.duplexnode.testing;

import java.io.IOException;
import org.duplexnode.ros.CdrCodec;
import org.duplexnode.ros.FastDdsTransport;
import org.duplexnode.ros.QosProfile;
import org.duplexnode.ros.RosPublisher;
import org.duplexnode.ros.TopicSpec;

/** Publishes one bag topic's recorded messages (CDR bytes) as typed messages on a live participant. */
public final class BagTopicPlayer<T> {
  private final CdrCodec<T> codec;
  private final T message;
  private final RosPublisher<T> publisher;

  public BagTopicPlayer(FastDdsTransport peer, String topic, Class<T> type, QosProfile qos) {
    codec = new CdrCodec<>(type);
    message = codec.newMessage();
    publisher = peer.advertise(TopicSpec.of(topic, type, qos));
  }

  public void play(byte[] cdr) throws IOException {
    codec.decode(cdr, message);
    publisher.publish(message);
  }

  public int matchedReaders() {
    return publisher.matchedReaders();
  }
}
