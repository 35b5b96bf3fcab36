package org.duplexnode.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.duplexnode.ingest.audio.AudioChunk;
import org.duplexnode.ingest.audio.AudioIngest;
import org.duplexnode.ingest.audio.AudioIngestConfig;
import org.duplexnode.ingest.audio.SampleFormat;
import org.duplexnode.ingest.audio.StreamingResampler;
import org.duplexnode.ingest.audio.mel.MelChunk;
import org.duplexnode.ingest.audio.mel.StreamingLogMel;
import org.duplexnode.session.AudioUnit;
import org.duplexnode.session.UnitAssembler;
import org.duplexnode.session.UnitSchedule;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One second of microphone audio through the host front end: 48 kHz stereo S16LE in 20-ms
 * messages, decoded, resampled to 16 kHz, cut into units, and the log-mel of the unit. Every
 * operation is one second of audio, so the score is the cost per second of audio.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AudioFrontEndBench {

  private static final int RATE = 48000;
  private static final int MESSAGES = 50;
  private static final int FRAMES = RATE / MESSAGES;
  private static final long MESSAGE_NANOS = 1_000_000_000L / MESSAGES;

  private final byte[][] messages = new byte[MESSAGES][];
  private AudioIngest ingest;
  private StreamingLogMel mel;
  private Blackhole blackhole;
  private long stamp;
  private StreamingResampler resampler;
  private StreamingLogMel melOnly;
  private float[] unitSamples;

  @Setup
  public void setUp(Blackhole bh) {
    blackhole = bh;
    Random random = new Random(1);
    for (int m = 0; m < MESSAGES; m++) {
      ByteBuffer b = ByteBuffer.allocate(FRAMES * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < FRAMES; i++) {
        double t = (m * FRAMES + i) / (double) RATE;
        short left = (short) (8000 * Math.sin(2 * Math.PI * 220 * t) + 500 * random.nextGaussian());
        short right = (short) (6000 * Math.sin(2 * Math.PI * 330 * t) + 500 * random.nextGaussian());
        b.putShort(left).putShort(right);
      }
      messages[m] = b.array();
    }
    mel = new StreamingLogMel();
    ingest = new AudioIngest(AudioIngestConfig.defaults(), new UnitAssembler(UnitSchedule.MINICPM_O_45, this::unit));
    stamp = 1_000_000_000L;
    resampler = new StreamingResampler(RATE);
    melOnly = new StreamingLogMel();
    unitSamples = new float[16000];
    for (int i = 0; i < unitSamples.length; i++) {
      unitSamples[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 16000.0) + 0.01 * random.nextGaussian());
    }
    melOnly.accept(new float[16480]);
  }

  private void unit(AudioUnit unit) {
    if (unit.startsStream()) {
      mel.reset();
    }
    MelChunk chunk = mel.accept(unit.samples());
    blackhole.consume(chunk);
  }

  /** 48 kHz stereo S16LE to 16 kHz mono units plus the log-mel of each unit: one second of audio. */
  @Benchmark
  public void secondOfAudioToMel(CpuTime cpu) {
    cpu.start();
    for (byte[] m : messages) {
      ingest.accept(AudioChunk.ofBytes(stamp, RATE, 2, SampleFormat.S16LE, m));
      stamp += MESSAGE_NANOS;
    }
    cpu.stop();
  }

  /** The resampler alone: one second of 48 kHz mono to 16 kHz. */
  @Benchmark
  public void resampleSecond48k(Blackhole bh, CpuTime cpu) {
    cpu.start();
    float[] x = unitSamples;
    for (int m = 0; m < 3; m++) {
      bh.consume(resampler.process(x, 0, x.length));
    }
    cpu.stop();
  }

  /** The log-mel of one later unit (104 frames), window sliding as in a long session. */
  @Benchmark
  public MelChunk melOfOneUnit(CpuTime cpu) {
    cpu.start();
    MelChunk chunk = melOnly.accept(unitSamples);
    cpu.stop();
    return chunk;
  }
}
