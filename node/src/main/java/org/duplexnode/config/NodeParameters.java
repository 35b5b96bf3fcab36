package org.duplexnode.config;

import static org.duplexnode.config.ParameterType.BOOL;
import static org.duplexnode.config.ParameterType.DOUBLE;
import static org.duplexnode.config.ParameterType.INTEGER;
import static org.duplexnode.config.ParameterType.STRING;
import static org.duplexnode.config.ParameterType.STRING_ARRAY;

import java.util.List;

/**
 * Every parameter of the node, declared once with its type, default, description and rule.
 * launch/duplex_node.params.yaml and docs/interfaces.md list the same set; a test keeps them in
 * step.
 */
public final class NodeParameters {
  private NodeParameters() {}

  public static final String USE_SIM_TIME = "use_sim_time";
  public static final String CAMERA_FRAME = "frames.camera";
  public static final String MICROPHONE_FRAME = "frames.microphone";
  public static final String SPEAKER_FRAME = "frames.speaker";
  public static final String AUDIO_MESSAGE_TYPE = "audio.message_type";
  public static final String AUDIO_SAMPLE_RATE = "audio.sample_rate";
  public static final String AUDIO_CHANNELS = "audio.channels";
  public static final String AUDIO_SAMPLE_FORMAT = "audio.sample_format";
  public static final String CAMERA_SUBSCRIBE_RAW = "camera.subscribe_raw";
  public static final String CAMERA_SUBSCRIBE_COMPRESSED = "camera.subscribe_compressed";
  public static final String MAX_FRAME_AGE_S = "session.max_frame_age_s";
  public static final String QUEUE_POLICY = "session.queue_policy";
  public static final String QUEUE_CAPACITY = "session.queue_capacity";
  public static final String MODEL_PACKAGE = "model.package";
  public static final String UNIT_TIMEOUT_S = "model.unit_timeout_s";
  public static final String DIAGNOSTICS_PERIOD_S = "diagnostics.period_s";
  public static final String NO_PUBLISHER_WARNING_S = "diagnostics.no_publisher_warning_s";
  public static final String DDS_INTERFACES = "dds.interfaces";
  public static final String SELF_VOICE = "audio.self_voice";
  public static final String SELF_VOICE_ATTENUATION_DB = "audio.self_voice_attenuation_db";
  public static final String PROACTIVE_WINDOW_S = "outputs.proactive_window_s";
  public static final String KIND_RULES_FILE = "outputs.kind_rules_file";
  public static final String LOCAL_SPEAKER = "audio.local_speaker";
  public static final String LOCAL_MICROPHONE = "audio.local_microphone";

  public static List<ParameterDeclaration> all() {
    return List.of(
        ParameterDeclaration.of(USE_SIM_TIME, BOOL, false,
            "Take time from /clock instead of the system clock (bag replay, simulation)."),
        ParameterDeclaration.of(CAMERA_FRAME, STRING, "camera_color_optical_frame",
            "Frame id used when an image arrives without one (REP 103 optical frame)."),
        ParameterDeclaration.of(MICROPHONE_FRAME, STRING, "microphone_link",
            "Frame id of the microphone, stamped on transcripts and events without an image."),
        ParameterDeclaration.of(SPEAKER_FRAME, STRING, "speaker_link",
            "Frame id stamped on ~/speech."),
        ParameterDeclaration.of(AUDIO_MESSAGE_TYPE, STRING, "audio_common",
                "Message type on audio/in: audio_common (ros-drivers audio_common_msgs/AudioDataStamped + AudioInfo), "
                    + "audio_stamped (mgonzs13 audio_common_msgs/AudioStamped) or int16_multi_array (std_msgs/Int16MultiArray).")
            .oneOf("audio_common", "audio_stamped", "int16_multi_array"),
        ParameterDeclaration.of(AUDIO_SAMPLE_RATE, INTEGER, 16000,
                "Sample rate assumed until audio/in/info says otherwise (Hz).")
            .must("between 8000 and 192000", v -> (Long) v >= 8000 && (Long) v <= 192000),
        ParameterDeclaration.of(AUDIO_CHANNELS, INTEGER, 1,
                "Channel count assumed until audio/in/info says otherwise; channels are averaged to mono.")
            .must("between 1 and 32", v -> (Long) v >= 1 && (Long) v <= 32),
        ParameterDeclaration.of(AUDIO_SAMPLE_FORMAT, STRING, "S16LE",
                "Sample format assumed until audio/in/info says otherwise.")
            .oneOf("S16LE", "S32LE", "F32LE"),
        ParameterDeclaration.of(SELF_VOICE, STRING, "off",
                "While the node speaks: off (leave the microphone as it is; the robot cancels echo), gate "
                    + "(mute it) or attenuate (lower it by audio.self_voice_attenuation_db).")
            .oneOf("off", "gate", "attenuate"),
        ParameterDeclaration.of(SELF_VOICE_ATTENUATION_DB, DOUBLE, 20.0,
                "How far the microphone is lowered while the node speaks in attenuate mode (dB).")
            .must("between 0 and 120", v -> (Double) v >= 0 && (Double) v <= 120),
        ParameterDeclaration.of(PROACTIVE_WINDOW_S, DOUBLE, 3.0,
                "An utterance is proactive when the user was not heard for this long before it started (s).")
            .must("between 0 and 60", v -> (Double) v >= 0 && (Double) v <= 60),
        ParameterDeclaration.of(KIND_RULES_FILE, STRING, "",
            "YAML file mapping event text to typed kinds (rules: [{match: REGEX, kind: NAME}]); empty for none."),
        ParameterDeclaration.of(LOCAL_SPEAKER, BOOL, false,
            "Also play ~/speech on this computer's default audio output (robots without an audio node)."),
        ParameterDeclaration.of(LOCAL_MICROPHONE, BOOL, false,
            "Take the microphone from this computer's default audio input instead of audio/in."),
        ParameterDeclaration.of(CAMERA_SUBSCRIBE_RAW, BOOL, true, "Subscribe camera/image_raw."),
        ParameterDeclaration.of(CAMERA_SUBSCRIBE_COMPRESSED, BOOL, false,
            "Subscribe camera/image_raw/compressed (JPEG or PNG)."),
        ParameterDeclaration.of(MAX_FRAME_AGE_S, DOUBLE, 2.0,
                "A unit uses the newest frame stamped at or before its end if it is at most this old (s).")
            .must("positive", v -> (Double) v > 0),
        ParameterDeclaration.of(QUEUE_POLICY, STRING, "drop_oldest",
                "When the model falls behind: drop_oldest (live, bounded latency) or block (replay, deterministic).")
            .oneOf("drop_oldest", "block"),
        ParameterDeclaration.of(QUEUE_CAPACITY, INTEGER, 3, "Units that may wait for the model.")
            .must("between 1 and 64", v -> (Long) v >= 1 && (Long) v <= 64),
        ParameterDeclaration.of(MODEL_PACKAGE, STRING, "",
            "Folder of the model package (manifest.json); empty for the bundled tiny model."),
        ParameterDeclaration.of(UNIT_TIMEOUT_S, DOUBLE, 5.0,
                "A unit the model takes longer than this on is reported as stuck on /diagnostics (ERROR) while it "
                    + "runs and its late output is discarded (s).")
            .must("between 1 and 600", v -> (Double) v >= 1 && (Double) v <= 600),
        ParameterDeclaration.of(DIAGNOSTICS_PERIOD_S, DOUBLE, 1.0, "Period of /diagnostics (s).")
            .must("between 0.1 and 60", v -> (Double) v >= 0.1 && (Double) v <= 60),
        ParameterDeclaration.of(NO_PUBLISHER_WARNING_S, DOUBLE, 5.0,
                "Warn (log and diagnostics) when an input has had no matched publisher for this long (s).")
            .must("positive", v -> (Double) v > 0),
        ParameterDeclaration.of(DDS_INTERFACES, STRING_ARRAY, List.of(),
            "IP addresses DDS may use (e.g. ['127.0.0.1']); empty for all interfaces."));
  }
}
