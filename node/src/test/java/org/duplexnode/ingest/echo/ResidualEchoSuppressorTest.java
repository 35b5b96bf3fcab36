package org.duplexnode.ingest.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The suppressor on made-up signals: a far end of noise syllables, its residual echo as a decaying
 * room's response 30 dB down, and a voice of other syllables over it.
 */
@Tag("unit")
class ResidualEchoSuppressorTest {
  private static final int N = ResidualEchoSuppressor.HOP;
  private static final int FRAMES = 1000;
  /** 10 dB under the far end's level (8000); at 800 (20 dB more under) the voice loses about 4.5 dB. */
  private static final int VOICE_LEVEL = 2530;

  @Test
  void withNoEchoPossibleAFramePassesAsItCameOneFrameLater() {
    ResidualEchoSuppressor s = new ResidualEchoSuppressor();
    short[] in = syllables(new Random(1), FRAMES * N, 8000);
    short[] out = run(s, in, new short[in.length], false);
    for (int i = N; i < in.length; i++) {
      assertThat(Math.abs(out[i] - in[i - N])).as("sample %d", i).isLessThanOrEqualTo(1);
    }
    assertThat(s.frames()).isZero();
  }

  @Test
  void theEchoAloneComesOutSilentOnceLearnt() {
    short[] far = syllables(new Random(2), FRAMES * N, 8000);
    short[] residual = room(far, 0.03, new Random(3));
    ResidualEchoSuppressor s = new ResidualEchoSuppressor();
    short[] out = run(s, residual, far, true);
    int from = 300 * N;
    double erle = 10 * Math.log10(energy(residual, from - N, residual.length - N) / Math.max(1, energy(out, from, out.length)));
    assertThat(erle).as("echo removed after 3 s (dB)").isGreaterThan(40);
    assertThat(s.silencedFrames()).as("frames silenced").isGreaterThan(s.frames() * 8 / 10);
  }

  @Test
  void aVoiceOverTheEchoIsKeptWithin2Db() {
    short[] far = syllables(new Random(2), FRAMES * N, 8000);
    short[] residual = room(far, 0.03, new Random(3));
    short[] voice = syllables(new Random(4), FRAMES * N, VOICE_LEVEL);
    // The voice from 5 s on, 10 dB under the far end and 20 dB over its residual echo (a user 4 dB
    // under the echo in a room where the canceller takes 25 dB).
    short[] mic = new short[far.length];
    for (int i = 0; i < mic.length; i++) {
      mic[i] = (short) (residual[i] + (i >= 500 * N ? voice[i] : 0));
    }
    short[] out = run(new ResidualEchoSuppressor(), mic, far, true);
    double cross = 0;
    double own = 0;
    for (int i = 500 * N; i < mic.length - N; i++) {
      cross += (double) out[i + N] * voice[i];
      own += (double) voice[i] * voice[i];
    }
    assertThat(20 * Math.log10(cross / own)).as("the voice kept (dB)").isGreaterThan(-2);
  }

  private static short[] run(ResidualEchoSuppressor s, short[] in, short[] far, boolean echoPossible) {
    short[] out = new short[in.length];
    short[] a = new short[N];
    short[] b = new short[N];
    short[] o = new short[N];
    for (int f = 0; f + N <= in.length; f += N) {
      System.arraycopy(in, f, a, 0, N);
      System.arraycopy(far, f, b, 0, N);
      s.process(a, b, echoPossible, o);
      System.arraycopy(o, 0, out, f, N);
    }
    return out;
  }

  /** Noise bursts of 100-250 ms with 50-150 ms pauses, low-passed, peaks near {@code level}. */
  static short[] syllables(Random r, int len, int level) {
    short[] x = new short[len];
    int i = 0;
    double lp = 0;
    while (i < len) {
      int on = 1600 + r.nextInt(2400);
      double amp = level * (0.5 + r.nextDouble());
      for (int k = 0; k < on && i < len; k++, i++) {
        lp = 0.7 * lp + 0.3 * r.nextGaussian();
        double env = Math.sin(Math.PI * k / on);
        x[i] = (short) Math.max(-32768, Math.min(32767, amp * env * lp));
      }
      i += 800 + r.nextInt(1600);
    }
    return x;
  }

  /** {@code far} through a 0.3 s exponentially decaying random response, scaled by {@code gain}. */
  static short[] room(short[] far, double gain, Random r) {
    int taps = 4800;
    double[] h = new double[taps];
    double norm = 0;
    for (int k = 0; k < taps; k++) {
      h[k] = r.nextGaussian() * Math.exp(-k / 700.0);
      norm += h[k] * h[k];
    }
    double scale = gain / Math.sqrt(norm);
    short[] y = new short[far.length];
    for (int i = 0; i < far.length; i++) {
      double acc = 0;
      for (int k = 0; k < taps && k <= i; k += 1) {
        acc += h[k] * far[i - k];
      }
      y[i] = (short) Math.max(-32768, Math.min(32767, acc * scale));
    }
    return y;
  }

  private static double energy(short[] x, int from, int to) {
    double e = 0;
    for (int i = Math.max(0, from); i < Math.min(x.length, to); i++) {
      e += (double) x[i] * x[i];
    }
    return e;
  }
}
