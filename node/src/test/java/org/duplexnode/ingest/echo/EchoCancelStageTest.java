package org.duplexnode.ingest.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.duplexnode.ingest.audio.AudioStreamSink;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class EchoCancelStageTest {
  private static final long S = 1_000_000_000L;

  /** Subtracts {@code gain} times the reference and gives each sample out {@code latency} samples late. */
  static final class SubtractingCanceller implements EchoCanceller {
    final ArrayDeque<Short> line = new ArrayDeque<>();
    final int latency;
    final double gain;
    final double outGain;
    int resets;

    SubtractingCanceller(int latency, double gain, double outGain) {
      this.latency = latency;
      this.gain = gain;
      this.outGain = outGain;
      for (int i = 0; i < latency; i++) {
        line.add((short) 0);
      }
    }

    @Override public int frameSize() { return 160; }
    @Override public int latencySamples() { return latency; }
    @Override public void cancel(short[] mic, short[] reference, short[] out) {
      for (int i = 0; i < 160; i++) {
        line.add((short) Math.round((mic[i] - gain * reference[i]) * outGain));
        out[i] = line.poll();
      }
    }
    @Override public void reset() { resets++; }
    @Override public void close() { }
  }

  static final class Collect implements AudioStreamSink {
    final List<Float> samples = new ArrayList<>();
    final List<Long> anchors = new ArrayList<>();
    int ends;
    @Override public void streamStarted(long anchorNanos) { anchors.add(anchorNanos); }
    @Override public void samples(float[] s, int off, int len) {
      for (int i = off; i < off + len; i++) {
        samples.add(s[i]);
      }
    }
    @Override public void streamEnded() { ends++; }
  }

  private static void feed(EchoCancelStage stage, float[] mic, int block) {
    for (int off = 0; off < mic.length; off += block) {
      int len = Math.min(block, mic.length - off);
      stage.samples(java.util.Arrays.copyOfRange(mic, off, off + len), 0, len);
    }
  }

  @Test
  void everySampleComesOutAtItsOwnTimeWhateverTheCancellersLatency() {
    Collect out = new Collect();
    EchoCancelStage stage = new EchoCancelStage(out, new SubtractingCanceller(160, 1, 1), new FarEndReference(), 0,
        new EchoMeter());
    float[] mic = new float[1234];
    for (int i = 0; i < mic.length; i++) {
      mic[i] = (i % 100) / 200f;
    }
    stage.streamStarted(3 * S);
    feed(stage, mic, 37);
    stage.streamEnded();
    assertThat(out.anchors).containsExactly(3 * S);
    assertThat(out.ends).isOne();
    assertThat(out.samples).hasSize(mic.length);
    for (int i = 0; i < mic.length; i++) {
      assertThat((double) out.samples.get(i)).as("sample %d", i).isCloseTo(mic[i], within(1e-4));
    }
  }

  @Test
  void theReferenceIsTakenTheEchoDelayBeforeEachMicrophoneSample() {
    FarEndReference ref = new FarEndReference();
    ref.played(S, 24_000, FarEndReferenceTest.tone(700, 0, 24_000), 0, 24_000);
    float[] played = new float[16_000];
    ref.read(S, played, played.length);
    // The microphone hears exactly what played, 30 ms later.
    float[] mic = new float[20_000];
    System.arraycopy(played, 0, mic, 480, played.length);
    assertThat(residualEnergy(ref, mic, 30)).isLessThan(1e-6);
    // 5 ms off, the 700 Hz tone is in antiphase: the echo stays (the frames made louder pass as they came).
    assertThat(residualEnergy(ref, mic, 25)).isGreaterThan(100);
  }

  private static double residualEnergy(FarEndReference ref, float[] mic, int delayMs) {
    Collect out = new Collect();
    EchoCancelStage stage = new EchoCancelStage(out, new SubtractingCanceller(0, 1, 1), ref, delayMs * 1_000_000L,
        new EchoMeter());
    stage.streamStarted(S);
    feed(stage, mic, 1600);
    stage.streamEnded();
    double e = 0;
    for (float v : out.samples) {
      e += v * v;
    }
    return e;
  }

  @Test
  void theMeterSaysHowFarTheEchoWasLoweredWhileTheSpeakerPlayed() {
    FarEndReference ref = new FarEndReference();
    ref.played(S, 24_000, FarEndReferenceTest.tone(700, 0, 48_000), 0, 48_000);
    float[] mic = new float[3 * 16_000];
    ref.read(S, mic, mic.length);
    EchoMeter meter = new EchoMeter();
    EchoCancelStage stage = new EchoCancelStage(new Collect(), new SubtractingCanceller(0, 0, 0.01), ref, 0, meter);
    assertThat(meter.reading().erleDb()).isNaN();
    assertThat(meter.reading().converged()).isFalse();
    stage.streamStarted(S);
    feed(stage, mic, 1600);
    stage.streamEnded();
    EchoMeter.Reading r = meter.reading();
    assertThat(r.erleDb()).isCloseTo(40, within(0.5));
    assertThat(r.converged()).isTrue();
    assertThat(r.farEndS()).isCloseTo(2, within(0.05));
    assertThat(r.frames()).isEqualTo(300);

    EchoMeter poor = new EchoMeter();
    EchoCancelStage weak = new EchoCancelStage(new Collect(), new SubtractingCanceller(0, 0, 0.5), ref, 0, poor);
    weak.streamStarted(S);
    feed(weak, mic, 1600);
    weak.streamEnded();
    assertThat(poor.reading().erleDb()).isCloseTo(6, within(0.5));
    assertThat(poor.reading().converged()).isFalse();
  }

  @Test
  void withNothingPlayedTheMicrophonePassesUnchanged() {
    Collect out = new Collect();
    // A canceller that would halve everything: it is not asked while nothing can echo.
    EchoCancelStage stage = new EchoCancelStage(out, new SubtractingCanceller(160, 1, 0.5), new FarEndReference(),
        EchoAlignment.fixed(0), 300_000_000L, new EchoMeter());
    float[] mic = new float[4_000];
    for (int i = 0; i < mic.length; i++) {
      mic[i] = (float) Math.sin(i * 0.05) * 0.3f;
    }
    stage.streamStarted(S);
    feed(stage, mic, 100);
    stage.streamEnded();
    assertThat(out.samples).hasSize(mic.length);
    for (int i = 0; i < mic.length; i++) {
      assertThat((double) out.samples.get(i)).as("sample %d", i).isCloseTo(mic[i], within(1.0 / 32768));
    }
  }

  @Test
  void aFrameTheCancellerMadeLouderPassesUnchangedAndTheRestIsCancelled() {
    FarEndReference ref = new FarEndReference();
    ref.played(S, 24_000, FarEndReferenceTest.tone(700, 0, 24_000), 0, 24_000);
    float[] mic = new float[16_000];
    ref.read(S, mic, mic.length);
    Collect added = new Collect();
    // Taps of the wrong sign: the echo doubled.
    EchoCancelStage wrong = new EchoCancelStage(added, new SubtractingCanceller(160, -1, 1), ref,
        EchoAlignment.fixed(0), 300_000_000L, new EchoMeter());
    wrong.streamStarted(S);
    feed(wrong, mic, 1600);
    wrong.streamEnded();
    for (int i = 0; i < mic.length; i++) {
      assertThat((double) added.samples.get(i)).as("sample %d", i).isCloseTo(mic[i], within(1.0 / 32768));
    }
    Collect right = new Collect();
    EchoCancelStage good = new EchoCancelStage(right, new SubtractingCanceller(160, 1, 1), ref,
        EchoAlignment.fixed(0), 300_000_000L, new EchoMeter());
    good.streamStarted(S);
    feed(good, mic, 1600);
    good.streamEnded();
    assertThat(right.samples.stream().mapToDouble(v -> v * v).sum()).isLessThan(1e-4);
  }

  @Test
  void theAlignmentMovesTheReferenceAndRestartsTheCancellerWhenItAsks() {
    FarEndReference ref = new FarEndReference();
    ref.played(S, 24_000, FarEndReferenceTest.tone(700, 0, 48_000), 0, 48_000);
    float[] played = new float[32_000];
    ref.read(S, played, played.length);
    // The echo is 30 ms late for the first second, 50 ms after.
    float[] mic = new float[32_000];
    for (int i = 0; i < mic.length; i++) {
      int from = i - (i < 16_000 ? 480 : 800);
      mic[i] = from >= 0 ? played[from] : 0f;
    }
    long[] delay = {30_000_000L};
    int[] restarts = {0};
    EchoAlignment moving = new EchoAlignment() {
      int frames;
      @Override public long delayNanos() { return delay[0]; }
      @Override public boolean restart() { return frames == 100 && restarts[0]++ == 0; }
      @Override public void heard(short[] m, int len, long startNanos) {
        if (++frames == 100) {
          delay[0] = 50_000_000L;
        }
      }
    };
    SubtractingCanceller canceller = new SubtractingCanceller(0, 1, 1);
    Collect out = new Collect();
    EchoCancelStage stage = new EchoCancelStage(out, canceller, ref, moving, 300_000_000L, new EchoMeter());
    stage.streamStarted(S);
    feed(stage, mic, 1600);
    stage.streamEnded();
    assertThat(canceller.resets).isOne();
    assertThat(out.samples.stream().mapToDouble(v -> v * v).sum()).isLessThan(1e-4);
  }
}
