package org.duplexnode.model;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.duplexnode.model.spec.DecodeOptions;
import org.duplexnode.model.spec.Logits;
import org.duplexnode.model.spec.SpecialTokens;

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
 *
 * <p>Decisions are made from the logits' shortlist (the graph's top 64), the few tokens the rules
 * touch (history, turn_eos) and the log-sum-exp, without reading the whole vocabulary: a token
 * outside those is untouched by the rules and no larger than the shortlist's smallest value, so
 * when the winner (or the k-th kept token) is strictly above that bound the answer is the one a
 * full pass gives. Otherwise, and only then, the decoder copies all logits and does the full pass.
 * Both paths draw the same random numbers, so which one ran never changes a seeded result.
 */
public final class TokenDecoder {
  private final SpecialTokens special;
  private final DecodeOptions options;
  private final int[] forbidden;
  private final int[] history;
  private int historyStart;
  private int historySize;
  private boolean[] isForbidden = new boolean[0];
  private int[] seen = new int[0];
  private int epoch;
  private SplittableRandom random;
  private final Shortlist kept;
  private float[] full = new float[0];
  private long fullPasses;

  public TokenDecoder(SpecialTokens special, DecodeOptions options, int[] badTokens) {
    this.special = special;
    this.options = options;
    int[] f = Arrays.copyOf(badTokens, badTokens.length + 2);
    f[badTokens.length] = special.ttsPad();
    f[badTokens.length + 1] = special.chunkEos();
    this.forbidden = f;
    this.history = new int[Math.max(1, options.repetitionWindow())];
    this.kept = new Shortlist(Math.max(options.topK(), 1));
    reset();
  }

  public void reset() {
    historyStart = 0;
    historySize = 0;
    random = new SplittableRandom(options.seed());
  }

  /** Decisions that needed a pass over every logit (the shortlist could not decide exactly). */
  public long fullPasses() {
    return fullPasses;
  }

  /** Chooses a token from a float array (which may be modified). */
  public int decide(float[] logits) {
    return decide(Logits.of(logits));
  }

  /** Chooses a token; reads {@code logits} only (call before the model's next feed). */
  public int decide(Logits logits) {
    sizeFor(logits.size());
    boolean chunkEos;
    if (options.greedy()) {
      int first = argmaxFromShortlist(logits);
      chunkEos = (first >= 0 ? first : argmax(fullCopy(logits))) == special.chunkEos();
    } else {
      chunkEos = drawIsChunkEos(logits);
    }
    if (chunkEos) {
      return special.chunkEos();
    }
    int chosen = collectUnderRules(logits) ? decideFromKept() : decideFromFullPass(logits);
    // Every id decided here joins the history, special ones included: the demo builds its
    // StreamDecoder without special_token_ids (U:4326), so its generated_tokens take them all.
    remember(chosen);
    return chosen;
  }

  /**
   * The plain softmax draw only matters when it picks chunk_eos (T:2127-2135), so one uniform
   * against that token's probability is the same draw in distribution.
   */
  private boolean drawIsChunkEos(Logits logits) {
    double p = Math.exp(logits.at(special.chunkEos()) - logits.logSumExp());
    return random.nextDouble() < p;
  }

  /** The first index of the maximum, or -1 when a token outside the shortlist could tie it. */
  private static int argmaxFromShortlist(Logits l) {
    int n = l.topCount();
    int best = -1;
    float bestValue = Float.NEGATIVE_INFINITY;
    float smallest = Float.POSITIVE_INFINITY;
    for (int r = 0; r < n; r++) {
      float v = l.topValue(r);
      int id = l.topId(r);
      smallest = Math.min(smallest, v);
      if (best < 0 || v > bestValue || (v == bestValue && id < best)) {
        best = id;
        bestValue = v;
      }
    }
    if (n < l.size() && !(bestValue > smallest)) {
      return -1;
    }
    return best;
  }

  /**
   * Fills {@link #kept} with the best tokens after the rules among the shortlist, the history and
   * turn_eos. Returns false when a token outside them could still belong (then a full pass decides).
   */
  private boolean collectUnderRules(Logits l) {
    kept.clear();
    int marked = ++epoch;
    for (int i = 0; i < historySize; i++) {
      int id = history[(historyStart + i) % history.length];
      if (id < seen.length) {
        seen[id] = marked;
      }
    }
    int t = special.turnEos();
    float bound = Float.POSITIVE_INFINITY;
    for (int r = 0; r < l.topCount(); r++) {
      int id = l.topId(r);
      float v = l.topValue(r);
      bound = Math.min(bound, v);
      if (!isForbidden[id] && seen[id] != marked && id != t) {
        kept.offer(id, v);
      }
    }
    boolean turnEosRepeated = t < seen.length && seen[t] == marked;
    int visited = ++epoch;
    for (int i = 0; i < historySize; i++) {
      int id = history[(historyStart + i) % history.length];
      if (id < seen.length && seen[id] != visited && id != t && !isForbidden[id]) {
        seen[id] = visited;
        kept.offer(id, penalised(l.at(id)));
      }
    }
    if (t < seen.length && !isForbidden[t]) {
      float v = l.at(t);
      kept.offer(t, lengthPenalised(turnEosRepeated ? penalised(v) : v));
    }
    if (l.topCount() >= l.size()) {
      return kept.size() > 0;
    }
    int needed = options.greedy() ? 1 : kept.capacity();
    return kept.size() >= needed && kept.value(needed - 1) > bound;
  }

  private int decideFromKept() {
    return options.greedy() ? kept.id(0) : drawFiltered(kept);
  }

  private int decideFromFullPass(Logits l) {
    fullPasses++;
    float[] all = fullCopy(l);
    applyRules(all);
    if (options.greedy()) {
      return argmax(all);
    }
    kept.clear();
    for (int i = 0; i < all.length; i++) {
      kept.offer(i, all[i]);
    }
    return drawFiltered(kept);
  }

  private float[] fullCopy(Logits l) {
    if (full.length != l.size()) {
      full = new float[l.size()];
    }
    l.copyTo(full);
    return full;
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

  /** Temperature over the kept top-k, then top-p (keeping the first token that crosses p), a draw. */
  private int drawFiltered(Shortlist k) {
    int n = k.size();
    if (n == 0) {
      return argmax(full);
    }
    double t = options.temperature();
    double max = k.value(0) / t;
    double[] p = k.weights();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      p[i] = Math.exp(k.value(i) / t - max);
      sum += p[i];
    }
    int keep = n;
    if (options.topP() < 1.0) {
      double cumulative = 0;
      for (int i = 0; i < n; i++) {
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
        return k.id(i);
      }
    }
    return k.id(0);
  }
}
