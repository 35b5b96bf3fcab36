package org.duplexnode.sinks;

import java.util.function.Consumer;
import org.duplexnode.mqtt.MqttBridge;
import org.duplexnode.mqtt.MqttTopics;
import org.duplexnode.mqtt.PayloadCodec;
import org.duplexnode.outputs.OutputEvent;
import org.duplexnode.outputs.ProactiveAlert;
import org.duplexnode.outputs.SpeechChunk;
import org.duplexnode.outputs.StateUpdate;
import org.duplexnode.outputs.TranscriptUpdate;
import org.duplexnode.outputs.WatchListChanged;

/**
 * Outputs to MQTT, with the ids, stamps, frame ids and text bounds of the ROS messages that
 * {@link MessageSink} makes from the same events. Events and transcripts go through the bridge's
 * outbox (at least once, in order); state and the watch list are retained latest values. Speech
 * audio is not forwarded (24 kHz PCM at 48 kB/s is no payload for a fleet broker; ~/speech has it).
 *
 * <p>Runs on the model thread and only encodes and appends: it never waits for the broker.
 */
public final class MqttSink implements Consumer<OutputEvent> {
  private final MqttBridge bridge;
  private final MqttTopics topics;
  private final PayloadCodec codec;
  private final String microphoneFrame;

  public MqttSink(MqttBridge bridge, String microphoneFrame) {
    this.bridge = bridge;
    this.topics = bridge.topics();
    this.codec = bridge.codec();
    this.microphoneFrame = microphoneFrame;
  }

  @Override
  public void accept(OutputEvent e) {
    // Java 17: no pattern switch yet; the sealed interface keeps this list complete.
    if (e instanceof ProactiveAlert a) {
      ProactiveAlert clipped = new ProactiveAlert(a.eventId(), MessageSink.clip(a.kind(), 64),
          MessageSink.clip(a.text(), 65536), MessageSink.clip(a.watchId(), 64),
          MessageSink.clip(a.watchCondition(), 1024), a.utteranceId(), a.unitIndex(), a.frameId(), a.frameStampNs(),
          a.audioStampNs(), a.latencyS());
      String frame = a.frameId().isEmpty() ? microphoneFrame : a.frameId();
      bridge.enqueue(topics.events(), seq -> codec.event(clipped, frame, seq));
    } else if (e instanceof TranscriptUpdate t) {
      TranscriptUpdate clipped = new TranscriptUpdate(t.utteranceId(), t.unitIndex(), t.stampNs(),
          MessageSink.clip(t.text(), 1024), MessageSink.clip(t.textSoFar(), 65536), t.isFinal(), t.proactive(),
          t.interrupted(), t.audioStartNs(), t.audioEndNs());
      bridge.enqueue(topics.transcript(), seq -> codec.transcript(clipped, microphoneFrame, seq));
    } else if (e instanceof StateUpdate s) {
      bridge.setLatest(topics.state(), codec.state(s, microphoneFrame), 0);
    } else if (e instanceof WatchListChanged w) {
      bridge.setLatest(topics.watches(), codec.watches(w), 1);
    } else if (e instanceof SpeechChunk) {
      return; // audio stays on ROS (~/speech)
    }
  }
}
