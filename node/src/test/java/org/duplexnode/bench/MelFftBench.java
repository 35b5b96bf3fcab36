package org.duplexnode.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.duplexnode.ingest.audio.mel.RealPowerSpectrum;
import org.jtransforms.fft.DoubleFFT_1D;
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

/**
 * The 400-point power spectrum of mel frames: the project's FFT against JTransforms. One operation
 * is 100 frames, about one unit's worth.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MelFftBench {

  private static final int N = 400;

  private final double[] frame = new double[N];
  private final double[] work = new double[N];
  private final double[] power = new double[N / 2 + 1];
  private final RealPowerSpectrum own = new RealPowerSpectrum(N);
  private final DoubleFFT_1D jtransforms = new DoubleFFT_1D(N);

  @Setup
  public void setUp() {
    Random random = new Random(3);
    for (int i = 0; i < N; i++) {
      frame[i] = random.nextGaussian();
    }
  }

  @Benchmark
  public double[] ownMixedRadix(CpuTime cpu) {
    cpu.start();
    for (int i = 0; i < 100; i++) {
      own.compute(frame, power);
    }
    cpu.stop();
    return power;
  }

  @Benchmark
  public double[] jtransformsRealForward(CpuTime cpu) {
    cpu.start();
    for (int i = 0; i < 100; i++) {
      System.arraycopy(frame, 0, work, 0, N);
      jtransforms.realForward(work);
      power[0] = work[0] * work[0];
      power[N / 2] = work[1] * work[1];
      for (int k = 1; k < N / 2; k++) {
        power[k] = work[2 * k] * work[2 * k] + work[2 * k + 1] * work[2 * k + 1];
      }
    }
    cpu.stop();
    return power;
  }
}
