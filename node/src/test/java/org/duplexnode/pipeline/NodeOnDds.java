package org.duplexnode.pipeline;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Arrays;
import java.util.List;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.ports.NodeClock;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ros.FastDdsTransport;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.ros.MessageChannel;
import org.duplexnode.ros.MessageChannels;
import org.duplexnode.ros.RosPublisher;
import org.duplexnode.ros.TopicSpec;
import org.duplexnode.testing.Await;
import org.duplexnode.ros.RosNode;
import org.duplexnode.ros.RosOutputs;

/**
 * The node as the interop tests meet it: the pipeline with {@code model}, its ROS adapter on a
 * FastDDS participant on loopback in {@code domain}, default parameters; the test feeds the
 * microphone itself ({@link #hear}).
 */
record NodeOnDds(FastDdsTransport transport, ConversationPipeline pipeline, RosNode ros,
                 Map<String, RosPublisher<?>> outputs) implements AutoCloseable {
  static NodeOnDds start(int domain, UnitProcessor model) {
    ParameterSet params = new ParameterSet(NodeParameters.all());
    NodeClock clock = NodeClock.system();
    FastDdsTransport transport = new FastDdsTransport(new NodeIdentity("duplex_node", "/"), RosArgs.empty(),
        domain, List.of(InetAddress.getLoopbackAddress()));
    Map<String, RosPublisher<?>> outputs = new ConcurrentHashMap<>();
    MessageChannels channels = new MessageChannels() {
      @Override
      public <T> MessageChannel<T> open(TopicSpec<T> spec) {
        RosPublisher<T> p = transport.advertise(spec);
        outputs.put(spec.name(), p);
        return (m, t) -> p.publish(m);
      }
    };
    ConversationPipeline pipeline = ConversationPipeline.start(PipelineSettings.from(params), model,
        new RosOutputs(channels, clock, "speaker_link", "microphone_link"), null, clock);
    return new NodeOnDds(transport, pipeline, RosNode.start(transport, params, clock, pipeline.input()), outputs);
  }

  /**
   * Waits until the node's writer on output {@code name} (as NodeTopics names it, "~/reply") has
   * matched a reader. A peer that sees the writer may not yet be seen by it, and a volatile
   * writer sends nothing to a reader it has not matched.
   */
  void awaitReader(String name, Duration timeout) {
    RosPublisher<?> p = outputs.get(name);
    if (p == null) {
      throw new IllegalArgumentException("the node has no output " + name + ": " + outputs.keySet());
    }
    Await.until("the node's " + name + " to match a reader", timeout, () -> p.matchedReaders() > 0);
  }

  /** A node whose model listens to everything. */
  static NodeOnDds listening(int domain) {
    WatchRepliesTest.ListeningModel model = new WatchRepliesTest.ListeningModel();
    model.started.countDown();
    return start(domain, model);
  }

  /** S16LE mono 16 kHz {@code pcm} from {@code fromNs}, in 100 ms messages. */
  void hear(byte[] pcm, long fromNs) {
    for (int at = 0, k = 0; at < pcm.length; at += 3200, k++) {
      pipeline.input().onAudio(new RawAudio(fromNs + k * 100_000_000L, "microphone_link", 16000, 1, "S16LE",
          Arrays.copyOfRange(pcm, at, Math.min(pcm.length, at + 3200))));
    }
  }

  @Override
  public void close() throws Exception {
    ros.close();
    pipeline.close();
    transport.close();
  }
}
