package org.duplexnode.ingest.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The canceller's cue above 5.5 kHz ({@link HighBandCue} through {@link EchoMeter#voiceCue}): a
 * voice's unvoiced sound over the robot's voiced echo is a cue, the echo and the room's noise are not.
 */
@Tag("unit")
class HighBandCueTest {
  private static final int N = 160;
  private static final double RATE = 16_000;

  /** The robot: a 300 Hz vowel at -13 dBFS over a breath of white noise at -40 dBFS; a fricative is loud noise. */
  private final Random random = new Random(3);
  private long t;
  private final EchoMeter meter = new EchoMeter();

  private static double amplitude(double dbfs) {
    return Math.pow(10, dbfs / 20);
  }

  /** One frame: the far end (silent when {@code farEndDbfs} is NaN), echo 20 dB under it, lowered 30 dB, plus {@code user}. */
  private boolean frame(double fricativeDbfs, boolean farEndSilent, double userHz, double userDbfs, boolean uncancelled) {
    short[] ref = new short[N];
    short[] mic = new short[N];
    short[] out = new short[N];
    for (int i = 0; i < N; i++, t++) {
      double r = farEndSilent ? 0
          : amplitude(-13) * Math.sin(2 * Math.PI * 300 * t / RATE) + amplitude(-40) * random.nextGaussian()
              + (Double.isNaN(fricativeDbfs) ? 0 : amplitude(fricativeDbfs) * random.nextGaussian());
      double noise = amplitude(-75) * random.nextGaussian();
      double user = Double.isNaN(userDbfs) ? 0 : amplitude(userDbfs) * Math.sqrt(2) * Math.sin(2 * Math.PI * userHz * t / RATE);
      double echo = 0.1 * r;
      double m = echo + noise + user;
      ref[i] = pcm(r);
      mic[i] = pcm(m);
      out[i] = pcm(uncancelled ? m : echo * amplitude(-30) + noise + user);
    }
    meter.frame(mic, ref, out, N);
    return meter.voiceCue(EchoPath.BARGE_IN_MIN_ERLE_DB, EchoPath.CUE_ABOVE_RESIDUAL_DB, EchoPath.CUE_BELOW_ECHO_DB);
  }

  private static short pcm(double v) {
    return (short) Math.round(Math.max(-1, Math.min(1, v)) * 32767);
  }

  private boolean echo() {
    return frame(Double.NaN, false, 0, Double.NaN, false);
  }

  /** Seven seconds of the robot's voice alone, the detector hearing no voice: no cue in them. */
  private void converge() {
    int cues = 0;
    for (int i = 0; i < 700; i++) {
      cues += echo() ? 1 : 0;
      if (i % 10 == 9) {
        meter.singleTalk();
      }
    }
    assertThat(cues).as("cues from the echo alone").isZero();
  }

  @Test
  void anUnvoicedSoundOverTheEchoIsACueTheSameEnergyLowerDownIsNot() {
    converge();
    assertThat(frame(Double.NaN, false, 6_500, -46, false)).as("6.5 kHz at -46 dBFS, the echo -33 dBFS").isTrue();
    for (int i = 0; i < 30; i++) {
      echo();
    }
    assertThat(frame(Double.NaN, false, 1_000, -46, false)).as("1 kHz at -46 dBFS").isFalse();
  }

  @Test
  void theRobotsOwnFricativeIsNoCueWhereTheCancellerTakesIt() {
    converge();
    boolean cue = false;
    for (int i = 0; i < 8; i++) {
      cue |= frame(-20, false, 0, Double.NaN, false);
    }
    assertThat(cue).as("a fricative of the robot 20 dB over its breath, cancelled").isFalse();
    boolean uncancelled = false;
    for (int i = 0; i < 8; i++) {
      uncancelled |= frame(-20, false, 0, Double.NaN, true);
    }
    assertThat(uncancelled).as("the same, which the canceller could not take at all").isTrue();
  }

  @Test
  void inAPauseOfTheFarEndAVoiceIsACueAndTheNoiseIsNot() {
    converge();
    boolean cue = false;
    for (int i = 0; i < 20; i++) {
      cue |= frame(Double.NaN, true, 0, Double.NaN, true);
    }
    assertThat(cue).as("the room's noise in a pause, passed unchanged").isFalse();
    assertThat(frame(Double.NaN, true, 6_500, -46, true)).as("6.5 kHz at -46 dBFS in the pause").isTrue();
  }

  @Test
  void nothingIsACueBeforeTheMeterHasHeardTheFarEndLongEnough() {
    for (int i = 0; i < 300; i++) {
      echo();
      meter.singleTalk();
    }
    assertThat(frame(Double.NaN, false, 6_500, -40, false)).as("3 s in").isFalse();
  }
}
