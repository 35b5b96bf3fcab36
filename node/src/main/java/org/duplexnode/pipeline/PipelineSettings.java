package org.duplexnode.pipeline;

import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.ingest.SelfVoiceGate;
import org.duplexnode.outputs.KindRules;
import org.duplexnode.outputs.WatchLanguage;
import org.duplexnode.session.QueuePolicy;

/**
 * How the conversation pipeline runs, from the node's parameters.
 *
 * @param watchLanguage the language of the instructions that ask the model to watch
 */
public record PipelineSettings(QueuePolicy queuePolicy, int queueCapacity, double maxFrameAgeS,
                               SelfVoiceGate.Mode selfVoice, double selfVoiceAttenuationDb, double proactiveWindowS,
                               KindRules kinds, String cameraFrame, String microphoneFrame, String speakerFrame,
                               double unitTimeoutS, int maxFailedUnits, WatchLanguage watchLanguage) {
  /** The default unit time limit, {@value} s: five times the per-unit budget. */
  public static final double DEFAULT_UNIT_TIMEOUT_S = 5.0;
  /**
   * The default number of units failing in a row after which the model has failed, {@value}: ten
   * seconds of input, long enough to ride out a unit that fails now and then, short enough for a
   * supervisor to restart a dead model soon.
   */
  public static final int DEFAULT_MAX_FAILED_UNITS = 10;

  public PipelineSettings(QueuePolicy queuePolicy, int queueCapacity, double maxFrameAgeS, SelfVoiceGate.Mode selfVoice,
                          double selfVoiceAttenuationDb, double proactiveWindowS, KindRules kinds, String cameraFrame,
                          String microphoneFrame, String speakerFrame, double unitTimeoutS, int maxFailedUnits) {
    this(queuePolicy, queueCapacity, maxFrameAgeS, selfVoice, selfVoiceAttenuationDb, proactiveWindowS, kinds,
        cameraFrame, microphoneFrame, speakerFrame, unitTimeoutS, maxFailedUnits, WatchLanguage.EN);
  }

  public PipelineSettings(QueuePolicy queuePolicy, int queueCapacity, double maxFrameAgeS, SelfVoiceGate.Mode selfVoice,
                          double selfVoiceAttenuationDb, double proactiveWindowS, KindRules kinds, String cameraFrame,
                          String microphoneFrame, String speakerFrame) {
    this(queuePolicy, queueCapacity, maxFrameAgeS, selfVoice, selfVoiceAttenuationDb, proactiveWindowS, kinds,
        cameraFrame, microphoneFrame, speakerFrame, DEFAULT_UNIT_TIMEOUT_S, DEFAULT_MAX_FAILED_UNITS);
  }

  public static PipelineSettings from(ParameterSet p) {
    return new PipelineSettings(
        p.getString(NodeParameters.QUEUE_POLICY).equals("block") ? QueuePolicy.BLOCK : QueuePolicy.DROP_OLDEST,
        p.getInt(NodeParameters.QUEUE_CAPACITY), p.getDouble(NodeParameters.MAX_FRAME_AGE_S),
        SelfVoiceGate.Mode.valueOf(p.getString(NodeParameters.SELF_VOICE).toUpperCase(java.util.Locale.ROOT)),
        p.getDouble(NodeParameters.SELF_VOICE_ATTENUATION_DB), p.getDouble(NodeParameters.PROACTIVE_WINDOW_S),
        p.getString(NodeParameters.KIND_RULES_FILE).isBlank() ? KindRules.none()
            : KindRules.load(java.nio.file.Path.of(p.getString(NodeParameters.KIND_RULES_FILE))),
        p.getString(NodeParameters.CAMERA_FRAME), p.getString(NodeParameters.MICROPHONE_FRAME),
        p.getString(NodeParameters.SPEAKER_FRAME), p.getDouble(NodeParameters.UNIT_TIMEOUT_S),
        p.getInt(NodeParameters.MODEL_MAX_FAILED_UNITS),
        WatchLanguage.of(p.getString(NodeParameters.MODEL_LANGUAGE), p.getString(NodeParameters.MODEL_SYSTEM_PROMPT)));
  }

  /** The same settings with another unit time limit. */
  public PipelineSettings withUnitTimeoutS(double value) {
    return new PipelineSettings(queuePolicy, queueCapacity, maxFrameAgeS, selfVoice, selfVoiceAttenuationDb,
        proactiveWindowS, kinds, cameraFrame, microphoneFrame, speakerFrame, value, maxFailedUnits, watchLanguage);
  }

  /** The same settings with another number of failed units in a row after which the model has failed. */
  public PipelineSettings withMaxFailedUnits(int value) {
    return new PipelineSettings(queuePolicy, queueCapacity, maxFrameAgeS, selfVoice, selfVoiceAttenuationDb,
        proactiveWindowS, kinds, cameraFrame, microphoneFrame, speakerFrame, unitTimeoutS, value, watchLanguage);
  }

  /** Replay runs block instead of dropping, so the same bag always gives the same units. */
  public PipelineSettings forReplay() {
    return new PipelineSettings(QueuePolicy.BLOCK, queueCapacity, maxFrameAgeS, selfVoice, selfVoiceAttenuationDb,
        proactiveWindowS, kinds, cameraFrame, microphoneFrame, speakerFrame, unitTimeoutS, maxFailedUnits, watchLanguage);
  }
}
