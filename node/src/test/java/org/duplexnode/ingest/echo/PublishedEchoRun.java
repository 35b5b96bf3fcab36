package org.duplexnode.ingest.echo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import org.duplexnode.ingest.audio.AudioStreamSink;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.StatusReport;

/**
 * A {@link SyntheticRoom} through the published-speech echo path, the delay unknown to the node:
 * the robot's speech published as 1 s chunks on the microphone's clock (the first when it starts
 * playing, each next half a second before the one before it ends, as a model composing ahead
 * does) into a {@link PublishedSpeech}; the room plays them {@link SyntheticRoom.Shape#delayMs()}
 * (or its delay curve) later. The microphone goes through in 100 ms blocks.
 *
 * @param mic what the microphone heard
 * @param out what came out of the echo stage
 * @param estimates the delay estimate after each block, with the block's end time
 * @param report /diagnostics at the end
 * @param cpuPerAudioS CPU seconds of the echo stage (estimator included) per second of audio
 */
public record PublishedEchoRun(SyntheticRoom room, float[] mic, float[] out, List<Timed> estimates,
                               StatusReport report, long restarts, double cpuPerAudioS) {
  private static final int RATE = SyntheticRoom.RATE;
  private static final int BLOCK = 1600;
  private static final int CHUNK = 24_000;
  private static final long S = 1_000_000_000L;

  /** The estimate at microphone time {@code atS}. */
  public record Timed(double atS, DelayEstimate estimate) {}

  public static PublishedEchoRun run(SyntheticRoom room, EchoCanceller canceller, int filterMs) {
    return run(room, canceller, filterMs, false);
  }

  /** As above; with {@code model} the output is what the model hears (the residual echo suppressed). */
  public static PublishedEchoRun run(SyntheticRoom room, EchoCanceller canceller, int filterMs, boolean model) {
    FarEndReference reference = new FarEndReference();
    EchoSettings settings = new EchoSettings(EchoSettings.Mode.SPEEX, filterMs, 0, EchoSettings.Reference.PUBLISHED);
    EchoPath path = EchoPath.published(settings, reference, () -> canceller);
    float[] mic = room.microphone();
    float[] out = new float[mic.length];
    long[] micNow = new long[1];
    PublishedSpeech published = new PublishedSpeech(reference, () -> micNow[0]);
    AudioStreamSink collect = new CollectingSink(out);
    AudioStreamSink stage = path.wrap(model ? path.forModel(collect) : collect);
    List<Timed> estimates = new ArrayList<>();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu = 0;
    stage.streamStarted(0);
    short[] robot = room.robot24k();
    int chunks = (robot.length + CHUNK - 1) / CHUNK;
    int next = 0;
    long playStart = (long) (SyntheticRoom.PLAY_START_S * S);
    for (int off = 0; off < mic.length; off += BLOCK) {
      micNow[0] = off * 62_500L;
      while (next < chunks && micNow[0] >= Math.max(playStart, playStart + next * S - S / 2)) {
        short[] pcm = java.util.Arrays.copyOfRange(robot, next * CHUNK, Math.min(robot.length, (next + 1) * CHUNK));
        published.speech(new SpeechChunk(1, next, micNow[0], pcm, next == 0, next == chunks - 1, false));
        next++;
      }
      int len = Math.min(BLOCK, mic.length - off);
      float[] block = java.util.Arrays.copyOfRange(mic, off, off + len);
      long c0 = threads.getCurrentThreadCpuTime();
      stage.samples(block, 0, len);
      cpu += threads.getCurrentThreadCpuTime() - c0;
      estimates.add(new Timed((off + len) / (double) RATE, path.delayEstimate()));
    }
    stage.streamEnded();
    StatusReport report = path.report();
    long restarts = Long.parseLong(report.values().stream().filter(v -> v.key().equals("restarts"))
        .findFirst().orElseThrow().value());
    return new PublishedEchoRun(room, mic, out, estimates, report, restarts, cpu / 1e9 / (mic.length / (double) RATE));
  }

  /** ERLE (dB) from {@code fromS} to {@code toS} where the robot is heard and the user is not. */
  public double erleDb(double fromS, double toS) {
    return EchoCancelRun.erle(room, mic, out, (int) (fromS * RATE), Math.min(mic.length, (int) (toS * RATE)));
  }

  /** The first time the estimate was locked, NaN if never. */
  public double firstLockS() {
    return estimates.stream().filter(t -> t.estimate().locked()).mapToDouble(Timed::atS).findFirst().orElse(Double.NaN);
  }

  /** The output's energy over the microphone's (dB) in the loudest {@code windowS} window of the output relative to it. */
  public double worstGainDb(double fromS, double windowS) {
    int w = (int) (windowS * RATE);
    double worst = Double.NEGATIVE_INFINITY;
    for (int from = (int) (fromS * RATE); from + w <= mic.length; from += w / 2) {
      double m = 0;
      double o = 0;
      for (int i = from; i < from + w; i++) {
        m += (double) mic[i] * mic[i];
        o += (double) out[i] * out[i];
      }
      if (m > 1e-6) {
        worst = Math.max(worst, 10 * Math.log10(o / m));
      }
    }
    return worst;
  }
}
