package org.duplexnode.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.duplexnode.model.TokenDecoder;
import org.duplexnode.model.spec.DecodeOptions;
import org.duplexnode.model.spec.Logits;
import org.duplexnode.model.spec.SpecialTokens;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One LLM decision over the release's 151748 logits, the per-step host work of the decode loop:
 * <ul>
 *   <li>{@code fromShortlist}: what the node does with llm_step's outputs: the 64-entry shortlist,
 *       the log-sum-exp and single logits (history, turn_eos) read in place;</li>
 *   <li>{@code fromFullArray}: the logits copied out of the graph's buffer and scanned (the way
 *       before llm_step returned a shortlist).</li>
 * </ul>
 * The logits are Gaussian (sd 3), which, like a trained model's, puts few values far above the rest.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenDecoderBench {
  private static final int VOCAB = 151748;
  private static final int K = 64;

  @Param({"true", "false"})
  public boolean greedy;

  private final float[] logits = new float[VOCAB];
  private final float[] work = new float[VOCAB];
  private final int[] topIds = new int[K];
  private TokenDecoder decoder;
  private Logits shortlist;

  @Setup
  public void setUp() {
    Random random = new Random(5);
    for (int i = 0; i < VOCAB; i++) {
      logits[i] = (float) (3 * random.nextGaussian());
    }
    Integer[] order = new Integer[VOCAB];
    for (int i = 0; i < VOCAB; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> Float.compare(logits[y], logits[x]));
    for (int r = 0; r < K; r++) {
      topIds[r] = order[r];
    }
    double lse = Logits.of(logits).logSumExp();
    shortlist = new Logits() {
      @Override public int size() { return VOCAB; }
      @Override public float at(int id) { return logits[id]; }
      @Override public int topCount() { return K; }
      @Override public int topId(int rank) { return topIds[rank]; }
      @Override public float topValue(int rank) { return logits[topIds[rank]]; }
      @Override public double logSumExp() { return lse; }
      @Override public void copyTo(float[] into) { System.arraycopy(logits, 0, into, 0, VOCAB); }
    };
    DecodeOptions options = greedy ? DecodeOptions.greedyDefaults() : DecodeOptions.releaseDefaults(1);
    decoder = new TokenDecoder(SpecialTokens.minicpmO45(), options, new int[] {1, 2, 3});
  }

  @Benchmark
  public int fromShortlist(CpuTime cpu) {
    cpu.start();
    int token = decoder.decide(shortlist);
    cpu.stop();
    return token;
  }

  @Benchmark
  public int fromFullArray(CpuTime cpu) {
    cpu.start();
    System.arraycopy(logits, 0, work, 0, VOCAB);
    int token = decoder.decide(work);
    cpu.stop();
    return token;
  }
}
