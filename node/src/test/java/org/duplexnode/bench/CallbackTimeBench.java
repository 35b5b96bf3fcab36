package org.duplexnode.bench;

import audio_common_msgs.msg.dds.AudioDataStamped;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgsParser;
import org.duplexnode.engine.EngineSet;
import org.duplexnode.model.DuplexModel;
import org.duplexnode.node.NodeAssembly;
import org.duplexnode.node.NodeThreads;
import org.duplexnode.pipeline.ModelSettings;
import org.duplexnode.pipeline.PipelineSettings;
import org.duplexnode.ports.NodeClock;
import org.duplexnode.ros.MessageHandler;
import org.duplexnode.ros.RosChannels;
import org.duplexnode.ros.RosOutputs;
import org.duplexnode.ros.RosSource;
import org.duplexnode.ros.Stamps;
import org.duplexnode.testing.OfflineTransport;
import sensor_msgs.msg.dds.Image;

/**
 * How long the node's DDS callbacks run: the subscription handlers of {@code RosSource}, called as
 * the DDS thread calls them (with a decoded message), with the node as {@code run} assembles it
 * downstream (the bundled tiny model, live queue policies). A microphone at 48 kHz stereo S16 in 10-ms messages
 * (so that ingest resamples) and a 640x480 rgb8 camera at 30 Hz, paced in real time on absolute
 * deadlines for SECONDS; each handler call is timed from entry to return, in wall time and in the
 * calling thread's CPU time (on a machine with few cores the wall time also holds the time the
 * caller waited for a core). Everything a callback
 * does on the way (copy, decode, and whatever the stages behind the input port do on the caller's
 * thread) counts.
 *
 * <pre>
 *   ./mvnw -q -B -o -pl node test-compile exec:exec@callback-bench "-DcallbackBench=SECONDS"
 * </pre>
 */
public final class CallbackTimeBench {
  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

  private CallbackTimeBench() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
    Path root = Path.of(System.getProperty("basedir", "node")).toAbsolutePath().getParent();
    ParameterSet params = new ParameterSet(NodeParameters.all()).apply(RosArgsParser.parse("--ros-args",
        "-p", "audio.sample_rate:=48000", "-p", "audio.channels:=2"), "/duplex_node");
    ModelSettings modelSettings = ModelSettings.from(params);
    DuplexModel model = DuplexModel.open(root.resolve("tensorrt-engines/tiny-model"), EngineSet.standard(),
        modelSettings.runtimeOptions(true, 0));
    OfflineTransport transport = new OfflineTransport();
    NodeClock clock = NodeClock.system();
    RosOutputs topics = new RosOutputs(new RosChannels(transport), clock, "speaker", "microphone");
    long[] audioNs;
    long[] imageNs;
    long[] audioCpu;
    long[] imageCpu;
    int audioCount = 0;
    int imageCount = 0;
    String summary;
    try (NodeAssembly pipeline = NodeAssembly.start(NodeAssembly.Mode.LIVE, PipelineSettings.from(params),
        modelSettings.processor(model), clock, List.of(topics), null, new NodeThreads())) {
      new RosSource(transport, pipeline.input(), RosSource.Options.from(params), clock).start();
      MessageHandler<AudioDataStamped> audio = transport.handler("audio/in");
      MessageHandler<Image> image = transport.handler("camera/image_raw");
      int audioTotal = (int) (seconds * 100);
      audioNs = new long[audioTotal];
      imageNs = new long[(int) (seconds * 30) + 2];
      audioCpu = new long[audioTotal];
      imageCpu = new long[imageNs.length];
      AudioDataStamped a = new AudioDataStamped();
      byte[] pcm = new byte[480 * 2 * 2];
      Image frame = new Image();
      frame.setWidth(640);
      frame.setHeight(480);
      frame.setStep(640 * 3);
      frame.getEncoding().append("rgb8");
      byte[] pixels = new byte[640 * 480 * 3];
      java.util.Random random = new java.util.Random(1);
      long start = System.nanoTime();
      for (int i = 0; i < audioTotal; i++) {
        long due = start + i * 10_000_000L;
        LockSupport.parkNanos(due - System.nanoTime());
        for (int s = 0; s < pcm.length; s += 2) { // a quiet tone with noise: some speech-like energy for the VAD
          short v = (short) (800 * Math.sin((i * 480 + s / 4) * 2 * Math.PI * 220 / 48_000) + random.nextGaussian() * 50);
          pcm[s] = (byte) v;
          pcm[s + 1] = (byte) (v >> 8);
        }
        a.getAudio().getData().resetQuick();
        a.getAudio().getData().add(pcm);
        Stamps.set(a.getHeader().getStamp(), clock.nowNanos());
        long c0 = CPU.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        audio.onMessage(a);
        audioNs[audioCount] = System.nanoTime() - t0;
        audioCpu[audioCount++] = CPU.getCurrentThreadCpuTime() - c0;
        if (i % 10 == 0 || i % 10 == 3 || i % 10 == 6) {
          frame.getData().resetQuick();
          frame.getData().add(pixels);
          Stamps.set(frame.getHeader().getStamp(), clock.nowNanos());
          c0 = CPU.getCurrentThreadCpuTime();
          t0 = System.nanoTime();
          image.onMessage(frame);
          imageNs[imageCount] = System.nanoTime() - t0;
          imageCpu[imageCount++] = CPU.getCurrentThreadCpuTime() - c0;
        }
      }
      pipeline.finishInput();
      summary = pipeline.summary();
    }
    // The first second warms the JIT and the graphs; it is not counted.
    long[] audioTimes = Arrays.copyOfRange(audioNs, Math.min(100, audioCount), audioCount);
    long[] imageTimes = Arrays.copyOfRange(imageNs, Math.min(30, imageCount), imageCount);
    System.out.println("| callback | measure | calls | p50 (us) | p90 (us) | p99 (us) | max (us) |");
    System.out.println("|---|---|---|---|---|---|---|");
    row("audio/in (48 kHz stereo, 10 ms)", "wall", audioTimes);
    row("audio/in (48 kHz stereo, 10 ms)", "thread CPU",
        Arrays.copyOfRange(audioCpu, Math.min(100, audioCount), audioCount));
    row("camera/image_raw (640x480 rgb8)", "wall", imageTimes);
    row("camera/image_raw (640x480 rgb8)", "thread CPU",
        Arrays.copyOfRange(imageCpu, Math.min(30, imageCount), imageCount));
    System.out.println();
    System.out.println("pipeline: " + summary);
  }

  private static void row(String name, String measure, long[] ns) {
    Arrays.sort(ns);
    System.out.printf(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f |%n", name, measure, ns.length, at(ns, 0.5) / 1e3,
        at(ns, 0.9) / 1e3, at(ns, 0.99) / 1e3, ns.length == 0 ? 0 : ns[ns.length - 1] / 1e3);
  }

  private static long at(long[] sorted, double q) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }
}
