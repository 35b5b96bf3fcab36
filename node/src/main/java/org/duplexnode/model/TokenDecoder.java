package org.duplexnode.model;

import java.util.Arrays;

/**
 * Chooses the next LLM token from logits as the release's StreamDecoder.decode does:
 * <ol>
 *   <li>draw from the plain softmax (argmax when greedy); if that is chunk_eos, return it;</li>
 *   <li>else mask tts_pad, the bad-token list and chunk_eos; divide (sic: regardless of sign, as the
 *       release does) the logits of distinct tokens among the last 512 decided (special tokens
 *       included; an early chunk_eos is not recorded) by the repetition penalty; scale turn_eos
 *       by the length penalty (divide if positive, multiply if not);</li>
 *   <li>then argmax (greedy) or temperature, top-k, top-p and a draw.</li>
 * </ol>
 * Draws use a seeded generator, so a seed gives the same tokens every run.
 */
public final class TokenDecoder {
  private static final int SHORTLIST = 16;

  private final SpecialTokens special;
  private final DecodeOptions options;
  private final int[] forbidden;
  private final int[] history;
  private final TopLogits top = new TopLogits(SHORTLIST);
  private int historyStart;
  private int historySize;
  private boolean[] isForbidden = new boolean[0];
  private int[] seen = new int[0];
  private int epoch;
  private final SoftmaxSampler sampler;

  public TokenDecoder(SpecialTokens special, DecodeOptions options, int[] badTokens) {
    this.special = special;
    this.options = options;
    int[] f = Arrays.copyOf(badTokens, badTokens.length + 2);
    f[badTokens.length] = special.ttsPad();
    f[badTokens.length + 1] = special.chunkEos();
    this.forbidden = f;
    this.history = new int[Math.max(1, options.repetitionWindow())];
    this.sampler = new SoftmaxSampler(options.seed());
    reset();
  }

  public void reset() {
    historyStart = 0;
    historySize = 0;
    sampler.reseed(options.seed());
  }

  /** Chooses a token; {@code logits} may be modified. */
  public int decide(float[] logits) {
    sizeFor(logits.length);
    int first = options.greedy() ? top.scan(logits) : drawSoftmax(logits);
    if (first == special.chunkEos()) {
      return first;
    }
    int chosen = options.greedy() ? greedyUnderRules(logits) : -1;
    if (chosen < 0) {
      applyRules(logits);
      chosen = options.greedy() ? argmax(logits) : drawFiltered(logits);
    }
    // Every id decided here joins the history, special ones included: the demo builds its
    // StreamDecoder without special_token_ids (U:4326), so its generated_tokens take them all.
    remember(chosen);
    return chosen;
  }

  /** Masks, repetition penalty and turn_eos length penalty, in place (T:2139-2167). */
  private void applyRules(float[] logits) {
    for (int id : forbidden) {
      if (id >= 0 && id < logits.length) {
        logits[id] = Float.NEGATIVE_INFINITY;
      }
    }
    epoch++;
    for (int i = 0; i < historySize; i++) {
      int id = history[(historyStart + i) % history.length];
      if (id < logits.length && seen[id] != epoch) {
        seen[id] = epoch;
        logits[id] = penalised(logits[id]);
      }
    }
    int t = special.turnEos();
    if (t < logits.length) {
      logits[t] = lengthPenalised(logits[t]);
    }
  }

  /**
   * The argmax after the rules without another pass: the best untouched logit is the first of the
   * shortlist that is neither masked nor penalised; the only other candidates are the penalised
   * ids. Returns -1 when the shortlist holds no untouched id (then the caller does the full pass).
   */
  private int greedyUnderRules(float[] logits) {
    int marked = ++epoch;
    for (int i = 0; i < historySize; i++) {
      int id = history[(historyStart + i) % history.length];
      if (id < logits.length) {
        seen[id] = marked;
      }
    }
    int t = special.turnEos();
    int best = -1;
    float bestValue = Float.NEGATIVE_INFINITY;
    for (int r = 0; r < top.size(); r++) {
      int id = top.id(r);
      if (!isForbidden[id] && seen[id] != marked && id != t) {
        best = id;
        bestValue = top.value(r);
        break;
      }
    }
    if (best < 0) {
      return -1;
    }
    boolean turnEosRepeated = t < logits.length && seen[t] == marked;
    int visited = ++epoch;
    for (int i = 0; i < historySize; i++) {
      int id = history[(historyStart + i) % history.length];
      if (id < logits.length && seen[id] != visited && id != t && !isForbidden[id]) {
        seen[id] = visited;
        float v = penalised(logits[id]);
        if (v > bestValue || (v == bestValue && id < best)) {
          best = id;
          bestValue = v;
        }
      }
    }
    if (t < logits.length && !isForbidden[t]) {
      float v = lengthPenalised(turnEosRepeated ? penalised(logits[t]) : logits[t]);
      if (v > bestValue || (v == bestValue && t < best)) {
        best = t;
      }
    }
    return best;
  }

  /** The release divides regardless of sign when the penalty is above 1 (T:2150-2156). */
  private float penalised(float v) {
    double p = options.repetitionPenalty();
    if (p == 1.0) {
      return v;
    }
    return p > 1.0 ? (float) (v / p) : (float) (v * (1.0 / p));
  }

  private float lengthPenalised(float v) {
    double p = options.turnEosLengthPenalty();
    if (p == 1.0) {
      return v;
    }
    return v > 0 ? (float) (v / p) : (float) (v * p);
  }

  private void remember(int id) {
    if (historySize == history.length) {
      historyStart = (historyStart + 1) % history.length;
      historySize--;
    }
    history[(historyStart + historySize) % history.length] = id;
    historySize++;
  }

  private void sizeFor(int vocab) {
    if (isForbidden.length != vocab) {
      isForbidden = new boolean[vocab];
      for (int id : forbidden) {
        if (id >= 0 && id < vocab) {
          isForbidden[id] = true;
        }
      }
      seen = new int[vocab];
    }
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

  /** A draw from the plain softmax (T:2127-2129). */
  private int drawSoftmax(float[] logits) {
    return sampler.draw(logits);
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
    double u = sampler.random().nextDouble() * kept;
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
