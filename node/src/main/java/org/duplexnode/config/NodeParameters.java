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
  public static final String MODEL_SYSTEM_PROMPT = "model.system_prompt";
  public static final String MODEL_VOICE_PROMPT = "model.voice_prompt";
  public static final String MODEL_LANGUAGE = "model.language";
  public static final String MODEL_SLIDING_WINDOW = "model.sliding_window";
  public static final String MODEL_CONTEXT_MAX_UNITS = "model.context_max_units";
  public static final String MODEL_CONTEXT_PREVIOUS_MAX_TOKENS = "model.context_previous_max_tokens";
  public static final String UNIT_TIMEOUT_S = "model.unit_timeout_s";
  public static final String MODEL_MAX_FAILED_UNITS = "model.max_failed_units";
  public static final String DIAGNOSTICS_PERIOD_S = "diagnostics.period_s";
  public static final String NO_PUBLISHER_WARNING_S = "diagnostics.no_publisher_warning_s";
  public static final String QOS_CHECK = "diagnostics.qos_check";
  public static final String DDS_INTERFACES = "dds.interfaces";
  public static final String DDS_ROS_DISTRO = "dds.ros_distro";
  public static final String SELF_VOICE = "audio.self_voice";
  public static final String SELF_VOICE_ATTENUATION_DB = "audio.self_voice_attenuation_db";
  public static final String ECHO_CANCEL = "audio.echo_cancel";
  public static final String BARGE_IN = "audio.barge_in";
  public static final String BARGE_IN_DUCK_DB = "audio.barge_in_duck_db";
  public static final String BARGE_IN_LISTEN_MS = "audio.barge_in_listen_ms";
  public static final String BARGE_IN_WHILE_MOVING = "audio.barge_in_while_moving";
  public static final String MOTION_HOLD_S = "audio.motion_hold_s";
  public static final String MOTION_MESSAGE_TYPE = "audio.motion_message_type";
  public static final String MOTION_JOINTS = "audio.motion_joints";
  public static final String MOTION_JOINT_TOLERANCE = "audio.motion_joint_tolerance";
  public static final String ECHO_FILTER_MS = "audio.echo_filter_ms";
  public static final String ECHO_DELAY_MS = "audio.echo_delay_ms";
  public static final String ECHO_REFERENCE = "audio.echo_reference";
  public static final String ECHO_SUPPRESS = "audio.echo_suppress";
  public static final String ECHO_DELAY_TRACKING = "audio.echo_delay_tracking";
  public static final String FAR_END_SAMPLE_RATE = "audio.far_end_sample_rate";
  public static final String PROACTIVE_WINDOW_S = "outputs.proactive_window_s";
  public static final String KIND_RULES_FILE = "outputs.kind_rules_file";
  public static final String LOCAL_SPEAKER = "audio.local_speaker";
  public static final String LOCAL_MICROPHONE = "audio.local_microphone";
  public static final String LOCAL_SPEAKER_DEVICE = "audio.local_speaker_device";
  public static final String LOCAL_SPEAKER_BUFFER_MS = "audio.local_speaker_buffer_ms";
  public static final String LOCAL_SPEAKER_VOLUME_DB = "audio.local_speaker_volume_db";
  public static final String LOCAL_MICROPHONE_DEVICE = "audio.local_microphone_device";
  public static final String LOCAL_MICROPHONE_BUFFER_MS = "audio.local_microphone_buffer_ms";
  public static final String MQTT_ENABLED = "mqtt.enabled";
  public static final String MQTT_URL = "mqtt.url";
  public static final String MQTT_PROTOCOL = "mqtt.protocol";
  public static final String MQTT_CLIENT_ID = "mqtt.client_id";
  public static final String MQTT_ROBOT_ID = "mqtt.robot_id";
  public static final String MQTT_TOPIC_PREFIX = "mqtt.topic_prefix";
  public static final String MQTT_USERNAME = "mqtt.username";
  public static final String MQTT_PASSWORD = "mqtt.password";
  public static final String MQTT_PASSWORD_FILE = "mqtt.password_file";
  public static final String MQTT_TLS_CA_FILE = "mqtt.tls.ca_file";
  public static final String MQTT_TLS_CERT_FILE = "mqtt.tls.cert_file";
  public static final String MQTT_TLS_KEY_FILE = "mqtt.tls.key_file";
  public static final String MQTT_QOS = "mqtt.qos";
  public static final String MQTT_KEEPALIVE_S = "mqtt.keepalive_s";
  public static final String MQTT_RECONNECT_MIN_S = "mqtt.reconnect_min_s";
  public static final String MQTT_RECONNECT_MAX_S = "mqtt.reconnect_max_s";
  public static final String MQTT_OUTBOX_DIR = "mqtt.outbox.dir";
  public static final String MQTT_OUTBOX_MAX_EVENTS = "mqtt.outbox.max_events";
  public static final String MQTT_OUTBOX_MAX_BYTES = "mqtt.outbox.max_bytes";
  public static final String MQTT_INBOUND_MAX_PAYLOAD_BYTES = "mqtt.inbound.max_payload_bytes";
  public static final String MQTT_INBOUND_MAX_RATE = "mqtt.inbound.max_rate";

  public static List<ParameterDeclaration> all() {
    List<ParameterDeclaration> all = new java.util.ArrayList<>(List.of(
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
        ParameterDeclaration.of(ECHO_CANCEL, STRING, "off",
                "Acoustic echo cancellation of the node's own speech on the microphone: off, or speex (SpeexDSP, "
                    + "libspeexdsp1), with audio.echo_reference as the far end.")
            .oneOf("off", "speex"),
        ParameterDeclaration.of(BARGE_IN, STRING, "auto",
                "When the user starts speaking over the local speaker: stop (silence the utterance at once; see "
                    + "audio.barge_in_listen_ms), duck (play "
                    + "its rest audio.barge_in_duck_db lower) or off; auto is stop with audio.echo_cancel speex, else off.")
            .oneOf("auto", "stop", "duck", "off"),
        ParameterDeclaration.of(BARGE_IN_DUCK_DB, DOUBLE, 20.0,
                "How much lower the local speaker plays the rest of an utterance the user spoke over (dB, duck).")
            .must("between 0 and 120", v -> (Double) v >= 0 && (Double) v <= 120),
        ParameterDeclaration.of(BARGE_IN_LISTEN_MS, INTEGER, 1000,
                "How long an utterance the user's voice stopped (or ducked) waits for that voice to go on once "
                    + "the robot's echo has died away; if it does not, and the model's unit that heard the voice "
                    + "still speaks it, the utterance resumes where it stopped (or plays at its level again): its "
                    + "own echo, through a path that changed, was taken for the user. A model that ended the "
                    + "utterance on the voice keeps it stopped. 0: a stop drops the utterance at once (ms).")
            .must("0, or between 300 and 5000", v -> (Long) v == 0 || (Long) v >= 300 && (Long) v <= 5000),
        ParameterDeclaration.of(BARGE_IN_WHILE_MOVING, STRING, "duck",
                "The local speaker's barge-in at most this while cmd_vel says the robot moves and audio.motion_hold_s "
                    + "after (its echo path changes and the echo may be taken for the user): duck, off, or stop "
                    + "(as audio.barge_in; cmd_vel is not read).")
            .oneOf("stop", "duck", "off"),
        ParameterDeclaration.of(MOTION_HOLD_S, DOUBLE, 12.0,
                "How long after the last moving cmd_vel the robot still counts as moving: the echo canceller "
                    + "learns the changed echo path meanwhile (s).")
            .must("between 0 and 60", v -> (Double) v >= 0 && (Double) v <= 60),
        ParameterDeclaration.of(MOTION_MESSAGE_TYPE, STRING, "twist",
                "Message type on cmd_vel: twist (geometry_msgs/Twist) or twist_stamped (geometry_msgs/TwistStamped, "
                    + "as ros2_control's diff_drive_controller takes from Jazzy).")
            .oneOf("twist", "twist_stamped"),
        ParameterDeclaration.of(MOTION_JOINTS, STRING_ARRAY, List.of(),
                "Joints (names in joint_states) whose motion changes the echo path, such as a head's pan and tilt "
                    + "or wheels driven without cmd_vel: while one moves, and audio.motion_hold_s after, the barge-in "
                    + "is at most audio.barge_in_while_moving as for cmd_vel. Empty: joint_states is not read."),
        ParameterDeclaration.of(MOTION_JOINT_TOLERANCE, DOUBLE, 0.01,
                "How far a joint of audio.motion_joints may move and still stand (rad, or m for a prismatic joint; "
                    + "per second for a joint_states publisher of velocities alone).")
            .must("between 0.0001 and 10", v -> (Double) v >= 0.0001 && (Double) v <= 10),
        ParameterDeclaration.of(ECHO_REFERENCE, STRING, "auto",
                "Far end of the echo canceller: speaker (what audio.local_speaker played, delay audio.echo_delay_ms), "
                    + "published (~/speech as another node plays it, delay estimated within 0-500 ms and tracked), "
                    + "topic (audio/far_end: what the robot's player plays, delay estimated; in a replay, the far end "
                    + "recorded in the bag), or auto (speaker when audio.local_speaker is true, else published; "
                    + "topic in a replay).")
            .oneOf("auto", "speaker", "published", "topic"),
        ParameterDeclaration.of(FAR_END_SAMPLE_RATE, INTEGER, 24000,
                "Sample rate of audio/far_end (S16LE mono; 24000 is ~/speech's), with audio.echo_reference topic.")
            .must("between 8000 and 48000", v -> (Long) v >= 8000 && (Long) v <= 48000),
        // 500: a 300 ms filter leaves enough of a 0.8 s room's tail for the voice detector to take the
        // robot for the user again and again (docs/benchmarks.md); 500 is learnt within seconds of speech.
        ParameterDeclaration.of(ECHO_FILTER_MS, INTEGER, 500,
                "Echo path the canceller models (ms): the delay left after audio.echo_delay_ms plus the room's tail.")
            .must("between 20 and 1000", v -> (Long) v >= 20 && (Long) v <= 1000),
        // On: the canceller alone leaves 25-38 dB under the echo, which the model hears as a faint
        // robot; the suppressor silences echo alone and keeps a voice over it within 1-2 dB.
        ParameterDeclaration.of(ECHO_SUPPRESS, BOOL, true,
                "With audio.echo_cancel: suppress the echo the canceller leaves, bin by bin, so that the voice "
                    + "detector and the model hear silence where only the robot's echo was, and a voice over it."),
        // Off: the generated rooms' figures are with a fixed delay; `duplex-node audio check` measures the
        // skew between the local speaker's and the microphone's clocks and says when to turn it on.
        ParameterDeclaration.of(ECHO_DELAY_TRACKING, BOOL, false,
                "With the local speaker: follow the echo delay as estimated from the signals, starting at "
                    + "audio.echo_delay_ms, and the skew between the speaker's and the microphone's clocks (a speaker "
                    + "and a microphone on different sound cards), as the published reference does."),
        ParameterDeclaration.of(ECHO_DELAY_MS, INTEGER, 0,
                "How much later than its playback time the microphone hears the local speaker (ms); the self-voice "
                    + "gate also stays closed this long after the last sample played. With the published reference: "
                    + "the alignment until the delay is estimated.")
            .must("between 0 and 1000", v -> (Long) v >= 0 && (Long) v <= 1000),
        ParameterDeclaration.of(PROACTIVE_WINDOW_S, DOUBLE, 3.0,
                "An utterance is unprompted (proactive) when the user was not heard for this long before it started (s);"
                    + " one about an armed watch is proactive whatever the user did.")
            .must("between 0 and 60", v -> (Double) v >= 0 && (Double) v <= 60),
        ParameterDeclaration.of(KIND_RULES_FILE, STRING, "",
            "YAML file mapping event text to typed kinds (rules: [{match: REGEX, kind: NAME}]); empty for none."),
        ParameterDeclaration.of(LOCAL_SPEAKER, BOOL, false,
            "Also play ~/speech on this computer's default audio output (robots without an audio node)."),
        ParameterDeclaration.of(LOCAL_MICROPHONE, BOOL, false,
            "Take the microphone from this computer's default audio input instead of audio/in."),
        ParameterDeclaration.of(LOCAL_SPEAKER_DEVICE, STRING, "",
            "Sound device of the local speaker: any part of its Java Sound name (ALSA PCM); empty for the default."),
        ParameterDeclaration.of(LOCAL_SPEAKER_BUFFER_MS, INTEGER, 500,
                "Buffer of the local speaker's line (ms): longer survives a busier computer, shorter stops sooner at a barge-in.")
            .must("between 20 and 5000", v -> (Long) v >= 20 && (Long) v <= 5000),
        ParameterDeclaration.of(LOCAL_SPEAKER_VOLUME_DB, DOUBLE, 0.0,
                "Loudness of the local speaker's speech (dB; 0 plays it as the model made it). Applied before the "
                    + "echo canceller's reference, so a change while the node runs is not an echo path change, "
                    + "as a change of the sound card's mixer is.")
            .must("between -60 and 0", v -> (Double) v >= -60 && (Double) v <= 0),
        ParameterDeclaration.of(LOCAL_MICROPHONE_DEVICE, STRING, "",
            "Sound device of the local microphone: any part of its Java Sound name (ALSA PCM); empty for the default."),
        ParameterDeclaration.of(LOCAL_MICROPHONE_BUFFER_MS, INTEGER, 400,
                "Buffer of the local microphone's line (ms); audio is lost when the node reads later than this.")
            .must("between 100 and 5000", v -> (Long) v >= 100 && (Long) v <= 5000),
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
        ParameterDeclaration.of(MODEL_SYSTEM_PROMPT, STRING, "",
            "Text of the system prompt; empty for the package's default (\"Streaming Omni Conversation.\")."),
        ParameterDeclaration.of(MODEL_LANGUAGE, STRING, "auto",
                "Language of the instruction that asks the model to watch: en, zh, or auto (the system prompt's "
                    + "script: Chinese when it has more Han characters than Latin letters).")
            .oneOf("auto", "en", "zh"),
        ParameterDeclaration.of(MODEL_VOICE_PROMPT, STRING, "",
            "WAV file whose voice the model is told to speak with (at most 60 s); empty for none."),
        ParameterDeclaration.of(MODEL_SLIDING_WINDOW, STRING, "basic",
                "How old units leave the LLM cache: basic (forget) or context (keep what was said as text).")
            .oneOf("basic", "context"),
        ParameterDeclaration.of(MODEL_CONTEXT_MAX_UNITS, INTEGER, 24, "Context window: units kept in the cache.")
            .must("between 1 and 1000", v -> (Long) v >= 1 && (Long) v <= 1000),
        ParameterDeclaration.of(MODEL_CONTEXT_PREVIOUS_MAX_TOKENS, INTEGER, 500,
                "Context window: tokens of earlier speech kept as text in the system prompt.")
            .must("between 0 and 2000", v -> (Long) v >= 0 && (Long) v <= 2000),
        ParameterDeclaration.of(UNIT_TIMEOUT_S, DOUBLE, 5.0,
                "A unit the model takes longer than this on is reported as stuck on /diagnostics (ERROR) while it "
                    + "runs and its late output is discarded (s).")
            .must("between 1 and 600", v -> (Double) v >= 1 && (Double) v <= 600),
        ParameterDeclaration.of(MODEL_MAX_FAILED_UNITS, INTEGER, 10,
                "After this many units in a row fail in the model (threw or ran past model.unit_timeout_s) the "
                    + "model has failed: the node exits with code 3 (a supervisor restarts it).")
            .must("between 1 and 3600", v -> (Long) v >= 1 && (Long) v <= 3600),
        ParameterDeclaration.of(DIAGNOSTICS_PERIOD_S, DOUBLE, 1.0, "Period of /diagnostics (s).")
            .must("between 0.1 and 60", v -> (Double) v >= 0.1 && (Double) v <= 60),
        ParameterDeclaration.of(NO_PUBLISHER_WARNING_S, DOUBLE, 5.0,
                "Warn (log and diagnostics) when an input has had no matched publisher for this long (s).")
            .must("positive", v -> (Double) v > 0),
        ParameterDeclaration.of(QOS_CHECK, BOOL, true,
            "Watch DDS discovery (CycloneDDS's libddsc) for endpoints on the node's topics whose QoS cannot "
                + "match, and report them (log and diagnostics)."),
        ParameterDeclaration.of(DDS_INTERFACES, STRING_ARRAY, List.of(),
            "IP addresses DDS may use (e.g. ['127.0.0.1']); empty for all interfaces."),
        ParameterDeclaration.of(DDS_ROS_DISTRO, STRING, "",
            "The robot's ROS 2 distribution, whose ros_discovery_info layout the node speaks (humble: 24-byte "
                + "gids; iron and later: 16); empty for the environment's ROS_DISTRO, else jazzy's.")
            .must("a ROS 2 distribution name (letters)", v -> ((String) v).matches("[A-Za-z]*"))));
    all.addAll(mqtt());
    return List.copyOf(all);
  }

  /** The MQTT bridge (docs/interfaces.md, "MQTT"). */
  private static List<ParameterDeclaration> mqtt() {
    return List.of(
        ParameterDeclaration.of(MQTT_ENABLED, BOOL, false,
            "Bridge events, transcripts, state and watches to an MQTT broker, and take commands from it."),
        ParameterDeclaration.of(MQTT_URL, STRING, "tcp://127.0.0.1:1883",
                "Broker address: tcp://HOST:PORT, or ssl://HOST:PORT for TLS.")
            .must("a tcp:// or ssl:// URL", v -> ((String) v).matches("(tcp|ssl)://[^/\\s]+(:\\d+)?")),
        ParameterDeclaration.of(MQTT_PROTOCOL, INTEGER, 5, "MQTT protocol version: 5 or 3 (3.1.1).")
            .must("5 or 3", v -> (Long) v == 5 || (Long) v == 3),
        ParameterDeclaration.of(MQTT_CLIENT_ID, STRING, "",
            "MQTT client id; empty for duplex-node-ROBOT_ID."),
        ParameterDeclaration.of(MQTT_ROBOT_ID, STRING, "robot",
                "This robot's id in topics and payloads.")
            .must("1..64 characters without / + # or spaces", v -> ((String) v).matches("[^/+#\\s]{1,64}")),
        ParameterDeclaration.of(MQTT_TOPIC_PREFIX, STRING, "robots/{robot_id}/duplex",
                "Topic prefix; {robot_id} is replaced by mqtt.robot_id.")
            .must("non-empty, without + or # and without a leading or trailing /",
                v -> ((String) v).matches("[^+#/][^+#]*") && !((String) v).endsWith("/")),
        ParameterDeclaration.of(MQTT_USERNAME, STRING, "", "User name; empty for none."),
        ParameterDeclaration.of(MQTT_PASSWORD, STRING, "",
            "Password (prefer mqtt.password_file); never logged."),
        ParameterDeclaration.of(MQTT_PASSWORD_FILE, STRING, "",
            "File whose first line is the password; empty for none."),
        ParameterDeclaration.of(MQTT_TLS_CA_FILE, STRING, "",
            "PEM file of the CA(s) that signed the broker's certificate; empty for the JVM's trust store."),
        ParameterDeclaration.of(MQTT_TLS_CERT_FILE, STRING, "",
            "PEM client certificate (chain) for mutual TLS; empty for none."),
        ParameterDeclaration.of(MQTT_TLS_KEY_FILE, STRING, "",
            "PEM PKCS#8 private key of the client certificate (unencrypted); never logged."),
        ParameterDeclaration.of(MQTT_QOS, INTEGER, 1, "QoS of events and transcripts: 1 or 2.")
            .must("1 or 2", v -> (Long) v == 1 || (Long) v == 2),
        ParameterDeclaration.of(MQTT_KEEPALIVE_S, INTEGER, 30, "MQTT keep-alive interval (s).")
            .must("between 5 and 3600", v -> (Long) v >= 5 && (Long) v <= 3600),
        ParameterDeclaration.of(MQTT_RECONNECT_MIN_S, DOUBLE, 0.5,
                "First wait before reconnecting (s); doubles per failed attempt.")
            .must("between 0.05 and 60", v -> (Double) v >= 0.05 && (Double) v <= 60),
        ParameterDeclaration.of(MQTT_RECONNECT_MAX_S, DOUBLE, 30.0, "Longest wait between reconnect attempts (s).")
            .must("between 0.05 and 3600", v -> (Double) v >= 0.05 && (Double) v <= 3600),
        ParameterDeclaration.of(MQTT_OUTBOX_DIR, STRING, "",
            "Folder of the on-disk outbox; empty for $ROS_HOME (or ~/.ros)/duplex_node/mqtt_outbox/ROBOT_ID."),
        ParameterDeclaration.of(MQTT_OUTBOX_MAX_EVENTS, INTEGER, 100000,
                "Messages the outbox keeps while the broker is away; beyond, the oldest is dropped and counted.")
            .must("between 1 and 10000000", v -> (Long) v >= 1 && (Long) v <= 10_000_000),
        ParameterDeclaration.of(MQTT_OUTBOX_MAX_BYTES, INTEGER, 67108864,
                "Bytes of payload the outbox keeps; beyond, the oldest is dropped and counted.")
            .must("between 65536 and 4294967296", v -> (Long) v >= 65536 && (Long) v <= 4_294_967_296L),
        ParameterDeclaration.of(MQTT_INBOUND_MAX_PAYLOAD_BYTES, INTEGER, 8192,
                "Largest command payload accepted; larger ones are rejected (bytes).")
            .must("between 256 and 1048576", v -> (Long) v >= 256 && (Long) v <= 1_048_576),
        ParameterDeclaration.of(MQTT_INBOUND_MAX_RATE, DOUBLE, 10.0,
                "Commands accepted per second (bursts up to the same number); more are rejected.")
            .must("between 0.1 and 10000", v -> (Double) v >= 0.1 && (Double) v <= 10_000));
  }
}
