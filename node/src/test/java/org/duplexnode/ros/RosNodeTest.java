package org.duplexnode.ros;

import audio_common_msgs.msg.dds.AudioDataStamped;
import audio_common_msgs.msg.dds.AudioInfo;
import diagnostic_msgs.msg.dds.DiagnosticArray;
import duplex_msgs.msg.dds.WatchCommand;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.config.RosArgsParser;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.ConversationControl;
import org.duplexnode.ports.InputPort;
import org.duplexnode.ports.MuteRequest;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.RawCompressedImage;
import org.duplexnode.ports.RawImage;
import org.duplexnode.ports.WatchRequest;
import org.duplexnode.testing.Await;
import org.duplexnode.testing.TestDomains;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rosgraph_msgs.msg.dds.Clock;

/** The live node in a namespace with sim time, fed by a second DDS participant. */
@Tag("integration")
class RosNodeTest {
  static final Duration DISCOVERY = Duration.ofSeconds(20);

  /** A message of audio/far_end as the node handed it on. */
  record FarEnd(RawAudio audio) {}

  static final class Collecting implements InputPort {
    final BlockingQueue<Object> got = new LinkedBlockingQueue<>();
    @Override public void onImage(RawImage image) { got.add(image); }
    @Override public void onCompressedImage(RawCompressedImage image) { got.add(image); }
    @Override public void onAudio(RawAudio audio) { got.add(audio); }
    @Override public void onFarEnd(RawAudio audio) { got.add(new FarEnd(audio)); }
    @Override public void onWatchRequest(WatchRequest request) { got.add(request); }
    @Override public void onCommandRefused(CommandReply reply) { got.add(reply); }
    @Override public void onControl(ConversationControl control) { got.add(control); }
    @Override public void onForceListen(long stampNanos, String reason) { got.add(reason); }
    @Override public void onMute(MuteRequest request) { got.add(request); }
  }

  @Test
  void followsClockUsesAudioInfoCountsBadInputAndReportsDiagnostics() throws Exception {
    int domain = TestDomains.random();
    List<InetAddress> lo = List.of(InetAddress.getLoopbackAddress());
    RosArgs args = RosArgsParser.parse("--ros-args", "-r", "__ns:=/robot1", "-p", "use_sim_time:=true",
        "-r", "audio/in:=/mic/audio");
    NodeIdentity id = NodeIdentity.from(RosNode.DEFAULT_NAME, args);
    ParameterSet p = new ParameterSet(NodeParameters.all()).apply(args, id.fullyQualifiedName());
    Collecting sink = new Collecting();
    try (RosNode node = RosNode.start(id, args, p, domain, sink);
         FastDdsTransport peer = new FastDdsTransport(new NodeIdentity("peer", "/"), RosArgs.empty(), domain, lo)) {
      RosPublisher<Clock> clock = peer.advertise(TopicSpec.of("/clock", Clock.class, QosProfile.RELIABLE));
      RosPublisher<AudioInfo> info = peer.advertise(TopicSpec.of("/robot1/audio/in/info", AudioInfo.class, QosProfile.LATCHED));
      RosPublisher<AudioDataStamped> audio = peer.advertise(TopicSpec.of("/mic/audio", AudioDataStamped.class, QosProfile.RELIABLE));
      RosPublisher<WatchCommand> watch = peer.advertise(TopicSpec.of("/robot1/duplex_node/watch", WatchCommand.class, QosProfile.RELIABLE));
      BlockingQueue<DiagnosticArray> diags = new LinkedBlockingQueue<>();
      peer.subscribe(TopicSpec.of("/diagnostics", DiagnosticArray.class, QosProfile.RELIABLE), m -> {
        DiagnosticArray copy = new DiagnosticArray();
        copy.set(m);
        diags.add(copy);
      });
      Await.until("the node's subscriptions to match", DISCOVERY,
          () -> clock.matchedReaders() > 0 && audio.matchedReaders() > 0 && info.matchedReaders() > 0 && watch.matchedReaders() > 0);

      Clock c = new Clock();
      c.getClock().setSec(1234);
      Await.until("sim time to follow /clock", DISCOVERY, () -> {
        clock.publish(c);
        return node.clock().nowNanos() == 1234_000_000_000L;
      });

      AudioInfo good = new AudioInfo();
      good.setChannels((byte) 2);
      good.setSampleRate(48000);
      good.setSampleFormat("S32LE");
      info.publish(good);
      AudioInfo bad = new AudioInfo();
      bad.setChannels((byte) 1);
      bad.setSampleRate(16000);
      bad.setSampleFormat("MP3");
      Await.until("the AudioInfo to apply", DISCOVERY, () -> {
        AudioDataStamped a = new AudioDataStamped();
        a.getHeader().getStamp().setSec(1234);
        a.getAudio().getData().add(new byte[16]);
        audio.publish(a);
        Object o = sink.got.poll();
        return o instanceof RawAudio r && r.sampleRate() == 48000 && r.channels() == 2 && r.sampleFormat().equals("S32LE")
            && r.stampNanos() == 1234_000_000_000L && r.frameId().equals("microphone_link");
      });
      info.publish(bad);
      Await.until("the bad AudioInfo to be counted", DISCOVERY,
          () -> node.transport().inputErrors().count("/robot1/audio/in/info", "unusable AudioInfo") == 1);

      WatchCommand w = new WatchCommand();
      w.setAction((byte) 9);
      watch.publish(w);
      Await.until("the bad watch action to be counted", DISCOVERY,
          () -> node.transport().inputErrors().count("/robot1/duplex_node/watch", "unknown watch action") == 1);

      node.diagnostics().publishOnce();
      Await.until("diagnostics with the rejected samples", DISCOVERY, () -> {
        DiagnosticArray d = diags.poll();
        if (d == null) {
          return false;
        }
        var s = d.getStatus().get(0);
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < s.getValues().size(); i++) {
          keys.append(s.getValues().get(i).getKeyAsString()).append('\n');
        }
        return s.getNameAsString().equals("duplex_node: inputs") && s.getLevel() == 1
            && keys.toString().contains("rejected: /robot1/duplex_node/watch | unknown watch action")
            && keys.toString().contains("/mic/audio messages");
      });
    }
  }

  @Test
  void readsTheFarEndTopicWhenTheEchoCancellerAsksForIt() throws Exception {
    int domain = TestDomains.random();
    List<InetAddress> lo = List.of(InetAddress.getLoopbackAddress());
    RosArgs args = RosArgsParser.parse("--ros-args", "-r", "__ns:=/robot1", "-p", "audio.echo_cancel:=speex",
        "-p", "audio.echo_reference:=topic", "-p", "audio.far_end_sample_rate:=16000");
    NodeIdentity id = NodeIdentity.from(RosNode.DEFAULT_NAME, args);
    ParameterSet p = new ParameterSet(NodeParameters.all()).apply(args, id.fullyQualifiedName());
    Collecting sink = new Collecting();
    try (RosNode node = RosNode.start(id, args, p, domain, sink);
         FastDdsTransport peer = new FastDdsTransport(new NodeIdentity("player", "/"), RosArgs.empty(), domain, lo)) {
      // A player publishing reliably what it plays: the node's best-effort reader matches it.
      RosPublisher<AudioDataStamped> farEnd =
          peer.advertise(TopicSpec.of("/robot1/audio/far_end", AudioDataStamped.class, QosProfile.RELIABLE));
      Await.until("the node's far-end subscription to match", DISCOVERY, () -> farEnd.matchedReaders() > 0);
      Await.until("the far end to reach the node", DISCOVERY, () -> {
        AudioDataStamped a = new AudioDataStamped();
        a.getHeader().getStamp().setSec(77);
        a.getAudio().getData().add(new byte[320]);
        farEnd.publish(a);
        Object o = sink.got.poll();
        return o instanceof FarEnd f && f.audio().sampleRate() == 16000 && f.audio().channels() == 1
            && f.audio().sampleFormat().equals("S16LE") && f.audio().stampNanos() == 77_000_000_000L
            && f.audio().data().length == 320;
      });
    }
  }
}
