package org.duplexnode.ros;

import audio_common_msgs.msg.dds.AudioDataStamped;
import audio_common_msgs.msg.dds.AudioInfo;
import duplex_msgs.msg.dds.ForceListen;
import duplex_msgs.msg.dds.Mute;
import duplex_msgs.msg.dds.WatchCommand;
import java.util.ArrayList;
import java.util.List;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.InputPort;
import org.duplexnode.ports.NodeClock;
import sensor_msgs.msg.dds.CompressedImage;
import sensor_msgs.msg.dds.Image;
import std_msgs.msg.dds.Int16MultiArray;

/**
 * The live source: subscribes the node's input topics and turns each message into a plain record
 * for the {@link InputPort}. Copies the payload out of the reused message object and
 * returns; the model never runs on this thread.
 *
 * <p>Failure: a message that cannot be used (bad AudioInfo, unknown watch action, a frame with no
 * data) is dropped, counted under its topic and reason in the transport's input errors, and
 * logged once per reason.
 */
public final class RosSource {
  /** Which inputs to subscribe and how to read audio. */
  public record Options(boolean raw, boolean compressed, boolean int16Audio, String cameraFrame,
                        String microphoneFrame, AudioFormatState audioFormat, boolean stampedAudio,
                        int farEndRate) {
    public Options(boolean raw, boolean compressed, boolean int16Audio, String cameraFrame, String microphoneFrame,
                   AudioFormatState audioFormat) {
      this(raw, compressed, int16Audio, cameraFrame, microphoneFrame, audioFormat, false);
    }

    /** Without audio/far_end. */
    public Options(boolean raw, boolean compressed, boolean int16Audio, String cameraFrame, String microphoneFrame,
                   AudioFormatState audioFormat, boolean stampedAudio) {
      this(raw, compressed, int16Audio, cameraFrame, microphoneFrame, audioFormat, stampedAudio, 0);
    }

    /** Whether audio/far_end is read (the echo canceller's far end). */
    public boolean farEnd() {
      return farEndRate > 0;
    }

    /** These options, reading audio/far_end as S16LE mono at {@code rate} Hz (0: not read). */
    public Options withFarEnd(int rate) {
      return new Options(raw, compressed, int16Audio, cameraFrame, microphoneFrame, audioFormat, stampedAudio, rate);
    }

    /** The format of audio/far_end. */
    public AudioFormatState.Format farEndFormat() {
      return new AudioFormatState.Format(farEndRate, 1, "S16LE");
    }

    /** From the node's parameters. */
    public static Options from(org.duplexnode.config.ParameterSet p) {
      String type = p.getString(org.duplexnode.config.NodeParameters.AUDIO_MESSAGE_TYPE);
      return new Options(p.getBool(org.duplexnode.config.NodeParameters.CAMERA_SUBSCRIBE_RAW),
          p.getBool(org.duplexnode.config.NodeParameters.CAMERA_SUBSCRIBE_COMPRESSED), type.equals("int16_multi_array"),
          p.getString(org.duplexnode.config.NodeParameters.CAMERA_FRAME),
          p.getString(org.duplexnode.config.NodeParameters.MICROPHONE_FRAME),
          new AudioFormatState(p.getInt(org.duplexnode.config.NodeParameters.AUDIO_SAMPLE_RATE),
              p.getInt(org.duplexnode.config.NodeParameters.AUDIO_CHANNELS),
              p.getString(org.duplexnode.config.NodeParameters.AUDIO_SAMPLE_FORMAT)),
          type.equals("audio_stamped"), farEndRate(p));
    }

    /** The adapters do not see the core's EchoSettings: this is its readsFarEndTopic() rule, from the parameters. */
    private static int farEndRate(org.duplexnode.config.ParameterSet p) {
      boolean topic = !p.getString(org.duplexnode.config.NodeParameters.ECHO_CANCEL).equals("off")
          && p.getString(org.duplexnode.config.NodeParameters.ECHO_REFERENCE).equals("topic");
      return topic ? p.getInt(org.duplexnode.config.NodeParameters.FAR_END_SAMPLE_RATE) : 0;
    }
  }

  private final RosTransport transport;
  private final InputPort listener;
  private final Options options;
  private final NodeClock clock;
  private final List<RosSubscription> sensors = new ArrayList<>();
  private final List<RosSubscription> commands = new ArrayList<>();

  /** The subscriptions made: sensor inputs (expected to have publishers) and command inputs. */
  public record Subscriptions(List<RosSubscription> sensors, List<RosSubscription> commands) {}

  public RosSource(RosTransport transport, InputPort listener, Options options, NodeClock clock) {
    this.transport = transport;
    this.listener = listener;
    this.options = options;
    this.clock = clock;
  }

  /** Creates the subscriptions; messages flow to the listener from then on. */
  public Subscriptions start() {
    if (options.raw()) {
      sensors.add(transport.subscribe(NodeTopics.IMAGE, this::onImage));
    }
    if (options.compressed()) {
      sensors.add(transport.subscribe(NodeTopics.COMPRESSED_IMAGE, this::onCompressed));
    }
    if (options.int16Audio()) {
      sensors.add(transport.subscribe(NodeTopics.AUDIO_INT16, this::onInt16Audio));
    } else if (options.stampedAudio()) {
      sensors.add(transport.subscribe(NodeTopics.AUDIO_STAMPED, m -> MessageConversions.audioStamped(m,
          options.microphoneFrame()).ifPresentOrElse(listener::onAudio, () -> reject(NodeTopics.AUDIO_STAMPED.name(),
          "unusable AudioStamped", "format " + m.getAudio().getInfo().getFormat() + ", "
          + m.getAudio().getInfo().getChannels() + " channels, " + m.getAudio().getInfo().getRate() + " Hz"))));
    } else {
      sensors.add(transport.subscribe(NodeTopics.AUDIO, this::onAudio));
      commands.add(transport.subscribe(NodeTopics.AUDIO_INFO, this::onAudioInfo));
    }
    if (options.farEnd()) {
      // Not a sensor: a player may be silent, and publish nothing, for as long as it likes.
      commands.add(transport.subscribe(NodeTopics.FAR_END,
          m -> listener.onFarEnd(MessageConversions.audio(m, options.farEndFormat(), options.microphoneFrame()))));
    }
    commands.add(transport.subscribe(NodeTopics.WATCH, this::onWatch));
    commands.add(transport.subscribe(NodeTopics.FORCE_LISTEN, this::onForceListen));
    commands.add(transport.subscribe(NodeTopics.SAY, m -> MessageConversions.say(m).ifPresentOrElse(
        listener::onControl, () -> refuse(NodeTopics.SAY.name(), m.getRequestId(), "say",
            "unknown say mode " + Byte.toUnsignedInt(m.getMode()) + " (0 QUEUE, 1 INTERRUPT)"))));
    commands.add(transport.subscribe(NodeTopics.CONTEXT, m -> MessageConversions.context(m).ifPresentOrElse(
        listener::onControl, () -> refuse(NodeTopics.CONTEXT.name(), m.getRequestId(), "context",
            "unknown context action " + Byte.toUnsignedInt(m.getAction()) + " (0 ADD, 1 REMOVE, 2 CLEAR)"))));
    commands.add(transport.subscribe(NodeTopics.RESET, m -> listener.onControl(MessageConversions.reset(m))));
    commands.add(transport.subscribe(NodeTopics.MUTE, this::onMute));
    return new Subscriptions(List.copyOf(sensors), List.copyOf(commands));
  }

  private void reject(String topicName, String reason, String detail) {
    transport.inputErrors().reject(transport.resolve(topicName), reason, detail);
  }

  private void onImage(Image m) {
    if (m.getData().size() == 0) {
      reject(NodeTopics.IMAGE.name(), "empty image", MessageConversions.size(m));
      return;
    }
    listener.onImage(MessageConversions.image(m, options.cameraFrame()));
  }

  private void onCompressed(CompressedImage m) {
    if (m.getData().size() == 0) {
      reject(NodeTopics.COMPRESSED_IMAGE.name(), "empty image", WireStrings.decode(m.getFormat()));
      return;
    }
    listener.onCompressedImage(MessageConversions.compressed(m, options.cameraFrame()));
  }

  private void onAudio(AudioDataStamped m) {
    listener.onAudio(MessageConversions.audio(m, options.audioFormat().current(), options.microphoneFrame()));
  }

  private void onAudioInfo(AudioInfo m) {
    String why = MessageConversions.applyAudioInfo(options.audioFormat(), m);
    if (why != null) {
      reject(NodeTopics.AUDIO_INFO.name(), "unusable AudioInfo", why);
    }
  }

  // std_msgs/Int16MultiArray has no header: the stamp is the node's clock at arrival.
  private void onInt16Audio(Int16MultiArray m) {
    listener.onAudio(MessageConversions.int16Audio(m, clock.nowNanos(), options.audioFormat().current(),
        options.microphoneFrame()));
  }

  /** A command that cannot be read: counted as a rejected input and answered as refused. */
  private void refuse(String topicName, CharSequence requestId, String command, String detail) {
    reject(topicName, "invalid " + command + " command", detail);
    listener.onCommandRefused(CommandReply.refused(clock.nowNanos(), WireStrings.decode(requestId), command,
        CommandReply.INVALID_FIELD, detail));
  }

  private void onWatch(WatchCommand m) {
    MessageConversions.watch(m).ifPresentOrElse(listener::onWatchRequest, () -> {
      reject(NodeTopics.WATCH.name(), "unknown watch action", "action " + m.getAction());
      listener.onCommandRefused(CommandReply.refused(clock.nowNanos(), WireStrings.decode(m.getRequestId()), "watch",
          CommandReply.INVALID_FIELD, "unknown watch action " + Byte.toUnsignedInt(m.getAction())
              + " (0 ADD, 1 REMOVE, 2 CLEAR)"));
    });
  }

  private void onForceListen(ForceListen m) {
    listener.onForceListen(Stamps.toNanos(m.getHeader().getStamp()), WireStrings.decode(m.getReason()));
  }

  private void onMute(Mute m) {
    listener.onMute(MessageConversions.mute(m));
  }

}
