package org.duplexnode.mqtt;

import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.StateUpdate;
import org.duplexnode.ports.TextLimits;
import org.duplexnode.ports.TranscriptUpdate;
import org.duplexnode.ports.UserSpeechChange;
import org.duplexnode.ports.WatchListChanged;

/**
 * Outputs to MQTT, with the ids, stamps, frame ids and text bounds of the ROS messages that
 * the ROS adapter makes from the same events. Events and transcripts go through the bridge's
 * outbox (at least once, in order); state and the watch list are retained latest values. Speech
 * audio is not forwarded (24 kHz PCM at 48 kB/s is no payload for a fleet broker; ~/speech has it).
 *
 * <p>Runs on the outputs thread and only encodes and appends: it never waits for the broker.
 */
public final class MqttSink implements OutputPort {
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
  public void proactive(ProactiveAlert a) {
    ProactiveAlert clipped = new ProactiveAlert(a.eventId(), TextLimits.clip(a.kind(), 64),
        TextLimits.clip(a.text(), 65536), TextLimits.clip(a.watchId(), 64),
        TextLimits.clip(a.watchCondition(), 1024), a.utteranceId(), a.unitIndex(), a.frameId(), a.frameStampNs(),
        a.audioStampNs(), a.latencyS(), a.isFinal());
    String frame = a.frameId().isEmpty() ? microphoneFrame : a.frameId();
    bridge.enqueue(topics.events(), seq -> codec.event(clipped, frame, seq));
  }

  @Override
  public void transcript(TranscriptUpdate t) {
    TranscriptUpdate clipped = new TranscriptUpdate(t.utteranceId(), t.unitIndex(), t.stampNs(),
        TextLimits.clip(t.text(), 1024), TextLimits.clip(t.textSoFar(), 65536), t.isFinal(), t.proactive(),
        t.interrupted(), t.audioStartNs(), t.audioEndNs());
    bridge.enqueue(topics.transcript(), seq -> codec.transcript(clipped, microphoneFrame, seq));
  }

  @Override
  public void state(StateUpdate s) {
    bridge.setLatest(topics.state(), codec.state(s, microphoneFrame), 0);
  }

  @Override
  public void watches(WatchListChanged w) {
    bridge.setLatest(topics.watches(), codec.watches(w), 1);
  }

  /** Every command's answer, whichever transport the command came on: the sender picks its own by request id. */
  @Override
  public void reply(CommandReply r) {
    bridge.answer(topics.reply(), codec.reply(r));
  }

  /** In the outbox like events: a behaviour that reacts to speech must see every start and end, in order. */
  @Override
  public void userSpeech(UserSpeechChange c) {
    bridge.enqueue(topics.userSpeech(), seq -> codec.userSpeech(c, microphoneFrame, seq));
  }

  @Override
  public void speech(SpeechChunk c) {
    // audio stays on ROS (~/speech): 24 kHz PCM at 48 kB/s is no payload for a fleet broker
  }
}
