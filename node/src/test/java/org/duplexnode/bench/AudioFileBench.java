package org.duplexnode.bench;

import java.nio.file.Path;
import java.util.Arrays;
import org.duplexnode.ingest.audio.AudioChunk;
import org.duplexnode.ingest.audio.AudioIngest;
import org.duplexnode.ingest.audio.AudioIngestConfig;
import org.duplexnode.ingest.audio.SampleFormat;
import org.duplexnode.ingest.audio.mel.MelChunk;
import org.duplexnode.ingest.audio.mel.StreamingLogMel;
import org.duplexnode.session.AudioUnit;
import org.duplexnode.session.UnitAssembler;
import org.duplexnode.session.UnitSchedule;
import org.duplexnode.testing.WavFile;

/**
 * The node's audio front end over a whole WAV file (48 kHz stereo S16LE, as a microphone
 * driver publishes it): 20-ms messages through {@code AudioIngest} (decode, downmix, resample
 * to 16 kHz, units) and the streaming log-mel of every unit. The counterpart of
 * {@code node/bench/audio_reference.py}, which does the same work with SciPy and NumPy.
 *
 * <p>Arguments: the WAV, the number of timed passes (one untimed pass warms the JIT first).
 * Prints one line: {@code node-front-end seconds=<audio s> best_s=<best pass> cpu_s=<its CPU>}.
 */
public final class AudioFileBench {
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private AudioFileBench() {}

  public static void main(String[] args) throws Exception {
    WavFile wav = WavFile.read(Path.of(args[0]));
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    if (wav.channels() != 2) {
      throw new IllegalArgumentException(args[0] + " has " + wav.channels() + " channels; need 2");
    }
    int frames = wav.sampleRate() / 50;
    int messageCount = wav.samples().length / 2 / frames;
    byte[][] messages = new byte[messageCount][];
    for (int m = 0; m < messageCount; m++) {
      byte[] b = new byte[frames * 4];
      for (int i = 0; i < frames * 2; i++) {
        short s = wav.samples()[m * frames * 2 + i];
        b[2 * i] = (byte) s;
        b[2 * i + 1] = (byte) (s >> 8);
      }
      messages[m] = b;
    }
    double seconds = messageCount / 50.0;
    long[] wall = new long[passes];
    long[] cpu = new long[passes];
    long checksum = 0;
    for (int p = -1; p < passes; p++) {
      long[] melFrames = {0};
      StreamingLogMel mel = new StreamingLogMel();
      AudioIngest ingest = new AudioIngest(AudioIngestConfig.defaults(),
          new UnitAssembler(UnitSchedule.MINICPM_O_45, unit -> melFrames[0] += melOf(mel, unit)));
      long c0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      long stamp = 1_000_000_000L;
      for (byte[] m : messages) {
        ingest.accept(AudioChunk.ofBytes(stamp, wav.sampleRate(), 2, SampleFormat.S16LE, m));
        stamp += 20_000_000L;
      }
      if (p >= 0) {
        wall[p] = System.nanoTime() - t0;
        cpu[p] = THREADS.getCurrentThreadCpuTime() - c0;
      }
      checksum += melFrames[0];
    }
    int best = 0;
    for (int p = 1; p < passes; p++) {
      best = wall[p] < wall[best] ? p : best;
    }
    System.out.printf("node-front-end seconds=%.1f best_s=%.4f cpu_s=%.4f passes=%s frames=%d%n",
        seconds, wall[best] / 1e9, cpu[best] / 1e9, Arrays.toString(wall), checksum / (passes + 1));
  }

  private static int melOf(StreamingLogMel mel, AudioUnit unit) {
    if (unit.startsStream()) {
      mel.reset();
    }
    MelChunk chunk = mel.accept(unit.samples());
    return chunk.frames();
  }
}
