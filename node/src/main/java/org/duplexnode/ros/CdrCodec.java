package org.duplexnode.ros;

import java.io.IOException;
import java.nio.ByteBuffer;
import us.ihmc.pubsub.TopicDataType;
import us.ihmc.pubsub.common.SerializedPayload;

/**
 * ROS 2 serialized messages (XCDR1 with its 4-byte encapsulation header, as on the wire and in
 * rosbag2) to and from the generated message classes. One codec per message type and thread:
 * buffers are reused.
 *
 * <p>Failure: bytes that do not decode (truncated, a sequence above its bound) give an
 * {@link IOException} naming the type; nothing else escapes.
 */
public final class CdrCodec<T> {
  private final TopicDataType<T> type;
  private final Class<T> messageClass;
  private SerializedPayload payload;

  public CdrCodec(Class<T> messageClass) {
    this.messageClass = messageClass;
    this.type = FastDdsTransport.pubSubType(messageClass);
    this.payload = new SerializedPayload(Math.min(type.getTypeSize(), 1 << 16));
  }

  public T newMessage() {
    return type.createData();
  }

  /** The serialized form of a message, encapsulation header included. */
  public byte[] encode(T message) throws IOException {
    ensure(type.getTypeSize());
    payload.getData().clear();
    type.serialize(message, payload);
    // ihmc keeps the encapsulation header inside the payload's buffer, as on the wire.
    ByteBuffer data = payload.getData();
    byte[] out = new byte[payload.getLength()];
    data.position(0);
    data.get(out, 0, out.length);
    return out;
  }

  /** Decodes serialized bytes (encapsulation header first) into {@code into}. */
  public void decode(byte[] bytes, T into) throws IOException {
    if (bytes.length < 4) {
      throw new IOException(messageClass.getSimpleName() + ": " + bytes.length + " bytes is shorter than a CDR header");
    }
    if (bytes.length - 4 > type.getTypeSize()) {
      throw new IOException(messageClass.getSimpleName() + ": " + bytes.length + " bytes exceed the type's bound of "
          + type.getTypeSize());
    }
    ensure(bytes.length);
    ByteBuffer data = payload.getData();
    data.clear();
    data.put(bytes);
    data.flip();
    payload.setLength(bytes.length);
    try {
      type.deserialize(payload, into);
    } catch (RuntimeException e) {
      throw new IOException(messageClass.getSimpleName() + " does not decode: " + e, e);
    }
  }

  private void ensure(int size) {
    if (payload.getMax_size() < size) {
      payload = new SerializedPayload(size);
    }
  }
}
