package org.duplexnode.ros;


/** Opens one {@link MessageChannel} per output topic. */
@FunctionalInterface
public interface MessageChannels {
  <T> MessageChannel<T> open(TopicSpec<T> spec);

  /** Both at once: every message goes to {@code a} then {@code b}. */
  static MessageChannels both(MessageChannels a, MessageChannels b) {
    return new MessageChannels() {
      @Override
      public <T> MessageChannel<T> open(TopicSpec<T> spec) {
        MessageChannel<T> x = a.open(spec);
        MessageChannel<T> y = b.open(spec);
        return (m, t) -> {
          x.send(m, t);
          y.send(m, t);
        };
      }
    };
  }
}
