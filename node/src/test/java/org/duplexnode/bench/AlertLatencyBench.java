package org.duplexnode.bench;

import audio_common_msgs.msg.dds.AudioDataStamped;
import audio_common_msgs.msg.dds.AudioInfo;
import duplex_msgs.msg.dds.ForceListen;
import duplex_msgs.msg.dds.ProactiveEvent;
import duplex_msgs.msg.dds.WatchCommand;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.duplexnode.bag.Bag;
import org.duplexnode.bag.BagMessage;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.model.DuplexModel;
import org.duplexnode.model.spec.RuntimeOptions;
import org.duplexnode.node.NodeAssembly;
import org.duplexnode.node.NodeThreads;
import org.duplexnode.pipeline.DuplexModelProcessor;
import org.duplexnode.pipeline.PipelineSettings;
import org.duplexnode.ports.NodeClock;
import org.duplexnode.replay.DemoBag;
import org.duplexnode.ros.FastDdsTransport;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.ros.QosProfile;
import org.duplexnode.ros.RosChannels;
import org.duplexnode.ros.RosNode;
import org.duplexnode.ros.RosOutputs;
import org.duplexnode.ros.TopicSpec;
import org.duplexnode.testing.BagTopicPlayer;
import org.duplexnode.testing.DemoFiles;
import org.duplexnode.testing.TestDomains;

/**
 * Live latency of the demo's alert over DDS: a second participant plays the demo bag to a
 * running node at real time (camera, microphone, the watch), and the time from publishing the
 * first frame that shows the green light to receiving the node's ProactiveEvent for the watch is
 * measured on the wall clock. A main, not a test (docs/benchmarks.md):
 * {@code ./mvnw -q -B -o -pl node -am test-compile exec:exec@alert-latency-bench -DalertLatencyBench=RUNS}.
 */
public final class AlertLatencyBench {
  private AlertLatencyBench() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    List<Double> ms = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      double latency = run();
      ms.add(latency);
      System.out.printf(Locale.ROOT, "run %d: first green frame published -> event received %.1f ms%n", r + 1,
          latency);
    }
    List<Double> sorted = ms.stream().sorted().toList();
    System.out.printf(Locale.ROOT, "%d runs: min %.1f ms, median %.1f ms, max %.1f ms%n", runs, sorted.get(0),
        sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
  }

  /** One real-time play of the demo bag; returns the latency in milliseconds. */
  private static double run() throws Exception {
    int domain = TestDomains.random();
    List<InetAddress> lo = List.of(InetAddress.getLoopbackAddress());
    NodeIdentity id = new NodeIdentity("duplex_node", "/");
    ParameterSet params = new ParameterSet(NodeParameters.all());
    AtomicLong eventAt = new AtomicLong();
    try (FastDdsTransport transport = new FastDdsTransport(id, RosArgs.empty(), domain, lo);
         FastDdsTransport peer = new FastDdsTransport(new NodeIdentity("bag_player", "/"), RosArgs.empty(), domain,
             lo)) {
      NodeClock clock = NodeClock.system();
      DuplexModel model = DuplexModel.open(DemoFiles.MODEL, OnnxRuntimeEngine.cpu(), RuntimeOptions.greedyDecoding());
      try (NodeAssembly node = NodeAssembly.start(NodeAssembly.Mode.LIVE, PipelineSettings.from(params),
               new DuplexModelProcessor(model), clock,
               List.of(new RosOutputs(new RosChannels(transport), clock, "speaker_link", "microphone_link")), null,
               new NodeThreads());
           RosNode ros = RosNode.start(transport, params, clock, node.input())) {
        peer.subscribe(TopicSpec.of("/duplex_node/events", ProactiveEvent.class, QosProfile.EVENTS), e -> {
          if (e.getWatchIdAsString().equals("green")) {
            eventAt.compareAndSet(0, System.nanoTime());
          }
        });
        Map<String, BagTopicPlayer<?>> players = new HashMap<>();
        players.put("/camera/image_raw",
            new BagTopicPlayer<>(peer, "/camera/image_raw", sensor_msgs.msg.dds.Image.class, QosProfile.RELIABLE));
        players.put("/audio/in", new BagTopicPlayer<>(peer, "/audio/in", AudioDataStamped.class, QosProfile.RELIABLE));
        players.put("/audio/in/info",
            new BagTopicPlayer<>(peer, "/audio/in/info", AudioInfo.class, QosProfile.LATCHED));
        players.put("/duplex_node/watch",
            new BagTopicPlayer<>(peer, "/duplex_node/watch", WatchCommand.class, QosProfile.RELIABLE));
        players.put("/duplex_node/force_listen",
            new BagTopicPlayer<>(peer, "/duplex_node/force_listen", ForceListen.class, QosProfile.RELIABLE));
        long until = System.nanoTime() + 60_000_000_000L;
        while (players.values().stream().anyMatch(p -> p.matchedReaders() == 0)) {
          if (System.nanoTime() > until) {
            throw new IllegalStateException("the node did not match the player's topics in 60 s");
          }
          Thread.sleep(20);
        }
        long greenPublished = 0;
        try (Bag bag = Bag.open(DemoFiles.DEMO_BAG); var it = bag.messages()) {
          long wall0 = System.nanoTime();
          long bag0 = -1;
          while (it.hasNext()) {
            BagMessage m = it.next();
            if (bag0 < 0) {
              bag0 = m.logTimeNs();
            }
            long due = wall0 + (m.logTimeNs() - bag0);
            long wait = due - System.nanoTime();
            if (wait > 0) {
              Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            players.get(m.topic()).play(m.data());
            if (greenPublished == 0 && m.topic().equals("/camera/image_raw")
                && m.logTimeNs() - bag0 >= (long) (DemoBag.GREEN_AT_S * 1e9)) {
              greenPublished = System.nanoTime();
            }
          }
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (eventAt.get() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        if (eventAt.get() == 0) {
          throw new IllegalStateException("no event for the watch 'green' within 10 s of the bag's end");
        }
        return (eventAt.get() - greenPublished) / 1e6; // the assembly closes the model
      }
    }
  }
}
