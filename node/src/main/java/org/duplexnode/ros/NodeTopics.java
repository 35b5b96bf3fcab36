package org.duplexnode.ros;

import audio_common_msgs.msg.dds.AudioDataStamped;
import audio_common_msgs.msg.dds.AudioInfo;
import diagnostic_msgs.msg.dds.DiagnosticArray;
import duplex_msgs.msg.dds.CommandReply;
import duplex_msgs.msg.dds.Context;
import duplex_msgs.msg.dds.ForceListen;
import duplex_msgs.msg.dds.Mute;
import duplex_msgs.msg.dds.ProactiveEvent;
import duplex_msgs.msg.dds.Reset;
import duplex_msgs.msg.dds.Say;
import duplex_msgs.msg.dds.SpeechSegment;
import duplex_msgs.msg.dds.State;
import duplex_msgs.msg.dds.Transcript;
import duplex_msgs.msg.dds.UserSpeech;
import duplex_msgs.msg.dds.WatchCommand;
import duplex_msgs.msg.dds.WatchList;
import java.util.List;
import rosgraph_msgs.msg.dds.Clock;
import sensor_msgs.msg.dds.CompressedImage;
import sensor_msgs.msg.dds.Image;
import std_msgs.msg.dds.Int16MultiArray;

/**
 * Every topic of the node's ROS 2 interface, declared once with its default name, type and QoS.
 * Names are relative to the node's namespace ({@code ~/} is private to the node) and every one
 * can be remapped with {@code --ros-args -r name:=new_name}. docs/interfaces.md lists the same
 * table; a test keeps the two in step.
 */
public final class NodeTopics {
  private NodeTopics() {}

  public static final TopicSpec<Image> IMAGE = TopicSpec.of("camera/image_raw", Image.class, QosProfile.SENSOR_DATA);
  public static final TopicSpec<CompressedImage> COMPRESSED_IMAGE =
      TopicSpec.of("camera/image_raw/compressed", CompressedImage.class, QosProfile.SENSOR_DATA);
  public static final TopicSpec<AudioDataStamped> AUDIO = TopicSpec.of("audio/in", AudioDataStamped.class, QosProfile.SENSOR_DATA);
  /** mgonzs13/audio_common's AudioStamped (whisper_ros, llama_ros). */
  public static final TopicSpec<audio_common_msgs.msg.dds.AudioStamped> AUDIO_STAMPED =
      TopicSpec.of("audio/in", audio_common_msgs.msg.dds.AudioStamped.class, QosProfile.SENSOR_DATA);
  public static final TopicSpec<Int16MultiArray> AUDIO_INT16 = TopicSpec.of("audio/in", Int16MultiArray.class, QosProfile.SENSOR_DATA);
  /** AudioInfo is usually latched by audio drivers; a best-effort volatile reader still matches them. */
  /** What the robot's loudspeaker plays, as its player publishes it: the echo canceller's far end (audio.echo_reference topic). */
  public static final TopicSpec<AudioDataStamped> FAR_END =
      TopicSpec.of("audio/far_end", AudioDataStamped.class, QosProfile.SENSOR_DATA);
  public static final TopicSpec<AudioInfo> AUDIO_INFO = TopicSpec.of("audio/in/info", AudioInfo.class, QosProfile.SENSOR_DATA);
  public static final TopicSpec<WatchCommand> WATCH = TopicSpec.of("~/watch", WatchCommand.class, QosProfile.RELIABLE);
  public static final TopicSpec<ForceListen> FORCE_LISTEN = TopicSpec.of("~/force_listen", ForceListen.class, QosProfile.RELIABLE);
  public static final TopicSpec<Say> SAY = TopicSpec.of("~/say", Say.class, QosProfile.RELIABLE);
  public static final TopicSpec<Context> CONTEXT = TopicSpec.of("~/context", Context.class, QosProfile.RELIABLE);
  public static final TopicSpec<Reset> RESET = TopicSpec.of("~/reset", Reset.class, QosProfile.RELIABLE);
  public static final TopicSpec<Mute> MUTE = TopicSpec.of("~/mute", Mute.class, QosProfile.RELIABLE);
  /** The robot's velocity commands: while it moves the local speaker's barge-in is milder (audio.barge_in_while_moving). */
  public static final TopicSpec<geometry_msgs.msg.dds.Twist> CMD_VEL =
      TopicSpec.of("cmd_vel", geometry_msgs.msg.dds.Twist.class, QosProfile.SENSOR_DATA);
  public static final TopicSpec<geometry_msgs.msg.dds.TwistStamped> CMD_VEL_STAMPED =
      TopicSpec.of("cmd_vel", geometry_msgs.msg.dds.TwistStamped.class, QosProfile.SENSOR_DATA);
  /**
   * The robot's joints (joint_state_broadcaster, joint_state_publisher): while joints named in
   * audio.motion_joints move, such as a head that turns, the barge-in is milder as for cmd_vel.
   */
  public static final TopicSpec<sensor_msgs.msg.dds.JointState> JOINT_STATES =
      TopicSpec.of("joint_states", sensor_msgs.msg.dds.JointState.class, QosProfile.SENSOR_DATA);
  public static final TopicSpec<Clock> CLOCK = TopicSpec.of("/clock", Clock.class, QosProfile.CLOCK);

  public static final TopicSpec<AudioDataStamped> SPEECH = TopicSpec.of("~/speech", AudioDataStamped.class, QosProfile.RELIABLE);
  public static final TopicSpec<SpeechSegment> SPEECH_SEGMENTS =
      TopicSpec.of("~/speech/segments", SpeechSegment.class, QosProfile.RELIABLE);
  public static final TopicSpec<AudioInfo> SPEECH_INFO = TopicSpec.of("~/speech/info", AudioInfo.class, QosProfile.LATCHED);
  public static final TopicSpec<Transcript> TRANSCRIPT = TopicSpec.of("~/transcript", Transcript.class, QosProfile.RELIABLE);
  public static final TopicSpec<ProactiveEvent> EVENTS = TopicSpec.of("~/events", ProactiveEvent.class, QosProfile.EVENTS);
  public static final TopicSpec<State> STATE = TopicSpec.of("~/state", State.class, QosProfile.STATE);
  public static final TopicSpec<WatchList> WATCHES = TopicSpec.of("~/watches", WatchList.class, QosProfile.LATCHED);
  public static final TopicSpec<CommandReply> REPLY = TopicSpec.of("~/reply", CommandReply.class, QosProfile.EVENTS);
  public static final TopicSpec<UserSpeech> USER_SPEECH = TopicSpec.of("~/user_speech", UserSpeech.class, QosProfile.EVENTS);
  public static final TopicSpec<DiagnosticArray> DIAGNOSTICS =
      TopicSpec.of("/diagnostics", DiagnosticArray.class, QosProfile.RELIABLE);
  public static final TopicSpec<rcl_interfaces.msg.dds.Log> ROSOUT =
      TopicSpec.of("/rosout", rcl_interfaces.msg.dds.Log.class, QosProfile.ROSOUT);

  /** Topics the node subscribes to (the audio types, and the cmd_vel types, are alternatives chosen by parameter). */
  public static List<TopicSpec<?>> inputs() {
    return List.of(IMAGE, COMPRESSED_IMAGE, AUDIO, AUDIO_STAMPED, AUDIO_INT16, AUDIO_INFO, FAR_END, WATCH, FORCE_LISTEN,
        CLOCK, MUTE, SAY, CONTEXT, RESET, CMD_VEL, CMD_VEL_STAMPED, JOINT_STATES);
  }

  public static List<TopicSpec<?>> outputs() {
    return List.of(SPEECH, SPEECH_SEGMENTS, SPEECH_INFO, TRANSCRIPT, EVENTS, STATE, WATCHES, REPLY, USER_SPEECH, DIAGNOSTICS, ROSOUT);
  }
}
