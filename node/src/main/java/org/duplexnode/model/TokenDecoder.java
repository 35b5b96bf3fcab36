package org.duplexnode.model;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Chooses the next LLM token from logits as the release's StreamDecoder.decode does:
 * <ol>
 *   <li>draw from the plain softmax (argmax when greedy); if that is chunk_eos, return it;</li>
 *   <li>else mask tts_pad, the bad-token list and chunk_eos; divide (sic: regardless of sign, as the
 *       release does) the logits of distinct tokens among the last 512 decided (special tokens
 *       included; an early chunk_eos is not recorded) by the repetition penalty; scale turn_eos by the length penalty (divide if positive, multiply if
 *       not);</li>
 *   <li>then argmax (greedy) or temperature, top-k, top-p and a draw.</li>
 * </ol>
 * Draws use a seeded generator, so a seed gives the same tokens every run.
 */
public final class TokenDecoder {
  private final SpecialTokens special;
  private final DecodeOptions options;
  private final int[] forbidden;
  private final Deque<Integer> history = new ArrayDeque<>();
  private SplittableRandom random;

  public TokenDecoder(SpecialTokens special, DecodeOptions options, int[] badTokens) {
    this.special = special;
    this.options = options;
    int[] f = Arrays.copyOf(badTokens, badTokens.length + 2);
    f[badTokens.length] = special.ttsPad();
    f[badTokens.length + 1] = special.chunkEos();
    this.forbidden = f;
    reset();
  }

  public void reset() {
    history.clear();
    random = new SplittableRandom(options.seed());
  }

  /** Chooses a token; {@code logits} is modified. */
  public int decide(float[] logits) {
    int first = options.greedy() ? argmax(logits) : drawSoftmax(logits, 1.0);
    if (first == special.chunkEos()) {
      return first;
    }
    for (int id : forbidden) {
      if (id >= 0 && id < logits.length) {
        logits[id] = Float.NEGATIVE_INFINITY;
      }
    }
    if (options.repetitionPenalty() != 1.0) {
      Set<Integer> recent = new LinkedHashSet<>(history);
      for (int id : recent) {
        if (id < logits.length) {
          logits[id] = options.repetitionPenalty() > 1.0
              ? (float) (logits[id] / options.repetitionPenalty())
              : (float) (logits[id] * (1.0 / options.repetitionPenalty()));
        }
      }
    }
    if (options.turnEosLengthPenalty() != 1.0 && special.turnEos() < logits.length) {
      int t = special.turnEos();
      logits[t] = logits[t] > 0 ? (float) (logits[t] / options.turnEosLengthPenalty())
          : (float) (logits[t] * options.turnEosLengthPenalty());
    }
    int chosen = options.greedy() ? argmax(logits) : drawFiltered(logits);
    // Every id decided here joins the history, special ones included: the demo builds its
    // StreamDecoder without special_token_ids (U:4326), so its generated_tokens take them all.
    history.addLast(chosen);
    while (history.size() > options.repetitionWindow()) {
      history.removeFirst();
    }
    return chosen;
  }

  static int argmax(float[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[best]) {
        best = i;
      }
    }
    return best;
  }

  private int drawSoftmax(float[] logits, double temperature) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v / temperature);
    }
    double sum = 0;
    double[] p = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      p[i] = Math.exp(logits[i] / temperature - max);
      sum += p[i];
    }
    double u = random.nextDouble() * sum;
    for (int i = 0; i < p.length; i++) {
      u -= p[i];
      if (u <= 0) {
        return i;
      }
    }
    return argmax(logits);
  }

  /** Temperature, then top-k, then top-p (keeping the first token that crosses p), then a draw. */
  private int drawFiltered(float[] logits) {
    int k = Math.min(Math.max(options.topK(), 1), logits.length);
    Integer[] order = topK(logits, k);
    double t = options.temperature();
    double max = logits[order[0]] / t;
    double[] p = new double[k];
    double sum = 0;
    for (int i = 0; i < k; i++) {
      p[i] = Math.exp(logits[order[i]] / t - max);
      sum += p[i];
    }
    int keep = k;
    if (options.topP() < 1.0) {
      double cumulative = 0;
      for (int i = 0; i < k; i++) {
        cumulative += p[i] / sum;
        if (cumulative > options.topP()) {
          keep = i + 1;
          break;
        }
      }
    }
    double kept = 0;
    for (int i = 0; i < keep; i++) {
      kept += p[i];
    }
    double u = random.nextDouble() * kept;
    for (int i = 0; i < keep; i++) {
      u -= p[i];
      if (u <= 0) {
        return order[i];
      }
    }
    return order[0];
  }

  private static Integer[] topK(float[] logits, int k) {
    // Partial selection: k is small (20) against a vocabulary of 151k.
    Integer[] best = new Integer[k];
    int n = 0;
    for (int i = 0; i < logits.length; i++) {
      if (logits[i] == Float.NEGATIVE_INFINITY) {
        continue;
      }
      if (n < k) {
        best[n++] = i;
        for (int j = n - 1; j > 0 && logits[best[j]] > logits[best[j - 1]]; j--) {
          Integer tmp = best[j];
          best[j] = best[j - 1];
          best[j - 1] = tmp;
        }
      } else if (logits[i] > logits[best[k - 1]]) {
        best[k - 1] = i;
        for (int j = k - 1; j > 0 && logits[best[j]] > logits[best[j - 1]]; j--) {
          Integer tmp = best[j];
          best[j] = best[j - 1];
          best[j - 1] = tmp;
        }
      }
    }
    if (n == 0) {
      return new Integer[] {argmax(logits)};
    }
    return n == k ? best : Arrays.copyOf(best, n);
  }
}
