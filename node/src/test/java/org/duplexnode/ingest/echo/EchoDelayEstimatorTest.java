package org.duplexnode.ingest.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class EchoDelayEstimatorTest {
  private static final long S = 1_000_000_000L;

  /** Eight seconds of 24 kHz noise played from 1 s. */
  private static FarEndReference noisePlayed() {
    Random random = new Random(3);
    short[] pcm = new short[8 * 24_000];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) (random.nextGaussian() * 3000);
    }
    FarEndReference ref = new FarEndReference();
    ref.played(S, 24_000, pcm, 0, pcm.length);
    return ref;
  }

  /** The microphone from 1 s: the reference {@code delayMs(second)} late, halved, with some noise. */
  private static void hear(EchoDelayEstimator e, FarEndReference ref, int seconds, java.util.function.IntUnaryOperator delayMs,
                           java.util.List<DelayEstimate> after) {
    Random random = new Random(5);
    float[] played = new float[160];
    short[] frame = new short[160];
    for (int f = 0; f < seconds * 100; f++) {
      long at = S + f * 10_000_000L;
      ref.read(at - delayMs.applyAsInt(f / 100) * 1_000_000L, played, 160);
      for (int i = 0; i < 160; i++) {
        frame[i] = (short) Math.round(played[i] * 16384 + random.nextGaussian() * 30);
      }
      if (e.heard(frame, 160, at)) {
        after.add(e.estimate());
      }
    }
  }

  /** The estimate to a tenth of a ms (it is measured to a fraction of a sample); NaN stays NaN. */
  private static double roundedMs(DelayEstimate d) {
    return Double.isNaN(d.delayMs()) ? Double.NaN : Math.round(d.delayMs() * 10) / 10.0;
  }

  @Test
  void aDelayIsBelievedWhenTwoSecondsAgreeOnIt() {
    FarEndReference ref = noisePlayed();
    EchoDelayEstimator e = new EchoDelayEstimator(ref);
    java.util.List<DelayEstimate> after = new java.util.ArrayList<>();
    hear(e, ref, 4, s -> 237, after);
    assertThat(after).hasSize(4);
    assertThat(after.get(0).locked()).isFalse();
    assertThat(after.get(0).delayMs()).isNaN();
    assertThat(after.get(0).confidence()).isGreaterThan(EchoDelayEstimator.CONFIDENT);
    for (DelayEstimate d : after.subList(1, 4)) {
      assertThat(d.locked()).isTrue();
      assertThat(d.delayMs()).isCloseTo(237, within(0.1));
    }
  }

  @Test
  void oneSecondOfAnotherDelayDoesNotMoveItButTwoDo() {
    FarEndReference ref = noisePlayed();
    EchoDelayEstimator once = new EchoDelayEstimator(ref);
    java.util.List<DelayEstimate> a = new java.util.ArrayList<>();
    hear(once, ref, 5, s -> s == 3 ? 400 : 100, a);
    assertThat(a).extracting(EchoDelayEstimatorTest::roundedMs).containsExactly(Double.NaN, 100.0, 100.0, 100.0, 100.0);
    EchoDelayEstimator twice = new EchoDelayEstimator(ref);
    java.util.List<DelayEstimate> b = new java.util.ArrayList<>();
    hear(twice, ref, 6, s -> s >= 3 ? 400 : 100, b);
    assertThat(b).extracting(EchoDelayEstimatorTest::roundedMs).containsExactly(Double.NaN, 100.0, 100.0, 100.0, 400.0, 400.0);
    // A small move (a player's drift) is followed at once.
    EchoDelayEstimator drift = new EchoDelayEstimator(ref);
    java.util.List<DelayEstimate> c = new java.util.ArrayList<>();
    hear(drift, ref, 4, s -> s >= 3 ? 110 : 100, c);
    assertThat(c).extracting(EchoDelayEstimatorTest::roundedMs).containsExactly(Double.NaN, 100.0, 100.0, 110.0);
  }

  @Test
  void withoutAReferenceNothingIsEstimated() {
    EchoDelayEstimator e = new EchoDelayEstimator(new FarEndReference());
    java.util.List<DelayEstimate> after = new java.util.ArrayList<>();
    hear(e, new FarEndReference(), 3, s -> 0, after);
    assertThat(after).isEmpty();
    assertThat(e.estimate()).isEqualTo(DelayEstimate.NONE);
  }

  @Test
  void anEchoLaterThanTheSearchIsNeverBelieved() {
    FarEndReference ref = noisePlayed();
    EchoDelayEstimator e = new EchoDelayEstimator(ref);
    java.util.List<DelayEstimate> after = new java.util.ArrayList<>();
    hear(e, ref, 6, s -> 650, after);
    assertThat(after).hasSize(6).noneMatch(DelayEstimate::locked);
    assertThat(after).allSatisfy(d -> assertThat(d.confidence()).isLessThan(EchoDelayEstimator.CONFIDENT));
  }

  @Test
  void aDriftingDelayIsMeasuredBetweenSamplesAtTheMiddleOfEachSecond() {
    // A player 100 ppm slower than the microphone: the echo 100 ms late at 1 s, 0.1 ms later each
    // second. Loud in the first 300 ms of each second, as speech is unevenly loud: a correlation
    // over the second finds the delay where it is loud unless the reference is read at the drift.
    Random random = new Random(3);
    short[] pcm = new short[8 * 24_000];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) (random.nextGaussian() * (i % 24_000 < 7_200 ? 3000 : 300));
    }
    FarEndReference ref = new FarEndReference();
    ref.played(S, 24_000, pcm, 0, pcm.length);
    double rate = 100e-6;
    java.util.function.DoubleUnaryOperator delayMsAt = t -> 100 + rate * 1000 * (t - 1);
    assertThat(errorsMs(ref, rate, delayMsAt, 0)).as("not told the drift: the loud part's delay")
        .hasSize(6).allSatisfy(err -> assertThat(err).isBetween(-0.035, -0.015));
    assertThat(errorsMs(ref, rate, delayMsAt, rate)).as("told the drift")
        .hasSize(6).allSatisfy(err -> assertThat(err).isCloseTo(0, within(0.003)));
  }

  /** The estimates' errors (ms) against the delay at the time each stands for, the microphone drifting at {@code rate}. */
  private static java.util.List<Double> errorsMs(FarEndReference ref, double rate,
                                                 java.util.function.DoubleUnaryOperator delayMsAt, double told) {
    EchoDelayEstimator e = new EchoDelayEstimator(ref);
    e.driftRate(told);
    float[] played = new float[160];
    short[] frame = new short[160];
    java.util.List<Double> errors = new java.util.ArrayList<>();
    for (int f = 0; f < 700; f++) {
      long at = S + f * 10_000_000L;
      double delayNanos = delayMsAt.applyAsDouble(at / 1e9) * 1e6;
      long whole = (long) Math.floor(delayNanos);
      ref.read(at - whole, delayNanos - whole, 1 - rate, played, 160);
      for (int i = 0; i < 160; i++) {
        frame[i] = (short) Math.round(played[i] * 16384);
      }
      if (e.heard(frame, 160, at) && e.estimate().locked()) {
        DelayEstimate d = e.estimate();
        errors.add(d.delayMs() - delayMsAt.applyAsDouble(d.atNanos() / 1e9));
      }
    }
    return errors;
  }
}
