package org.duplexnode.ingest.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ClockSkewFitTest {
  private static final long S = 1_000_000_000L;

  @Test
  void theSkewIsBelievedFromTwoEstimatesASecondApart() {
    ClockSkewFit fit = ClockSkewFit.following();
    assertThat(fit.add(S, 80.0)).as("one estimate").isNaN();
    assertThat(fit.add(S + S / 2, 80.025)).as("two, half a second apart").isNaN();
    assertThat(fit.add(2 * S, 80.05)).as("three over a second").isCloseTo(50, within(0.01));
    assertThat(fit.add(3 * S, 80.1)).isCloseTo(50, within(0.01));
  }

  @Test
  void aSecondEstimateOffTheFirstBelievesNothing() {
    // A step between the first two estimates: two runs of one, no slope in either.
    ClockSkewFit fit = ClockSkewFit.following();
    assertThat(fit.add(S, 80.0)).isNaN();
    assertThat(fit.add(2 * S, 90.0)).isNaN();
    assertThat(fit.add(3 * S, 90.03)).as("the second run's two estimates").isCloseTo(30, within(0.01));
  }

  @Test
  void stepsOfTheDelayDoNotMoveTheSlope() {
    // 100 ppm and a 10 ms step every 8 s; exact estimates, then scattered by 0.01 ms (the fit's
    // standard error is then about 0.6 ppm).
    assertThat(fitSteps(0)).isCloseTo(100, within(0.001));
    assertThat(fitSteps(0.01)).isCloseTo(100, within(2.0));
  }

  private static double fitSteps(double scatterMs) {
    ClockSkewFit fit = ClockSkewFit.following();
    Random random = new Random(1);
    double ppm = Double.NaN;
    for (int s = 0; s < 50; s++) {
      double delay = 80 + 0.1 * s + 10 * (s / 8) + random.nextGaussian() * scatterMs;
      ppm = fit.add(s * S, delay);
    }
    return ppm;
  }

  /** A delay that stands for 10 s, grows at 35 ppm for 6 s and stands again, as a rate controller moves it. */
  private static double standGrowStand(int s, Random random) {
    return 80 + 0.035 * Math.min(6, Math.max(0, s - 10)) + random.nextGaussian() * 0.0005;
  }

  @Test
  void aFitThatFollowsStartsOverWhereTheRateChanges() {
    ClockSkewFit fit = ClockSkewFit.following();
    Random random = new Random(3);
    double[] ppm = new double[26];
    for (int s = 0; s < 26; s++) {
      ppm[s] = fit.add(s * S, standGrowStand(s, random));
    }
    assertThat(ppm[9]).as("standing").isCloseTo(0, within(1.0));
    assertThat(ppm[11]).as("the second second of growth").isCloseTo(35, within(3.0));
    assertThat(ppm[15]).as("growing").isCloseTo(35, within(3.0));
    assertThat(ppm[17]).as("the second second standing again").isCloseTo(0, within(3.0));
    assertThat(ppm[25]).isCloseTo(0, within(1.0));
    assertThat(fit.bends()).isEqualTo(2);
  }

  @Test
  void theRecordingsVerdictIsOneSkewOverAllItsEstimates() {
    ClockSkewFit fit = ClockSkewFit.overall();
    Random random = new Random(3);
    double ppm = Double.NaN;
    for (int s = 0; s < 26; s++) {
      ppm = fit.add(s * S, standGrowStand(s, random));
    }
    assertThat(ppm).as("the growth spread over the recording").isBetween(5.0, 15.0);
    assertThat(fit.bends()).isZero();
  }

  @Test
  void theScatterOfASteadySkewDoesNotStartTheFitOverOnceItIsKnown() {
    // 0.002 ms (generated rooms) to 0.02 ms (a noisy room): the thresholds rise with the scatter,
    // measured from the estimates' second differences once five are seen.
    for (double scatterMs : new double[] {0.002, 0.01, 0.02}) {
      for (int seed = 1; seed <= 5; seed++) {
        ClockSkewFit fit = ClockSkewFit.following();
        Random random = new Random(seed);
        long bendsBefore = 0;
        double ppm = Double.NaN;
        for (int s = 0; s < 60; s++) {
          ppm = fit.add(s * S, 80 + 0.03 * s + random.nextGaussian() * scatterMs);
          if (s == 10) {
            bendsBefore = fit.bends();
          }
          if (s > 10) {
            assertThat(ppm).as("scatter %.3f ms, seed %d, at %d s", scatterMs, seed, s).isCloseTo(30, within(10.0));
          }
        }
        assertThat(fit.bends()).as("scatter %.3f ms, seed %d: bends after 10 s", scatterMs, seed).isEqualTo(bendsBefore);
        assertThat(ppm).as("scatter %.3f ms, seed %d", scatterMs, seed).isCloseTo(30, within(1.0));
      }
    }
  }

  @Test
  void oneEstimateOffItsNeighboursWeighsNothing() {
    ClockSkewFit fit = ClockSkewFit.following();
    double ppm = Double.NaN;
    for (int s = 0; s < 20; s++) {
      ppm = fit.add(s * S, s == 10 ? 95.0 : 80 - 0.02 * s);
    }
    assertThat(ppm).isCloseTo(-20, within(0.01));
  }

  @Test
  void anImplausibleSkewIsCapped() {
    ClockSkewFit fit = ClockSkewFit.following();
    double ppm = Double.NaN;
    // 3000 ppm: 0.3 ms every 0.1 s.
    for (int i = 0; i < 25; i++) {
      ppm = fit.add(i * S / 10, 80 + 0.3 * i);
    }
    assertThat(ppm).isEqualTo(ClockSkewFit.MAX_PPM);
  }
}
