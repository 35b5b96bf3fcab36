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
    ClockSkewFit fit = new ClockSkewFit();
    assertThat(fit.add(S, 80.0)).as("one estimate").isNaN();
    assertThat(fit.add(S + S / 2, 80.025)).as("two, half a second apart").isNaN();
    assertThat(fit.add(2 * S, 80.05)).as("three over a second").isCloseTo(50, within(0.01));
    assertThat(fit.add(3 * S, 80.1)).isCloseTo(50, within(0.01));
  }

  @Test
  void aSecondEstimateOffTheFirstBelievesNothing() {
    // A step between the first two estimates: two runs of one, no slope in either.
    ClockSkewFit fit = new ClockSkewFit();
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
    ClockSkewFit fit = new ClockSkewFit();
    Random random = new Random(1);
    double ppm = Double.NaN;
    for (int s = 0; s < 50; s++) {
      double delay = 80 + 0.1 * s + 10 * (s / 8) + random.nextGaussian() * scatterMs;
      ppm = fit.add(s * S, delay);
    }
    return ppm;
  }

  @Test
  void oneEstimateOffItsNeighboursWeighsNothing() {
    ClockSkewFit fit = new ClockSkewFit();
    double ppm = Double.NaN;
    for (int s = 0; s < 20; s++) {
      ppm = fit.add(s * S, s == 10 ? 95.0 : 80 - 0.02 * s);
    }
    assertThat(ppm).isCloseTo(-20, within(0.01));
  }

  @Test
  void anImplausibleSkewIsCapped() {
    ClockSkewFit fit = new ClockSkewFit();
    double ppm = Double.NaN;
    // 3000 ppm: 0.3 ms every 0.1 s.
    for (int i = 0; i < 25; i++) {
      ppm = fit.add(i * S / 10, 80 + 0.3 * i);
    }
    assertThat(ppm).isEqualTo(ClockSkewFit.MAX_PPM);
  }
}
