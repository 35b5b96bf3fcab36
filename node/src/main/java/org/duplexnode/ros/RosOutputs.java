package org.duplexnode.ros;

import audio_common_msgs.msg.dds.AudioDataStamped;
import audio_common_msgs.msg.dds.AudioInfo;
import duplex_msgs.msg.dds.CommandReply;
import duplex_msgs.msg.dds.ProactiveEvent;
import duplex_msgs.msg.dds.SpeechSegment;
import duplex_msgs.msg.dds.State;
import duplex_msgs.msg.dds.Transcript;
import duplex_msgs.msg.dds.UserSpeech;
import duplex_msgs.msg.dds.WatchList;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.duplexnode.ports.NodeClock;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.StateUpdate;
import org.duplexnode.ports.TextLimits;
import org.duplexnode.ports.TranscriptUpdate;
import org.duplexnode.ports.UserSpeechChange;
import org.duplexnode.ports.Watch;
import org.duplexnode.ports.WatchListChanged;

/**
 * Turns output events into the node's ROS messages, each sent at the input time it belongs to
 * (so a replay's output bag has the same times whatever the replay rate), and sends them to its channels (ROS 2, an
 * output bag, or both). Messages are reused (one per topic), so events must come from one thread
 * (the model thread). A refused send is counted by the channel and the node goes on.
 */
public final class RosOutputs implements OutputPort {
  public static final int SPEECH_RATE = 24_000;

  private final NodeClock clock;
  private final String speakerFrame;
  private final String microphoneFrame;
  private final MessageChannel<AudioDataStamped> speech;
  private final MessageChannel<SpeechSegment> segments;
  private final MessageChannel<Transcript> transcripts;
  private final MessageChannel<ProactiveEvent> events;
  private final MessageChannel<State> states;
  private final MessageChannel<WatchList> watchLists;
  private final MessageChannel<CommandReply> replies;
  private final CommandReply replyMsg = new CommandReply();
  private final MessageChannel<UserSpeech> userSpeeches;
  private final UserSpeech userSpeechMsg = new UserSpeech();
  private final AudioDataStamped speechMsg = new AudioDataStamped();
  private final SpeechSegment segmentMsg = new SpeechSegment();
  private final Transcript transcriptMsg = new Transcript();
  private final ProactiveEvent eventMsg = new ProactiveEvent();
  private final State stateMsg = new State();

  public RosOutputs(MessageChannels channels, NodeClock clock, String speakerFrame, String microphoneFrame) {
    this.clock = clock;
    this.speakerFrame = speakerFrame;
    this.microphoneFrame = microphoneFrame;
    this.speech = channels.open(NodeTopics.SPEECH);
    this.segments = channels.open(NodeTopics.SPEECH_SEGMENTS);
    this.transcripts = channels.open(NodeTopics.TRANSCRIPT);
    this.events = channels.open(NodeTopics.EVENTS);
    this.states = channels.open(NodeTopics.STATE);
    this.watchLists = channels.open(NodeTopics.WATCHES);
    this.replies = channels.open(NodeTopics.REPLY);
    this.userSpeeches = channels.open(NodeTopics.USER_SPEECH);
    MessageChannel<AudioInfo> info = channels.open(NodeTopics.SPEECH_INFO);
    AudioInfo i = new AudioInfo();
    i.setChannels((byte) 1);
    i.setSampleRate(SPEECH_RATE);
    i.setSampleFormat("S16LE");
    i.setBitrate(SPEECH_RATE * 16);
    i.setCodingFormat("wave");
    info.send(i, clock.nowNanos());
  }

  @Override
  public void speech(SpeechChunk c) {
    Stamps.set(segmentMsg.getHeader().getStamp(), c.stampNs());
    segmentMsg.getHeader().setFrameId(WireStrings.encode(speakerFrame));
    segmentMsg.setUtteranceId(c.utteranceId());
    segmentMsg.setUnitIndex(c.unitIndex());
    segmentMsg.setSamples(c.pcm().length);
    segmentMsg.setFirst(c.first());
    segmentMsg.setLast(c.last());
    segmentMsg.setInterrupted(c.interrupted());
    segments.send(segmentMsg, c.stampNs());
    if (c.pcm().length == 0) {
      return;
    }
    Stamps.set(speechMsg.getHeader().getStamp(), c.stampNs());
    speechMsg.getHeader().setFrameId(WireStrings.encode(speakerFrame));
    ByteBuffer b = ByteBuffer.allocate(c.pcm().length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.asShortBuffer().put(c.pcm());
    speechMsg.getAudio().getData().resetQuick();
    speechMsg.getAudio().getData().add(b.array());
    speech.send(speechMsg, c.stampNs());
  }

  @Override
  public void transcript(TranscriptUpdate t) {
    Stamps.set(transcriptMsg.getHeader().getStamp(), t.stampNs());
    transcriptMsg.getHeader().setFrameId(WireStrings.encode(microphoneFrame));
    transcriptMsg.setUtteranceId(t.utteranceId());
    transcriptMsg.setUnitIndex(t.unitIndex());
    transcriptMsg.setText(WireStrings.encode(TextLimits.clip(t.text(), 1024)));
    transcriptMsg.setTextSoFar(WireStrings.encode(TextLimits.clip(t.textSoFar(), 65536)));
    transcriptMsg.setIsFinal(t.isFinal());
    transcriptMsg.setProactive(t.proactive());
    transcriptMsg.setInterrupted(t.interrupted());
    Stamps.set(transcriptMsg.getAudioStart(), t.audioStartNs());
    Stamps.set(transcriptMsg.getAudioEnd(), t.audioEndNs());
    transcripts.send(transcriptMsg, t.stampNs());
  }

  @Override
  public void proactive(ProactiveAlert a) {
    Stamps.set(eventMsg.getHeader().getStamp(), a.audioStampNs());
    eventMsg.getHeader().setFrameId(WireStrings.encode(a.frameId().isEmpty() ? microphoneFrame : a.frameId()));
    eventMsg.setEventId(a.eventId());
    eventMsg.setKind(WireStrings.encode(TextLimits.clip(a.kind(), 64)));
    eventMsg.setText(WireStrings.encode(TextLimits.clip(a.text(), 65536)));
    eventMsg.setWatchId(WireStrings.encode(TextLimits.clip(a.watchId(), 64)));
    eventMsg.setWatchCondition(WireStrings.encode(TextLimits.clip(a.watchCondition(), 1024)));
    eventMsg.setUtteranceId(a.utteranceId());
    eventMsg.setUnitIndex(a.unitIndex());
    Stamps.set(eventMsg.getFrameStamp(), Math.max(0, a.frameStampNs()));
    Stamps.set(eventMsg.getAudioStamp(), a.audioStampNs());
    eventMsg.setLatencyS(a.latencyS());
    eventMsg.setIsFinal(a.isFinal());
    events.send(eventMsg, a.audioStampNs());
  }

  @Override
  public void state(StateUpdate s) {
    Stamps.set(stateMsg.getHeader().getStamp(), s.stampNs());
    stateMsg.getHeader().setFrameId(WireStrings.encode(microphoneFrame));
    stateMsg.setMode(s.speaking() ? State.SPEAKING : State.LISTENING);
    stateMsg.setSpeaking(s.speaking());
    stateMsg.setUnitIndex(s.unitIndex());
    stateMsg.setUtteranceId(s.utteranceId());
    stateMsg.setComputeS((float) s.computeS());
    stateMsg.setBudgetS((float) s.budgetS());
    stateMsg.setQueueDepth(s.queueDepth());
    stateMsg.setDroppedUnits(s.droppedUnits());
    stateMsg.setDroppedFrames(s.droppedFrames());
    stateMsg.setInputErrors(s.inputErrors());
    stateMsg.setCacheTokens(s.cacheTokens());
    stateMsg.setMuted(s.muted());
    stateMsg.setBargeIn(s.bargeIn());
    states.send(stateMsg, s.stampNs());
  }

  @Override
  public void reply(org.duplexnode.ports.CommandReply r) {
    Stamps.set(replyMsg.getHeader().getStamp(), r.stampNs());
    replyMsg.getHeader().setFrameId(WireStrings.encode(microphoneFrame));
    replyMsg.setRequestId(WireStrings.encode(TextLimits.clip(r.requestId(), 64)));
    replyMsg.setCommand(WireStrings.encode(r.command()));
    replyMsg.setAccepted(r.accepted());
    replyMsg.setReason(WireStrings.encode(r.reason()));
    replyMsg.setMessage(WireStrings.encode(TextLimits.clip(r.message(), 1024)));
    replies.send(replyMsg, r.stampNs());
  }

  @Override
  public void userSpeech(UserSpeechChange c) {
    Stamps.set(userSpeechMsg.getHeader().getStamp(), c.stampNs());
    userSpeechMsg.getHeader().setFrameId(WireStrings.encode(microphoneFrame));
    userSpeechMsg.setEvent(c.kind() == UserSpeechChange.Kind.START ? UserSpeech.START : UserSpeech.END);
    Stamps.set(userSpeechMsg.getStart(), c.startNs());
    Stamps.set(userSpeechMsg.getEnd(), c.endNs());
    userSpeeches.send(userSpeechMsg, c.stampNs());
  }

  @Override
  public void watches(WatchListChanged w) {
    WatchList list = new WatchList();
    Stamps.set(list.getHeader().getStamp(), w.stampNs());
    for (Watch watch : w.watches()) {
      duplex_msgs.msg.dds.Watch m = list.getWatches().add();
      m.setWatchId(WireStrings.encode(watch.id()));
      m.setCondition(WireStrings.encode(watch.condition()));
      m.setState(watch.firedCount() > 0 ? duplex_msgs.msg.dds.Watch.FIRED : duplex_msgs.msg.dds.Watch.ARMED);
      m.setOnce(watch.once());
      Stamps.set(m.getAdded(), watch.addedNs());
      Stamps.set(m.getExpires(), watch.expiresNs());
      m.setFiredCount(watch.firedCount());
    }
    watchLists.send(list, w.stampNs());
  }
}
