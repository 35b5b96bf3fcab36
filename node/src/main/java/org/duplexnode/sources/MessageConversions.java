package org.duplexnode.sources;

import audio_common_msgs.msg.dds.AudioDataStamped;
import duplex_msgs.msg.dds.WatchCommand;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import org.duplexnode.ros.Stamps;
import org.duplexnode.ros.WireStrings;
import sensor_msgs.msg.dds.CompressedImage;
import sensor_msgs.msg.dds.Image;
import std_msgs.msg.dds.Int16MultiArray;

/**
 * ROS messages to source records, shared by the live subscriptions and the bag replay so both
 * feed ingest identically. Payloads are copied out of the (reused) message objects.
 */
public final class MessageConversions {
  private MessageConversions() {}

  public static RawImage image(Image m, String fallbackFrame) {
    return new RawImage(Stamps.toNanos(m.getHeader().getStamp()),
        frameOr(WireStrings.decode(m.getHeader().getFrameId()), fallbackFrame),
        (int) m.getWidth(), (int) m.getHeight(), WireStrings.decode(m.getEncoding()), m.getIsBigendian() != 0,
        (int) m.getStep(), m.getData().copyArray());
  }

  public static RawCompressedImage compressed(CompressedImage m, String fallbackFrame) {
    return new RawCompressedImage(Stamps.toNanos(m.getHeader().getStamp()),
        frameOr(WireStrings.decode(m.getHeader().getFrameId()), fallbackFrame), WireStrings.decode(m.getFormat()),
        m.getData().copyArray());
  }

  public static RawAudio audio(AudioDataStamped m, AudioFormatState.Format f, String fallbackFrame) {
    return new RawAudio(Stamps.toNanos(m.getHeader().getStamp()),
        frameOr(WireStrings.decode(m.getHeader().getFrameId()), fallbackFrame),
        f.sampleRate(), f.channels(), f.sampleFormat(), m.getAudio().getData().copyArray());
  }

  /** std_msgs/Int16MultiArray has no header: the caller supplies the stamp (arrival or bag time). */
  public static RawAudio int16Audio(Int16MultiArray m, long stampNanos, AudioFormatState.Format f, String frame) {
    short[] samples = m.getData().toArray();
    ByteBuffer bytes = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asShortBuffer().put(samples);
    return new RawAudio(stampNanos, frame, f.sampleRate(), f.channels(), "S16LE", bytes.array());
  }

  /** The request, or empty when the action is unknown. */
  public static Optional<WatchRequest> watch(WatchCommand m) {
    WatchRequest.Action action;
    switch (m.getAction()) {
      case WatchCommand.ADD -> action = WatchRequest.Action.ADD;
      case WatchCommand.REMOVE -> action = WatchRequest.Action.REMOVE;
      case WatchCommand.CLEAR -> action = WatchRequest.Action.CLEAR;
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(new WatchRequest(action, WireStrings.decode(m.getWatchId()), WireStrings.decode(m.getCondition()),
        m.getExpireAfterS(), m.getOnce()));
  }

  private static String frameOr(String frame, String fallback) {
    return frame == null || frame.isEmpty() ? fallback : frame;
  }
}
