package org.duplexnode.ingest.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The generated room the echo benches and tests run in (espeak-ng): what a barge-in takes out of it. */
@Tag("integration")
class SyntheticRoomTest {
  private static final int RATE = SyntheticRoom.RATE;
  /** Past a stop 5 s into the speech, the 20 ms delay and the 200 ms impulse response. */
  private static final int AFTER_STOP = (int) Math.round((SyntheticRoom.PLAY_START_S + 5 + 0.02 + 0.2 + 0.05) * RATE);

  /**
   * A speaker that stops after the echo path changed leaves only the room's noise once the new
   * path's impulse response has passed: the echo it no longer makes is taken out through that path
   * (118 dB of it here), not the first one (which leaves it as loud as before, 2 dB louder here).
   */
  @Test
  void aStopAfterTheEchoPathChangedSilencesTheEchoThroughTheNewPath() {
    SyntheticRoom room = SyntheticRoom.make(new SyntheticRoom.Shape(0.2, 20, -22, -26, -60, 7));
    SyntheticRoom other = SyntheticRoom.make(new SyntheticRoom.Shape(0.2, 20, -19, -26, -60, 9));
    SyntheticRoom changed = room.withEchoPathFrom(other, SyntheticRoom.PLAY_START_S + 3, 0);

    double echo = energy(changed.echo(), AFTER_STOP, RATE / 2, new float[RATE / 2]);
    assertThat(10 * Math.log10(echo / (RATE / 2))).as("the echo had the robot talked on, dBFS").isGreaterThan(-30);
    assertThat(leftAfterAStopDb(changed, changed)).as("echo left after the stop, dB").isLessThan(-60);
    assertThat(leftAfterAStopDb(changed, room)).as("the first path's change, dB").isGreaterThan(-20);
  }

  /**
   * Pink noise keeps the white noise's RMS and puts as much power in each octave: 4-8 kHz holds
   * about what 250-500 Hz does (white: 16 times as much, 12 dB).
   */
  @Test
  void pinkNoiseHasTheSameLevelAndEqualPowerPerOctave() {
    SyntheticRoom white = SyntheticRoom.make(new SyntheticRoom.Shape(0.4, 120, -22, -26, -35, 7));
    SyntheticRoom pink = white.withPinkNoise(7);
    assertThat(rmsDb(pink.noise())).isCloseTo(rmsDb(white.noise()), within(0.01));
    assertThat(octaveRatioDb(white.noise())).as("white, 4-8 kHz over 250-500 Hz").isCloseTo(12.0, within(1.0));
    assertThat(octaveRatioDb(pink.noise())).as("pink, 4-8 kHz over 250-500 Hz").isCloseTo(0.0, within(1.0));
  }

  private static double rmsDb(float[] x) {
    double sum = 0;
    for (float v : x) {
      sum += (double) v * v;
    }
    return 10 * Math.log10(sum / x.length);
  }

  private static double octaveRatioDb(float[] x) {
    int n = 1 << 18;
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = x[i];
    }
    new org.jtransforms.fft.DoubleFFT_1D(n).realForward(a);
    return 10 * Math.log10(band(a, 4_000, 8_000) / band(a, 250, 500));
  }

  private static double band(double[] packed, double fromHz, double toHz) {
    int n = packed.length;
    double sum = 0;
    for (int k = (int) (fromHz * n / RATE); k < Math.min(n / 2, (int) (toHz * n / RATE)); k++) {
      sum += packed[2 * k] * packed[2 * k] + packed[2 * k + 1] * packed[2 * k + 1];
    }
    return sum;
  }

  /**
   * A robot's room keeps the DRR it was asked for at the echo's level, and the room from another
   * seed (the robot turned) keeps the direct path: the same delay and gain to within 0.2 dB.
   */
  @Test
  void aRobotThatTurnsKeepsTheDirectPath() {
    SyntheticRoom room = SyntheticRoom.onRobot(new SyntheticRoom.Shape(0.4, 120, -22, -26, -60, 7), 13);
    SyntheticRoom turned = SyntheticRoom.onRobot(new SyntheticRoom.Shape(0.4, 120, -22, -26, -60, 8), 13);

    assertThat(SyntheticRoom.directToReverberantDb(room.impulse())).isCloseTo(13, within(0.5));
    assertThat(turned.echoAt()).isEqualTo(room.echoAt());
    assertThat(20 * Math.log10(turned.impulse()[0] / room.impulse()[0])).as("the direct path's change, dB")
        .isCloseTo(0, within(0.2));
    assertThat(turned.impulse()[1000]).as("the tail").isNotEqualTo(room.impulse()[1000]);
  }

  /**
   * Somebody beside the robot adds one reflection to its impulse response, and the echo is heard
   * through it: a stop leaves nothing of it once the response has passed, where the response
   * without the reflection would leave the reflection's echo (20 dB under the direct path's).
   */
  @Test
  void somebodyBesideTheRobotAddsOneReflectionAndTheEchoGoesThroughIt() {
    SyntheticRoom room = SyntheticRoom.onRobot(new SyntheticRoom.Shape(0.2, 20, -22, -26, -60, 7), 16);
    SyntheticRoom beside = room.withReflection(3.0, -20);
    assertThat(beside.impulse()[48] - room.impulse()[48]).isCloseTo(room.impulse()[0] * 0.1f, within(1e-6f));
    assertThat(beside.impulse()[47]).isEqualTo(room.impulse()[47]);
    assertThat(leftAfterAStopDb(beside, beside)).as("echo left after the stop, dB").isLessThan(-60);
    assertThat(leftAfterAStopDb(beside, room)).as("without the reflection, dB").isBetween(-30.0, -10.0);
  }

  /**
   * The echo {@code heard} in half a second past a stop 5 s into the speech (past the delay and the
   * 200 ms impulse response), the stop's change taken out through {@code through}'s path: dB under
   * the echo had the robot talked on.
   */
  private static double leftAfterAStopDb(SyntheticRoom heard, SyntheticRoom through) {
    short[] played = Arrays.copyOf(heard.robot24k(), 5 * 24_000);
    int len = RATE / 2;
    double echo = energy(heard.echo(), AFTER_STOP, len, new float[len]);
    return 10 * Math.log10(energy(heard.echo(), AFTER_STOP, len, through.echoChange(played, AFTER_STOP, len)) / echo);
  }

  /** Energy of {@code echo[from, from + len)} plus {@code change}. */
  private static double energy(float[] echo, int from, int len, float[] change) {
    double e = 0;
    for (int i = 0; i < len; i++) {
      double v = echo[from + i] + change[i];
      e += v * v;
    }
    return e;
  }
}
