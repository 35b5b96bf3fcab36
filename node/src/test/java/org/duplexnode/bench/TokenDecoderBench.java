package org.duplexnode.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.duplexnode.model.DecodeOptions;
import org.duplexnode.model.SpecialTokens;
import org.duplexnode.model.TokenDecoder;
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
 * One greedy LLM decision over the release's 151748 logits: the per-step host work of the
 * decode loop (the copy out of the graph's buffer, the top-k scan, the repetition and length
 * rules). The logits are Gaussian (sd 3), which, like a trained model's, puts few values above
 * the running 16th-largest once the scan is under way.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenDecoderBench {
  private static final int VOCAB = 151748;

  private final float[] logits = new float[VOCAB];
  private final float[] work = new float[VOCAB];
  private TokenDecoder decoder;

  @Setup
  public void setUp() {
    Random random = new Random(5);
    for (int i = 0; i < VOCAB; i++) {
      logits[i] = (float) (3 * random.nextGaussian());
    }
    decoder = new TokenDecoder(SpecialTokens.minicpmO45(), DecodeOptions.greedyDefaults(),
        new int[] {1, 2, 3});
  }

  @Benchmark
  public int greedyDecision(CpuTime cpu) {
    cpu.start();
    System.arraycopy(logits, 0, work, 0, VOCAB);
    int token = decoder.decide(work);
    cpu.stop();
    return token;
  }
}
