package org.duplexnode.ros;

/**
 * Receives messages of one subscription on the transport's thread. The message object is reused
 * for the next sample: copy what you keep before returning, and never block (hand heavy work to a
 * queue).
 */
@FunctionalInterface
public interface MessageHandler<T> {
  void onMessage(T message) throws Exception;
}
