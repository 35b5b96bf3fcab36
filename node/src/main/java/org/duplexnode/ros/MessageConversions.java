package org.duplexnode.ros;

import audio_common_msgs.msg.dds.AudioDataStamped;
import duplex_msgs.msg.dds.Context;
import duplex_msgs.msg.dds.Mute;
import duplex_msgs.msg.dds.Reset;
import duplex_msgs.msg.dds.Say;
import duplex_msgs.msg.dds.WatchCommand;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import org.duplexnode.ports.ConversationControl;
import org.duplexnode.ports.MuteRequest;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.RawCompressedImage;
import org.duplexnode.ports.RawImage;
import org.duplexnode.ports.WatchRequest;
import sensor_msgs.msg.dds.CompressedImage;
import sensor_msgs.msg.dds.Image;
import std_msgs.msg.dds.Int16MultiArray;

/**
 * ROS messages to source records, shared by the live subscriptions and the bag replay so both
 * feed ingest identically. Payloads are copied out of the (reused) message objects.
 */
public final class MessageConversions {
  private MessageConversions() {}

  /** "WIDTHxHEIGHT" of a frame as its uint32 fields say, for messages. */
  public static String size(Image m) {
    return Unsigned.u32(m.getWidth()) + "x" + Unsigned.u32(m.getHeight());
  }

  /** Applies an AudioInfo (uint8 channels, uint32 sample_rate) to {@code state}; null, or why it is unusable. */
  public static String applyAudioInfo(AudioFormatState state, audio_common_msgs.msg.dds.AudioInfo m) {
    return state.apply(Unsigned.u8(m.getChannels()), Unsigned.u32(m.getSampleRate()),
        WireStrings.decode(m.getSampleFormat()), WireStrings.decode(m.getCodingFormat()));
  }

  /**
   * The frame's uint32 width, height and step keep their 32 bits in the record's ints: a side of
   * 2^31 or more reads as negative there and is rejected as a bad dimension, and messages print
   * them with {@link Integer#toUnsignedString(int)}.
   */
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

  /**
   * mgonzs13's audio_common_msgs/AudioStamped: the format field holds PyAudio's constants
   * (paFloat32 1, paInt32 2, paInt16 8, paInt8 16, paUInt8 32) and picks the array that holds the
   * samples. 8-bit samples are widened to S16LE. Empty when the format or the counts make no sense.
   */
  public static Optional<RawAudio> audioStamped(audio_common_msgs.msg.dds.AudioStamped m, String fallbackFrame) {
    var info = m.getAudio().getInfo();
    var d = m.getAudio().getAudioData();
    int channels = info.getChannels();
    int rate = info.getRate();
    if (channels < 1 || channels > 32 || rate < 8000 || rate > 192000) {
      return Optional.empty();
    }
    String format;
    ByteBuffer b;
    switch (info.getFormat()) {
      case 1 -> {
        format = "F32LE";
        b = ByteBuffer.allocate(d.getFloat32Data().size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < d.getFloat32Data().size(); i++) {
          b.putFloat(d.getFloat32Data().get(i));
        }
      }
      case 2 -> {
        format = "S32LE";
        b = ByteBuffer.allocate(d.getInt32Data().size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < d.getInt32Data().size(); i++) {
          b.putInt(d.getInt32Data().get(i));
        }
      }
      case 8 -> {
        format = "S16LE";
        b = ByteBuffer.allocate(d.getInt16Data().size() * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < d.getInt16Data().size(); i++) {
          b.putShort(d.getInt16Data().get(i));
        }
      }
      case 16, 32 -> {
        format = "S16LE";
        var bytes = info.getFormat() == 16 ? d.getInt8Data() : d.getUint8Data();
        b = ByteBuffer.allocate(bytes.size() * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < bytes.size(); i++) {
          int v = info.getFormat() == 16 ? bytes.get(i) : (bytes.get(i) & 0xff) - 128;
          b.putShort((short) (v << 8));
        }
      }
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(new RawAudio(Stamps.toNanos(m.getHeader().getStamp().getSec(), m.getHeader().getStamp().getNanosec()),
        frameOr(WireStrings.decode(m.getHeader().getFrameId()), fallbackFrame), rate, channels, format, b.array()));
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
    return Optional.of(new WatchRequest(WireStrings.decode(m.getRequestId()), action,
        WireStrings.decode(m.getWatchId()), WireStrings.decode(m.getCondition()), m.getExpireAfterS(), m.getOnce()));
  }

  /** A ~/say, or empty for a mode the node does not know. */
  public static Optional<ConversationControl> say(Say m) {
    String id = WireStrings.decode(m.getRequestId());
    return switch (m.getMode()) {
      case Say.QUEUE -> Optional.of(new ConversationControl.Say(id, WireStrings.decode(m.getText()), false));
      case Say.INTERRUPT -> Optional.of(new ConversationControl.Say(id, WireStrings.decode(m.getText()), true));
      default -> Optional.empty();
    };
  }

  /** A ~/context, or empty for an action the node does not know. */
  public static Optional<ConversationControl> context(Context m) {
    ConversationControl.Context.Action action;
    switch (m.getAction()) {
      case Context.ADD -> action = ConversationControl.Context.Action.ADD;
      case Context.REMOVE -> action = ConversationControl.Context.Action.REMOVE;
      case Context.CLEAR -> action = ConversationControl.Context.Action.CLEAR;
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(new ConversationControl.Context(WireStrings.decode(m.getRequestId()), action,
        WireStrings.decode(m.getContextId()), WireStrings.decode(m.getText())));
  }

  public static ConversationControl reset(Reset m) {
    return new ConversationControl.Reset(WireStrings.decode(m.getRequestId()), m.getKeepWatches(), m.getKeepContext());
  }

  /** A mute request; every value of its fields is valid. */
  public static MuteRequest mute(Mute m) {
    return new MuteRequest(WireStrings.decode(m.getRequestId()), m.getMuted());
  }

  /** Velocities under this (m/s, rad/s) are taken for a robot told to stand still. */
  static final double STILL = 1e-3;

  /**
   * Whether a velocity command tells the robot to move: any linear or angular component at least
   * {@link #STILL}; empty when a component is not a finite number.
   */
  public static Optional<Boolean> moving(geometry_msgs.msg.dds.Twist m) {
    double[] v = {m.getLinear().getX(), m.getLinear().getY(), m.getLinear().getZ(),
        m.getAngular().getX(), m.getAngular().getY(), m.getAngular().getZ()};
    boolean moving = false;
    for (double c : v) {
      if (!Double.isFinite(c)) {
        return Optional.empty();
      }
      moving |= Math.abs(c) >= STILL;
    }
    return Optional.of(moving);
  }

  private static String frameOr(String frame, String fallback) {
    return frame == null || frame.isEmpty() ? fallback : frame;
  }
}
