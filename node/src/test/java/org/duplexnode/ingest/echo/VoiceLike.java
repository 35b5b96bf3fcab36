package org.duplexnode.ingest.echo;

import java.util.Random;

/** Made-up voiced sounds at 16 kHz for the echo's pitch test and its benchmark. */
final class VoiceLike {
  static final int RATE = 16_000;

  private VoiceLike() {}

  /** Two seconds of a voice-like sound: pulses at {@code f0} (with a slight vibrato) through two formant resonators. */
  static float[] voice(double f0, long seed) {
    int n = 2 * RATE;
    float[] source = new float[n];
    double phase = 0;
    Random random = new Random(seed);
    for (int i = 0; i < n; i++) {
      phase += (f0 * (1 + 0.01 * Math.sin(2 * Math.PI * 5 * i / RATE))) / RATE;
      if (phase >= 1) {
        phase -= 1;
        source[i] = 1;
      }
      source[i] += (float) (0.02 * random.nextGaussian());
    }
    return resonate(resonate(source, 700, 0.97), 1_200, 0.95);
  }

  private static float[] resonate(float[] x, double hz, double r) {
    double c = 2 * r * Math.cos(2 * Math.PI * hz / RATE);
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) (x[i] + c * (i > 0 ? y[i - 1] : 0) - r * r * (i > 1 ? y[i - 2] : 0));
    }
    return y;
  }

  static float[] noise(long seed) {
    Random random = new Random(seed);
    float[] x = new float[2 * RATE];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  /** As 16-bit samples, the loudest at -6 dBFS. */
  static short[] pcm(float[] x) {
    float peak = 1e-9f;
    for (float v : x) {
      peak = Math.max(peak, Math.abs(v));
    }
    short[] s = new short[x.length];
    for (int i = 0; i < x.length; i++) {
      s[i] = (short) Math.round(x[i] / peak * 16_000);
    }
    return s;
  }
}
