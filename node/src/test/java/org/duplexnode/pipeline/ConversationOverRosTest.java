package org.duplexnode.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import audio_common_msgs.msg.dds.AudioDataStamped;
import duplex_msgs.msg.dds.ForceListen;
import duplex_msgs.msg.dds.ProactiveEvent;
import duplex_msgs.msg.dds.SpeechSegment;
import duplex_msgs.msg.dds.Transcript;
import duplex_msgs.msg.dds.WatchCommand;
import duplex_msgs.msg.dds.WatchList;
import java.io.File;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.config.RosArgsParser;
import org.duplexnode.ingest.image.ModelImage;
import org.duplexnode.ports.NodeClock;
import org.duplexnode.ros.FastDdsTransport;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.ros.QosProfile;
import org.duplexnode.ros.RosChannels;
import org.duplexnode.ros.RosNode;
import org.duplexnode.ros.RosOutputs;
import org.duplexnode.ros.RosPublisher;
import org.duplexnode.ros.Stamps;
import org.duplexnode.ros.TopicSpec;
import org.duplexnode.session.AudioUnit;
import org.duplexnode.testing.Await;
import org.duplexnode.testing.TestDomains;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conversation scenarios through the real transport: a behaviour and a microphone on a second DDS
 * participant, the node's own subscriptions and publishers, the real voice detector, and a
 * scripted model (the runtime's own tests prove the model).
 */
@Tag("interop")
class ConversationOverRosTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final long S = 1_000_000_000L;

  @TempDir Path dir;

  /** Speaks at the units listed, with one word per unit; listens otherwise; obeys force-listen. */
  static final class ScriptedModel implements UnitProcessor {
    final java.util.Set<Long> speakAt;
    final java.util.Set<Long> endTurnAt;

    ScriptedModel(java.util.Set<Long> speakAt, java.util.Set<Long> endTurnAt) {
      this.speakAt = speakAt;
      this.endTurnAt = endTurnAt;
    }

    @Override public void prepare() { }

    @Override
    public Processed process(AudioUnit audio, ModelImage frame, boolean forceListen) {
      if (forceListen) {
        return new Processed(true, true, "", new float[0], true, 0);
      }
      if (speakAt.contains(audio.index())) {
        return new Processed(false, false, "word" + audio.index() + " ", new float[2400],
            endTurnAt.contains(audio.index()), 0);
      }
      return new Processed(true, false, "", new float[0], false, 0);
    }

    @Override public void close() { }
  }

  static short[] speech(Path dir) throws Exception {
    Path raw = dir.resolve("q.wav");
    Path wav = dir.resolve("q16.wav");
    run("espeak-ng", "-v", "en", "-s", "150", "-w", raw.toString(), "What colour is the traffic light right now?");
    run("sox", raw.toString(), "-r", "16000", "-c", "1", "-b", "16", wav.toString());
    try (AudioInputStream in = AudioSystem.getAudioInputStream(new File(wav.toString()))) {
      byte[] b = in.readAllBytes();
      short[] s = new short[b.length / 2];
      for (int i = 0; i < s.length; i++) {
        s[i] = (short) ((b[2 * i] & 0xff) | (b[2 * i + 1] << 8));
      }
      return s;
    }
  }

  static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
    }
  }

  /** A node and a peer in a fresh domain; the peer plays audio in 100 ms messages. */
  final class Rig implements AutoCloseable {
    final FastDdsTransport nodeTransport;
    final FastDdsTransport peer;
    final ConversationPipeline pipeline;
    final RosNode node;
    final RosPublisher<AudioDataStamped> mic;
    final RosPublisher<WatchCommand> watch;
    final RosPublisher<ForceListen> stop;
    final List<Transcript> transcripts = new CopyOnWriteArrayList<>();
    final List<ProactiveEvent> events = new CopyOnWriteArrayList<>();
    final List<SpeechSegment> segments = new CopyOnWriteArrayList<>();
    final List<List<String>> watchLists = new CopyOnWriteArrayList<>();
    long t = 1_767_225_600L * S;

    Rig(UnitProcessor model) throws Exception {
      int domain = TestDomains.random();
      List<InetAddress> lo = List.of(InetAddress.getLoopbackAddress());
      NodeIdentity id = new NodeIdentity("duplex_node", "/");
      RosArgs args = RosArgsParser.parse("--ros-args", "-p", "session.queue_policy:=block");
      ParameterSet params = new ParameterSet(NodeParameters.all()).apply(args, id.fullyQualifiedName());
      nodeTransport = new FastDdsTransport(id, args, domain, lo);
      peer = new FastDdsTransport(new NodeIdentity("behaviour", "/"), RosArgs.empty(), domain, lo);
      NodeClock clock = NodeClock.system();
      pipeline = ConversationPipeline.start(PipelineSettings.from(params), model,
          new RosOutputs(new RosChannels(nodeTransport), clock, "speaker_link", "microphone_link"), null, clock);
      node = RosNode.start(nodeTransport, params, clock, pipeline.input());
      peer.subscribe(TopicSpec.of("/duplex_node/transcript", Transcript.class, QosProfile.RELIABLE), m -> {
        Transcript c = new Transcript();
        c.set(m);
        transcripts.add(c);
      });
      peer.subscribe(TopicSpec.of("/duplex_node/events", ProactiveEvent.class, QosProfile.EVENTS), m -> {
        ProactiveEvent c = new ProactiveEvent();
        c.set(m);
        events.add(c);
      });
      peer.subscribe(TopicSpec.of("/duplex_node/speech/segments", SpeechSegment.class, QosProfile.RELIABLE), m -> {
        SpeechSegment c = new SpeechSegment();
        c.set(m);
        segments.add(c);
      });
      peer.subscribe(TopicSpec.of("/duplex_node/watches", WatchList.class, QosProfile.LATCHED), m -> {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < m.getWatches().size(); i++) {
          ids.add(m.getWatches().get(i).getWatchIdAsString());
        }
        watchLists.add(ids);
      });
      mic = peer.advertise(TopicSpec.of("/audio/in", AudioDataStamped.class, QosProfile.RELIABLE));
      watch = peer.advertise(TopicSpec.of("/duplex_node/watch", WatchCommand.class, QosProfile.RELIABLE));
      stop = peer.advertise(TopicSpec.of("/duplex_node/force_listen", ForceListen.class, QosProfile.RELIABLE));
      Await.until("the node and the behaviour to match", WAIT, () -> mic.matchedReaders() > 0
          && watch.matchedReaders() > 0 && stop.matchedReaders() > 0);
    }

    /** Plays {@code seconds} of audio: the samples from {@code speech} (or silence), 100 ms per message. */
    void play(double seconds, short[] speech) throws InterruptedException {
      int n = (int) Math.round(seconds * 10);
      for (int k = 0; k < n; k++) {
        AudioDataStamped a = new AudioDataStamped();
        Stamps.set(a.getHeader().getStamp(), t);
        byte[] pcm = new byte[3200];
        for (int i = 0; i < 1600 && speech != null; i++) {
          int j = k * 1600 + i;
          short v = j < speech.length ? speech[j] : 0;
          pcm[2 * i] = (byte) v;
          pcm[2 * i + 1] = (byte) (v >> 8);
        }
        a.getAudio().getData().add(pcm);
        mic.publish(a);
        t += S / 10;
        Thread.sleep(5);
      }
    }

    void watch(byte action, String id, String condition, double expire, boolean once) {
      WatchCommand c = new WatchCommand();
      c.setAction(action);
      c.setWatchId(id);
      c.setCondition(condition);
      c.setExpireAfterS(expire);
      c.setOnce(once);
      watch.publish(c);
    }

    @Override
    public void close() {
      node.close();
      pipeline.close();
      peer.close();
      nodeTransport.close();
    }
  }

  @Test
  void aQuestionIsAnsweredNotProactively() throws Exception {
    short[] question = speech(dir);
    try (Rig r = new Rig(new ScriptedModel(java.util.Set.of(4L, 5L), java.util.Set.of(5L)))) {
      r.play(4.0, question);
      r.play(3.0, null);
      Await.until("the answer's final transcript", WAIT, () -> r.transcripts.stream().anyMatch(Transcript::getIsFinal));
      assertThat(r.transcripts).allMatch(t -> !t.getProactive());
      assertThat(r.transcripts.get(r.transcripts.size() - 1).getTextSoFarAsString()).isEqualTo("word4 word5 ");
      assertThat(r.events).isEmpty();
    }
  }

  @Test
  void anUnpromptedAlertAfterAWatchIsProactiveAndAttributed() throws Exception {
    try (Rig r = new Rig(new ScriptedModel(java.util.Set.of(5L), java.util.Set.of(5L)))) {
      // the scripted model says "word5": the condition must be about that to be answered by it
      r.watch(WatchCommand.ADD, "light", "tell me when you see word5", 0, true);
      r.watch(WatchCommand.ADD, "door", "tell me when the door opens", 0, false);
      r.watch(WatchCommand.REMOVE, "door", "", 0, false);
      r.play(8.0, null);
      Await.until("the proactive event", WAIT, () -> !r.events.isEmpty());
      ProactiveEvent e = r.events.get(0);
      assertThat(e.getWatchIdAsString()).isEqualTo("light");
      assertThat(e.getKindAsString()).isEqualTo("utterance");
      assertThat(e.getTextAsString()).isEqualTo("word5 ");
      assertThat(e.getLatencyS()).isGreaterThanOrEqualTo(0);
      Await.until("the once-only watch to be gone from ~/watches", WAIT,
          () -> !r.watchLists.isEmpty() && r.watchLists.get(r.watchLists.size() - 1).isEmpty());
      // ADD light, ADD door, REMOVE door arrive before the same unit: one change, door never listed.
      assertThat(r.watchLists.get(0)).containsExactly("light");
    }
  }

  @Test
  void forceListenStopsSpeechWithinAUnitAndPlayersCanTell() throws Exception {
    try (Rig r = new Rig(new ScriptedModel(java.util.Set.of(3L, 4L, 5L, 6L, 7L, 8L), java.util.Set.of()))) {
      r.play(5.0, null);
      Await.until("speech to start", WAIT, () -> !r.segments.isEmpty());
      ForceListen f = new ForceListen();
      f.setReason("estop");
      r.stop.publish(f);
      Thread.sleep(200);
      r.play(3.0, null);
      Await.until("an interrupted last segment", WAIT,
          () -> r.segments.stream().anyMatch(s -> s.getLast() && s.getInterrupted()));
      SpeechSegment last = r.segments.stream().filter(SpeechSegment::getLast).findFirst().orElseThrow();
      long firstSpeaking = r.segments.get(0).getUnitIndex();
      assertThat(last.getUnitIndex()).isLessThanOrEqualTo(6);
      assertThat(last.getSamples()).isZero();
      assertThat(r.transcripts.stream().filter(Transcript::getIsFinal).findFirst().orElseThrow().getInterrupted()).isTrue();
      assertThat(firstSpeaking).isEqualTo(3);
    }
  }

  @Test
  void watchesExpire() throws Exception {
    try (Rig r = new Rig(new ScriptedModel(java.util.Set.of(), java.util.Set.of()))) {
      r.watch(WatchCommand.ADD, "short", "someone waves", 1.5, false);
      r.play(4.0, null);
      Await.until("the watch to appear then expire", WAIT,
          () -> r.watchLists.contains(List.of("short")) && r.watchLists.get(r.watchLists.size() - 1).isEmpty());
    }
  }
}
