package org.duplexnode.model;

import java.util.Arrays;
import java.util.List;
import org.duplexnode.model.spec.TtsModel;
import org.duplexnode.model.spec.TtsOptions;

/**
 * The interleaved TTS of a speaking unit (the release's generate_chunk): condition rows
 * {@code emb_text(id) + L2norm(projector(hidden))} per spoken token, then {@code emb_text(audio_bos)};
 * step 0 feeds the condition, each later step feeds the previous code; up to codesPerUnit + 1
 * steps; the last drawn code is not returned (nor fed). EOS is masked while fewer than the minimum
 * codes were drawn: the full count mid-turn, none at the start or end of a turn. The KV cache
 * carries over between units and is reset when a turn ends.
 */
public final class SpeechCodeGenerator {
  private final TtsModel tts;
  private final TtsOptions options;
  private final SoftmaxSampler sampler;

  public SpeechCodeGenerator(TtsModel tts, TtsOptions options) {
    this.tts = tts;
    this.options = options;
    this.sampler = new SoftmaxSampler(options.seed());
  }

  /** A new session: empty cache, the generator back to its seed. */
  public void reset() {
    tts.reset();
    sampler.reseed(options.seed());
  }

  /** True before the first speaking unit of a turn (the release's tts_text_start_pos == 0). */
  public boolean atTurnStart() {
    return tts.cacheLength() == 0;
  }

  /** Generates this unit's codes; resets the cache afterwards when the turn ended. */
  public int[] generate(List<SpokenToken> spoken, boolean endOfTurn) {
    int h = tts.hiddenSize();
    float[] condition = new float[(spoken.size() + 1) * h];
    float[][] hidden = new float[spoken.size()][];
    for (int i = 0; i < hidden.length; i++) {
      hidden[i] = spoken.get(i).hidden();
    }
    float[][] projected = tts.projectAll(hidden);
    for (int i = 0; i < spoken.size(); i++) {
      float[] e = tts.embedText(spoken.get(i).id());
      float[] p = projected[i];
      for (int k = 0; k < h; k++) {
        condition[i * h + k] = e[k] + p[k];
      }
    }
    System.arraycopy(tts.embedText(options.audioBos()), 0, condition, spoken.size() * h, h);

    int maxSteps = options.codesPerUnit() + 1;
    int minCodes = (endOfTurn || atTurnStart()) ? 0 : maxSteps;
    int[] codes = new int[maxSteps];
    int drawn = 0;
    float temperature = (float) options.temperature();
    for (int t = 0; t < maxSteps; t++) {
      // the model's logits array is ours to change until the next feed
      float[] logits = t == 0 ? tts.feed(condition, spoken.size() + 1) : tts.feed(tts.embedCode(codes[t - 1]), 1);
      for (int k = 0; k < logits.length; k++) {
        logits[k] /= temperature;
      }
      if (t > 0) {
        penalise(logits, codes, drawn);
      }
      if (t < minCodes) {
        logits[options.eos()] = Float.NEGATIVE_INFINITY;
      }
      int code = options.greedy() ? TokenDecoder.argmax(logits) : draw(logits);
      codes[drawn++] = code;
      if (code == options.eos()) {
        break;
      }
    }
    // As in the release, the code drawn at the last step taken is dropped (EOS or not).
    int[] out = Arrays.copyOf(codes, drawn - 1);
    if (endOfTurn) {
      tts.reset();
      sampler.reseed(options.seed());
    }
    return out;
  }

  /** The release's repetition penalty: alpha = penalty^count over the last window of codes. */
  private void penalise(float[] logits, int[] codes, int drawn) {
    int from = Math.max(0, drawn - options.repetitionWindow());
    for (int i = from; i < drawn; i++) {
      int code = codes[i];
      boolean counted = false;
      for (int j = from; j < i && !counted; j++) {
        counted = codes[j] == code;
      }
      if (counted) {
        continue;
      }
      int n = 0;
      for (int j = i; j < drawn; j++) {
        n += codes[j] == code ? 1 : 0;
      }
      double alpha = Math.pow(options.repetitionPenalty(), n);
      logits[code] = logits[code] < 0 ? (float) (logits[code] * alpha) : (float) (logits[code] / alpha);
    }
  }

  private int draw(float[] logits) {
    return sampler.draw(logits);
  }

}
