package org.duplexnode.audio;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.ports.InputPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local speaker and microphone of {@code run} as its parameters ask. A device that cannot be
 * opened does not stop the node (its ROS topics still work): the error is logged and stays on
 * /diagnostics as an ERROR entry with the reason, counted once.
 */
public final class LocalAudio {
  private static final Logger LOG = LoggerFactory.getLogger(LocalAudio.class);

  private final ParameterSet params;
  private volatile LocalSpeaker speaker;
  private volatile LocalMicrophone microphone;
  private volatile LocalAudioHealth speakerFailure;
  private volatile LocalAudioHealth microphoneFailure;

  public LocalAudio(ParameterSet params) {
    this.params = params;
  }

  public boolean enabled() {
    return params.getBool(NodeParameters.LOCAL_SPEAKER) || params.getBool(NodeParameters.LOCAL_MICROPHONE);
  }

  /** The speaker, or null where it is off or its device failed. */
  public LocalSpeaker openSpeaker() {
    if (!params.getBool(NodeParameters.LOCAL_SPEAKER)) {
      return null;
    }
    String device = params.getString(NodeParameters.LOCAL_SPEAKER_DEVICE);
    try {
      speaker = LocalSpeaker.open(device, (int) params.getLong(NodeParameters.LOCAL_SPEAKER_BUFFER_MS));
      speaker.volumeDb(params.getDouble(NodeParameters.LOCAL_SPEAKER_VOLUME_DB));
      return speaker;
    } catch (IllegalStateException e) {
      LOG.error("{}; the node runs without it", e.getMessage());
      speakerFailure = LocalAudioHealth.unavailable("speaker", device, e.getMessage());
      return null;
    }
  }

  /**
   * What applies each parameter of {@code speaker} that may change while the node runs
   * (~/set_parameters): the barge-in's, as {@code bargeIn} applies them, and
   * {@code audio.local_speaker_volume_db}, read from {@code params}; none without a speaker.
   */
  public static Map<String, Consumer<Object>> changeable(LocalSpeaker speaker, Map<String, Consumer<Object>> bargeIn,
                                                         ParameterSet params) {
    if (speaker == null) {
      return Map.of();
    }
    Map<String, Consumer<Object>> all = new HashMap<>(bargeIn);
    all.put(NodeParameters.LOCAL_SPEAKER_VOLUME_DB,
        value -> speaker.volumeDb(params.getDouble(NodeParameters.LOCAL_SPEAKER_VOLUME_DB)));
    return all;
  }

  /** The microphone (not started), or null where it is off or its device failed. */
  public LocalMicrophone openMicrophone(InputPort listener, LongSupplier clockNs) {
    if (!params.getBool(NodeParameters.LOCAL_MICROPHONE)) {
      return null;
    }
    String device = params.getString(NodeParameters.LOCAL_MICROPHONE_DEVICE);
    try {
      microphone = LocalMicrophone.open(device, (int) params.getLong(NodeParameters.LOCAL_MICROPHONE_BUFFER_MS),
          listener, clockNs, params.getString(NodeParameters.MICROPHONE_FRAME));
      return microphone;
    } catch (IllegalStateException e) {
      LOG.error("{}; the node runs without it", e.getMessage());
      microphoneFailure = LocalAudioHealth.unavailable("microphone", device, e.getMessage());
      return null;
    }
  }

  public List<LocalAudioHealth> health() {
    List<LocalAudioHealth> all = new ArrayList<>();
    LocalSpeaker s = speaker;
    if (s != null) {
      all.add(s.health());
    } else if (speakerFailure != null) {
      all.add(speakerFailure);
    }
    LocalMicrophone m = microphone;
    if (m != null) {
      all.add(m.health());
    } else if (microphoneFailure != null) {
      all.add(microphoneFailure);
    }
    return all;
  }
}
