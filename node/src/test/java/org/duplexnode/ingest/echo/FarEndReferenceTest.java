package org.duplexnode.ingest.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class FarEndReferenceTest {
  private static final long S = 1_000_000_000L;

  /** A 24 kHz tone of {@code hz}, {@code n} samples, phase counted from sample {@code from}. */
  static short[] tone(double hz, int from, int n) {
    short[] s = new short[n];
    for (int i = 0; i < n; i++) {
      s[i] = (short) Math.round(16384 * Math.sin(2 * Math.PI * hz * (from + i) / 24_000.0));
    }
    return s;
  }

  @Test
  void whatWasPlayedIsReadBackAtItsPlaybackTimeAt16kHz() {
    FarEndReference ref = new FarEndReference();
    // One second of a 500 Hz tone from t = 5 s, handed over in 100 ms slices.
    for (int k = 0; k < 10; k++) {
      ref.played(5 * S + k * S / 10, 24_000, tone(500, k * 2400, 2400), 0, 2400);
    }
    assertThat(ref.playingUntilNanos()).isEqualTo(6 * S);
    float[] got = new float[160];
    ref.read(5 * S + S / 2, got, 160); // mid-stream, 10 ms
    for (int i = 0; i < 160; i++) {
      double expected = 0.5 * Math.sin(2 * Math.PI * 500 * (0.5 + i / 16_000.0));
      assertThat((double) got[i]).as("sample %d", i).isCloseTo(expected, within(0.02));
    }
    ref.read(4 * S, got, 160); // before anything played
    assertThat(got).containsOnly(0f);
    ref.read(7 * S, got, 160); // after the end
    assertThat(got).containsOnly(0f);
  }

  @Test
  void aCutEndsTheReferenceAndThePlaybackThere() {
    FarEndReference ref = new FarEndReference();
    ref.played(S, 24_000, tone(500, 0, 24_000), 0, 24_000);
    ref.cut(S + S / 4);
    assertThat(ref.playingUntilNanos()).isEqualTo(S + S / 4);
    float[] got = new float[160];
    ref.read(S + S / 4 + S / 100, got, 160);
    assertThat(got).containsOnly(0f);
    ref.read(S + S / 8, got, 160);
    assertThat(got).isNotEqualTo(new float[160]);
  }

  @Test
  void aGapBetweenPlaybacksIsSilence() {
    FarEndReference ref = new FarEndReference();
    ref.played(S, 24_000, tone(500, 0, 2400), 0, 2400);
    ref.played(2 * S, 24_000, tone(500, 0, 2400), 0, 2400);
    float[] got = new float[1600];
    ref.read(S + S / 5, got, 1600); // 1.2 .. 1.3 s: between them
    assertThat(got).containsOnly(0f);
    ref.read(2 * S + S / 50, got, 160);
    assertThat(Math.abs(got[40])).isGreaterThan(0.1f);
    assertThat(ref.playingUntilNanos()).isEqualTo(2 * S + S / 10);
  }

  @Test
  void onlyTheLastSecondsAreKept() {
    FarEndReference ref = new FarEndReference();
    for (int k = 0; k < 10 * (FarEndReference.SECONDS + 1); k++) {
      ref.played(k * S / 10, 24_000, tone(500, k * 2400, 2400), 0, 2400);
    }
    float[] got = new float[160];
    ref.read(S / 2, got, 160); // overwritten by later playback: silence, not a wrong echo
    assertThat(got).containsOnly(0f);
    ref.read((FarEndReference.SECONDS + 1) * S - S / 2, got, 160);
    assertThat(Math.abs(got[40]) + Math.abs(got[80])).isGreaterThan(0.1f);
  }

  @Test
  void theReferenceIsReadBetweenSamplesAndResampledAtAClocksRate() {
    FarEndReference ref = new FarEndReference();
    ref.played(S, 24_000, tone(500, 0, 48_000), 0, 48_000);
    float[] got = new float[160];
    // A third of a sample earlier than 0.5 s in, read 100 ppm slower: the tone where the reading is.
    double step = 1 - 100e-6;
    ref.read(S + S / 2, 62_500 / 3.0, step, got, 160);
    for (int i = 0; i < 160; i++) {
      double t = 0.5 + (-1 / 3.0 + i * step) / 16_000.0;
      double expected = 0.5 * Math.sin(2 * Math.PI * 500 * t);
      assertThat((double) got[i]).as("sample %d", i).isCloseTo(expected, within(0.005));
    }
    // On the sample grid at the microphone's rate it is the plain read.
    float[] plain = new float[160];
    ref.read(S + S / 2, plain, 160);
    ref.read(S + S / 2, 0, 1, got, 160);
    assertThat(got).containsExactly(plain);
  }
}
