package org.duplexnode.ingest.echo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.duplexnode.testing.PulseAudioServer;

/**
 * PulseAudio's module-echo-cancel (WebRTC) on a {@link SyntheticRoom}, through a private
 * {@link PulseAudioServer}, for comparison with the node's canceller on the same signals. The
 * microphone is a null sink whose monitor is the module's source master; the far end is played
 * into the module's sink, whose master is another null sink. Both are played by pacat in real time
 * at once (the far end from the same start as the microphone, with {@link SyntheticRoom#PLAY_START_S}
 * of silence first, and both after {@link #LEAD_S} of silence), the module's source is recorded by
 * parec, and the recording is lined up with the microphone by the user's voice in it; then
 * {@link EchoCancelRun#measure} as for the node's.
 * Each room gets a server of its own, so the module starts unconverged as the node's does.
 */
public final class PulseEchoCancel {
  private static final int RATE = SyntheticRoom.RATE;
  private static final String MIC_SINK = "aec_mic";
  private static final String FAR_SINK = "aec_far";
  private static final String SOURCE = "aec_out";
  private static final String SINK = "aec_ref";
  /**
   * Silence played on both streams before the room: the module resynchronises its two streams
   * when they start (dropping up to hundreds of ms of one), which must be over before the echo comes.
   */
  public static final double LEAD_S = 2.0;
  /**
   * WebRTC at 16 kHz mono; its gain controls off, since they move the levels the figures compare
   * (its high-pass filter and noise suppression stay on, as SpeexDSP's preprocessor does its own);
   * no periodic re-alignment of the two streams (adjust_time=0): the null sinks share one clock,
   * and on a busy machine each re-alignment dropped tens of ms of one stream, which the canceller
   * then had to learn again. With {@code extendedFilter}, WebRTC's extended filter mode (a longer
   * adaptive filter).
   */
  public static List<String> moduleArguments(boolean extendedFilter) {
    return List.of("aec_method=webrtc", "source_master=" + MIC_SINK + ".monitor", "sink_master=" + FAR_SINK,
        "source_name=" + SOURCE, "sink_name=" + SINK, "rate=16000", "channels=1", "adjust_time=0",
        "aec_args=\"analog_gain_control=0 digital_gain_control=0" + (extendedFilter ? " extended_filter=1" : "") + "\"");
  }

  /**
   * @param figures the same figures as the node's canceller gets; CPU is the PulseAudio server's
   *     (the module, the null sinks and the resampling of the far end) per second of audio
   * @param offsetS where the room's first sample is in the recording ({@link #LEAD_S} and the
   *     clients' buffering)
   */
  public record Result(EchoCancelRun figures, double offsetS) {}

  private PulseEchoCancel() {}

  /**
   * The module's output over a room, lined up sample by sample with its microphone.
   *
   * @param out as long as the microphone
   * @param offsetS where the room's first sample is in the recording ({@link #LEAD_S} and the
   *     clients' buffering)
   * @param cpuPerAudioS the PulseAudio server's CPU seconds per second of audio
   */
  public record Output(float[] out, double offsetS, double cpuPerAudioS) {}

  /**
   * Runs {@code room} through the module on a private server of its own (started in {@code dir},
   * real-time scheduled where permitted, stopped at the end): a fresh canceller, as the node's is.
   */
  public static Result run(Path dir, SyntheticRoom room, boolean extendedFilter)
      throws IOException, InterruptedException {
    float[] mic = room.microphone();
    Output o = output(dir, room, extendedFilter, room.nearEnd(), (int) (room.userStartS() * RATE), mic.length);
    return new Result(EchoCancelRun.measure(room, o.out(), o.cpuPerAudioS(), null), o.offsetS());
  }

  /**
   * As {@link #run}, the output alone, lined up by {@code align} over its samples [from, to): a
   * signal the room's microphone carries there (its user, or a marker in a room without one) and
   * the module lets through, which nothing else in the microphone resembles.
   */
  public static Output output(Path dir, SyntheticRoom room, boolean extendedFilter, float[] align, int from, int to)
      throws IOException, InterruptedException {
    try (PulseAudioServer server = PulseAudioServer.start(dir.resolve("server"), true)) {
      for (String sink : List.of(MIC_SINK, FAR_SINK)) {
        server.loadModule("module-null-sink", "sink_name=" + sink, "rate=16000", "channels=1", "format=s16le");
      }
      server.loadModule("module-echo-cancel", moduleArguments(extendedFilter).toArray(String[]::new));
      return output(server, dir, room, align, from, to);
    }
  }

  private static Output output(PulseAudioServer server, Path dir, SyntheticRoom room, float[] align, int from, int to)
      throws IOException, InterruptedException {
    float[] mic = room.microphone();
    Path micRaw = dir.resolve("mic.raw");
    Path farRaw = dir.resolve("far.raw");
    Path outRaw = dir.resolve("out.raw");
    int lead = (int) (LEAD_S * RATE);
    float[] micPlayed = new float[lead + mic.length];
    System.arraycopy(mic, 0, micPlayed, lead, mic.length);
    Files.write(micRaw, pcm(micPlayed));
    // The far end as long as the microphone, so that neither stream's end moves the other
    short[] far = new short[micPlayed.length * 3 / 2];
    System.arraycopy(room.robot24k(), 0, far, (int) ((LEAD_S + SyntheticRoom.PLAY_START_S) * 24_000),
        room.robot24k().length);
    Files.write(farRaw, pcm(far));
    Process recording = server.record(SOURCE, RATE, outRaw);
    Thread.sleep(500);
    double cpu0 = server.cpuSeconds();
    Process farEnd = server.play(SINK, 24_000, farRaw);
    Process microphone = server.play(MIC_SINK, RATE, micRaw);
    long waitS = micPlayed.length / RATE + 20;
    for (Process p : List.of(farEnd, microphone)) {
      if (!p.waitFor(waitS, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("pacat did not play its file (see " + dir + ")");
      }
    }
    Thread.sleep(1000);
    double cpu = server.cpuSeconds() - cpu0;
    PulseAudioServer.stop(recording);
    float[] recorded = floats(Files.readAllBytes(outRaw));
    int offset = offset(recorded, align, from, Math.min(to, mic.length), mic.length);
    if (offset < lead / 2) {
      throw new AssertionError("the aligning signal is not in the recording after the lead-in (offset " + offset + ")");
    }
    float[] out = new float[mic.length];
    System.arraycopy(recorded, offset, out, 0, Math.min(mic.length, recorded.length - offset));
    return new Output(out, offset / (double) RATE, cpu / (mic.length / (double) RATE));
  }

  /**
   * Where in {@code recorded} the sample 0 of the signal {@code x} is, judged by the
   * cross-correlation over x's [from, to): first on 4-sample sums, then sample by sample around.
   */
  static int offset(float[] recorded, float[] x, int from, int to) {
    return offset(recorded, x, from, to, to);
  }

  /** As {@link #offset(float[], float[], int, int)}, the recording holding {@code span} samples from there. */
  private static int offset(float[] recorded, float[] x, int from, int to, int span) {
    int last = recorded.length - span;
    if (last < 0) {
      throw new AssertionError("the recording (" + recorded.length + " samples) is shorter than what was played ("
          + span + ")");
    }
    float[] r4 = sums(recorded);
    float[] x4 = sums(x);
    int coarse = 0;
    double best = Double.NEGATIVE_INFINITY;
    for (int o = 0; o <= last / 4; o++) {
      double c = 0;
      for (int i = from / 4; i < to / 4; i++) {
        c += (double) r4[o + i] * x4[i];
      }
      if (c > best) {
        best = c;
        coarse = o * 4;
      }
    }
    int fine = coarse;
    best = Double.NEGATIVE_INFINITY;
    for (int o = Math.max(0, coarse - 8); o <= Math.min(last, coarse + 8); o++) {
      double c = 0;
      for (int i = from; i < to; i++) {
        c += (double) recorded[o + i] * x[i];
      }
      if (c > best) {
        best = c;
        fine = o;
      }
    }
    return fine;
  }

  private static float[] sums(float[] x) {
    float[] s = new float[x.length / 4];
    for (int i = 0; i < s.length; i++) {
      s[i] = x[4 * i] + x[4 * i + 1] + x[4 * i + 2] + x[4 * i + 3];
    }
    return s;
  }

  private static byte[] pcm(float[] x) {
    ByteBuffer b = ByteBuffer.allocate(x.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : x) {
      b.putShort((short) Math.round(Math.max(-1f, Math.min(1f, v)) * 32767f));
    }
    return b.array();
  }

  private static byte[] pcm(short[] x) {
    ByteBuffer b = ByteBuffer.allocate(x.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short v : x) {
      b.putShort(v);
    }
    return b.array();
  }

  private static float[] floats(byte[] raw) {
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    float[] x = new float[raw.length / 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = b.getShort() / 32768f;
    }
    return x;
  }
}
