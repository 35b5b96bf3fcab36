package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;

import audio_common_msgs.msg.dds.AudioDataStamped;
import audio_common_msgs.msg.dds.AudioInfo;
import duplex_msgs.msg.dds.ForceListen;
import duplex_msgs.msg.dds.WatchCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.duplexnode.bag.Bag;
import org.duplexnode.bag.BagMessage;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.config.RosArgsParser;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.model.DuplexModel;
import org.duplexnode.model.spec.RuntimeOptions;
import org.duplexnode.pipeline.DuplexModelProcessor;
import org.duplexnode.pipeline.PipelineSettings;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.ConversationControl;
import org.duplexnode.ports.InputPort;
import org.duplexnode.ports.MuteRequest;
import org.duplexnode.ports.NodeClock;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.RawCompressedImage;
import org.duplexnode.ports.RawImage;
import org.duplexnode.ports.UnitRecord;
import org.duplexnode.ports.WatchRequest;
import org.duplexnode.replay.RunRecord;
import org.duplexnode.ros.FastDdsTransport;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.ros.QosProfile;
import org.duplexnode.ros.RosChannels;
import org.duplexnode.ros.RosNode;
import org.duplexnode.ros.RosOutputs;
import org.duplexnode.ros.RosPublisher;
import org.duplexnode.ros.Stamps;
import org.duplexnode.ros.TopicSpec;
import org.duplexnode.testing.Await;
import org.duplexnode.testing.BagTopicPlayer;
import org.duplexnode.testing.TestDomains;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rosgraph_msgs.msg.dds.Clock;
import sensor_msgs.msg.dds.Image;

/**
 * The demo bag replayed offline and the same messages fed live over DDS (a second participant
 * publishes them with /clock, the node as {@code run} assembles it, on use_sim_time with a blocking
 * unit queue) give the same units and the same results.
 */
@Tag("integration")
class LiveReplayEquivalenceTest {
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  record Unit(long index, boolean speaking, String text) {
    static Unit of(UnitRecord u) {
      return new Unit(u.unitIndex(), u.speaking(), u.text());
    }
  }

  /** Counts what reaches the pipeline, so the test knows when every message has arrived. */
  static final class Counting implements InputPort {
    final InputPort next;
    final AtomicLong audio = new AtomicLong();

    Counting(InputPort next) {
      this.next = next;
    }

    @Override public void onImage(RawImage image) { next.onImage(image); }
    @Override public void onCompressedImage(RawCompressedImage image) { next.onCompressedImage(image); }
    @Override public void onAudio(RawAudio a) { next.onAudio(a); audio.incrementAndGet(); }
    @Override public void onFarEnd(RawAudio a) { next.onFarEnd(a); }
    @Override public void onWatchRequest(WatchRequest request) { next.onWatchRequest(request); }
    @Override public void onCommandRefused(CommandReply reply) { next.onCommandRefused(reply); }
    @Override public void onControl(ConversationControl control) { next.onControl(control); }
    @Override public void onForceListen(long stampNanos, String reason) { next.onForceListen(stampNanos, reason); }
    @Override public void onMute(MuteRequest request) { next.onMute(request); }
  }

  @Test
  void liveAndReplayGiveTheSameUnitsAndResults() throws Exception {
    ParameterSet defaults = new ParameterSet(NodeParameters.all());
    NodeIdentity id = new NodeIdentity("duplex_node", "/");
    ReplayRun.Outcome replay = ReplayRun.run(new ReplayRun.Options(ReplayRunTest.DEMO_BAG, ReplayRunTest.MODEL,
        dir.resolve("replay"), 0, false, 0, true, Optional.empty(), "replay"), RosArgs.empty(), defaults, id,
        new PrintStream(new ByteArrayOutputStream()));
    List<Unit> expected = replay.record().units().stream().map(Unit::of).toList();

    int domain = TestDomains.random();
    List<InetAddress> lo = List.of(InetAddress.getLoopbackAddress());
    RosArgs args = RosArgsParser.parse("--ros-args", "-p", "use_sim_time:=true", "-p", "session.queue_policy:=block");
    ParameterSet params = new ParameterSet(NodeParameters.all()).apply(args, id.fullyQualifiedName());
    RunRecord live = new RunRecord();
    try (FastDdsTransport transport = new FastDdsTransport(id, args, domain, lo);
         FastDdsTransport peer = new FastDdsTransport(new NodeIdentity("bag_player", "/"), RosArgs.empty(), domain, lo)) {
      NodeClock clock = RosNode.clockFor(transport, params);
      DuplexModel model = DuplexModel.open(ReplayRunTest.MODEL, OnnxRuntimeEngine.cpu(), RuntimeOptions.greedyDecoding());
      try (NodeAssembly pipeline = NodeAssembly.start(NodeAssembly.Mode.LIVE, PipelineSettings.from(params),
          new DuplexModelProcessor(model), clock, List.of(new RosOutputs(new RosChannels(transport), clock, "spk", "mic")),
          live, new NodeThreads())) {
        Counting counting = new Counting(pipeline.input());
        try (RosNode node = RosNode.start(transport, params, clock, counting)) {
          Map<String, BagTopicPlayer<?>> players = new HashMap<>();
          players.put("/camera/image_raw", new BagTopicPlayer<>(peer, "/camera/image_raw", Image.class, QosProfile.RELIABLE));
          players.put("/audio/in", new BagTopicPlayer<>(peer, "/audio/in", AudioDataStamped.class, QosProfile.RELIABLE));
          players.put("/audio/in/info", new BagTopicPlayer<>(peer, "/audio/in/info", AudioInfo.class, QosProfile.LATCHED));
          players.put("/duplex_node/watch", new BagTopicPlayer<>(peer, "/duplex_node/watch", WatchCommand.class, QosProfile.RELIABLE));
          players.put("/duplex_node/force_listen",
              new BagTopicPlayer<>(peer, "/duplex_node/force_listen", ForceListen.class, QosProfile.RELIABLE));
          RosPublisher<Clock> clockPub = peer.advertise(TopicSpec.of("/clock", Clock.class, QosProfile.RELIABLE));
          Await.until("the node to match the player's topics", WAIT,
              () -> clockPub.matchedReaders() > 0 && players.values().stream().allMatch(p -> p.matchedReaders() > 0));
          long audioMessages = 0;
          try (Bag bag = Bag.open(ReplayRunTest.DEMO_BAG); var it = bag.messages()) {
            Clock c = new Clock();
            while (it.hasNext()) {
              BagMessage m = it.next();
              Stamps.set(c.getClock(), m.logTimeNs());
              clockPub.publish(c);
              players.get(m.topic()).play(m.data());
              if (m.topic().equals("/audio/in")) {
                audioMessages++;
                Thread.sleep(15); // about 7x real time: loopback delivery keeps topic order
              }
            }
          }
          long sent = audioMessages;
          Await.until("every audio message to reach the node", WAIT, () -> counting.audio.get() == sent);
          pipeline.finishInput();
          node.diagnostics().reportConversation(pipeline::health);
          var status = node.diagnostics().publishOnce().getStatus().get(1);
          Map<String, String> values = new HashMap<>();
          for (int i = 0; i < status.getValues().size(); i++) {
            values.put(status.getValues().get(i).getKeyAsString(), status.getValues().get(i).getValueAsString());
          }
          assertThat(status.getNameAsString()).isEqualTo("duplex_node: conversation");
          assertThat(values).containsEntry("units", Long.toString(expected.size())).containsEntry("dropped units", "0")
              .containsEntry("failed units", "0");
          assertThat(values.get("time to first speech (s)")).isNotEqualTo("n/a");
          // From the force-listen's arrival (4.5 s into the bag, on /clock) to the publication of
          // the interrupted utterance's last chunk, which needs the unit that the 100-ms audio
          // message stamped 4.9 s completes: at least 0.4 s of sim time (about 0 before, when the
          // figure was taken on the model thread after the forced unit).
          assertThat(Double.parseDouble(values.get("barge-in stop time (s)"))).isGreaterThanOrEqualTo(0.399);
        }
      }
    }
    List<Unit> got = live.units().stream().map(Unit::of).toList();
    assertThat(got).isEqualTo(expected);
    assertThat(got.stream().anyMatch(Unit::speaking)).isTrue();
  }
}
