package org.duplexnode.model.graphs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.duplexnode.engine.Graph;
import org.duplexnode.engine.Tensor;
import org.duplexnode.model.Vocoder;
import org.duplexnode.model.pkg.Manifest;
import org.duplexnode.model.pkg.ModelPackage;

/**
 * Token2Wav over {@code t2w_encoder}, {@code flow_steps} (5) Euler steps of {@code dit_step} and
 * {@code hift} (contract 3 and 4.5): one window of codes to 24 kHz audio with the streaming
 * caches of each part. The caches start from the package's voice and go back to it on
 * {@link #resetCaches()}; the flow starts every window from the fixed noise table. The vocoder
 * keeps back the last 3840 samples of a window for the next cross-fade, except on the last
 * window of a turn. A window too long for the noise table fails with an
 * {@link IllegalArgumentException}. Not thread-safe.
 */
public final class Token2WavGraphs implements Vocoder {
  private final Graph encoder;
  private final Graph dit;
  private final Graph hift;
  private final ModelPackage pkg;
  private final int mels;
  private final int lookahead;
  private final int padCode;
  private final int steps;
  private final int melCacheFrames;
  private final int holdBack;
  private final int noiseFrames;
  private final float[] noise;
  private final float[] tSpan;
  private final Tensor spk;
  private final WindowedCache encCacheK;
  private final WindowedCache encCacheV;
  private final WindowedCache upCacheK;
  private final WindowedCache upCacheV;
  private final List<DitCaches> ditCaches = new ArrayList<>();
  private Tensor cnnCache;
  private float[] melCache;
  private Tensor sourceCache;
  private float[] speechCache;

  /** One Euler step's own caches (step k's caches are only used by step k). */
  private static final class DitCaches {
    Tensor cnn;
    final WindowedCache keys;
    final WindowedCache values;

    DitCaches(WindowedCache keys, WindowedCache values) {
      this.keys = keys;
      this.values = values;
    }
  }

  public Token2WavGraphs(Graph encoder, Graph dit, Graph hift, ModelPackage pkg) {
    this.encoder = encoder;
    this.dit = dit;
    this.hift = hift;
    this.pkg = pkg;
    Manifest m = pkg.manifest();
    this.mels = m.intAt("audio.n_mels");
    this.lookahead = m.intAt("token2wav.lookahead");
    this.padCode = m.intAt("token2wav.pad_code");
    this.steps = m.intAt("token2wav.flow_steps");
    this.melCacheFrames = m.intAt("token2wav.hift.mel_cache_frames");
    this.holdBack = m.intAt("token2wav.hift.source_cache_samples");
    this.noise = pkg.table("token2wav.noise").toFloatArray();
    this.noiseFrames = (int) pkg.table("token2wav.noise").shape()[2];
    this.tSpan = cosineSchedule(steps);
    this.spk = Tensor.ofFloats(pkg.voice("spk").toFloatArray(), 1, mels);
    String e = "token2wav.encoder.";
    int heads = m.intAt(e + "num_heads");
    int dim = m.intAt(e + "head_dim");
    this.encCacheK = new WindowedCache(m.intAt(e + "num_layers"), 1, heads, dim, m.intAt(e + "att_cache_frames"));
    this.encCacheV = new WindowedCache(m.intAt(e + "num_layers"), 1, heads, dim, m.intAt(e + "att_cache_frames"));
    this.upCacheK = new WindowedCache(m.intAt(e + "num_up_layers"), 1, heads, dim, m.intAt(e + "up_att_cache_frames"));
    this.upCacheV = new WindowedCache(m.intAt(e + "num_up_layers"), 1, heads, dim, m.intAt(e + "up_att_cache_frames"));
    String d = "token2wav.dit.";
    for (int k = 0; k < steps; k++) {
      ditCaches.add(new DitCaches(
          new WindowedCache(m.intAt(d + "num_layers"), 2, m.intAt(d + "num_heads"), m.intAt(d + "head_dim"),
              m.intAt(d + "att_cache_frames")),
          new WindowedCache(m.intAt(d + "num_layers"), 2, m.intAt(d + "num_heads"), m.intAt(d + "head_dim"),
              m.intAt(d + "att_cache_frames"))));
    }
    resetCaches();
  }

  /** The release's t_span: 1 - cos(linspace(0, 1, steps + 1) * pi / 2), in float32 as torch computes it. */
  static float[] cosineSchedule(int steps) {
    float[] t = new float[steps + 1];
    float step = 1f / steps;
    int half = (steps + 1) / 2;
    for (int i = 0; i <= steps; i++) {
      float lin = i < half ? i * step : 1f - step * (steps - i);
      t[i] = 1f - (float) Math.cos(lin * 0.5f * (float) Math.PI);
    }
    return t;
  }

  @Override
  public void resetCaches() {
    long[] voiceShape = pkg.voice("enc_keys").shape();
    encCacheK.load(pkg.voice("enc_keys").toFloatArray(), (int) voiceShape[3]);
    encCacheV.load(pkg.voice("enc_values").toFloatArray(), (int) voiceShape[3]);
    long[] upShape = pkg.voice("up_keys").shape();
    upCacheK.load(pkg.voice("up_keys").toFloatArray(), (int) upShape[3]);
    upCacheV.load(pkg.voice("up_values").toFloatArray(), (int) upShape[3]);
    cnnCache = Tensor.ofFloats(pkg.voice("t2w_cnn_cache").toFloatArray(), pkg.voice("t2w_cnn_cache").shape());
    long[] ditShape = pkg.voice("dit_keys").shape();          // [steps, Ld, 2, Hd, P, Dd]
    long[] cnnShape = Arrays.copyOfRange(pkg.voice("dit_cnn_cache").shape(), 1, 5);
    for (int k = 0; k < steps; k++) {
      DitCaches c = ditCaches.get(k);
      c.cnn = Tensor.ofFloats(pkg.voice("dit_cnn_cache").row(k), cnnShape);
      c.keys.load(pkg.voice("dit_keys").row(k), (int) ditShape[4]);
      c.values.load(pkg.voice("dit_values").row(k), (int) ditShape[4]);
    }
    melCache = pkg.voice("hift_mel_cache").toFloatArray();
    sourceCache = Tensor.ofFloats(pkg.voice("hift_source_cache").toFloatArray(), 1, 1, holdBack);
    speechCache = pkg.voice("hift_speech_cache").toFloatArray();
  }

  @Override
  public float[] stream(int[] codes, boolean last) {
    int n = codes.length + (last ? lookahead : 0);
    if (n <= lookahead) {
      throw new IllegalArgumentException("a window needs more than " + lookahead + " codes, got " + codes.length);
    }
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i < codes.length ? codes[i] : padCode;
    }
    Map<String, Tensor> enc = encoder.run(Map.of("codes", Tensor.ofLongs(ids, 1, n), "cnn_cache", cnnCache,
        "enc_past_keys", encCacheK.tensor(), "enc_past_values", encCacheV.tensor(),
        "up_past_keys", upCacheK.tensor(), "up_past_values", upCacheV.tensor()));
    cnnCache = enc.get("new_cnn_cache");
    encCacheK.append(enc.get("enc_new_keys"));
    encCacheV.append(enc.get("enc_new_values"));
    upCacheK.append(enc.get("up_new_keys"));
    upCacheV.append(enc.get("up_new_values"));
    Tensor mu = enc.get("mu");
    int frames = Math.toIntExact(mu.dim(2));
    float[] x = flow(mu, frames);
    return vocode(x, frames, last);
  }

  /** The Euler loop from the noise table (CausalConditionalCFM.solve_euler with host steps). */
  private float[] flow(Tensor mu, int frames) {
    if (frames > noiseFrames) {
      throw new IllegalArgumentException("window of " + frames + " mel frames, the noise table has " + noiseFrames);
    }
    float[] x = new float[mels * frames];
    for (int c = 0; c < mels; c++) {
      System.arraycopy(noise, c * noiseFrames, x, c * frames, frames);
    }
    float t = tSpan[0];
    float dt = tSpan[1] - tSpan[0];
    for (int k = 1; k <= steps; k++) {
      DitCaches c = ditCaches.get(k - 1);
      Map<String, Tensor> out = dit.run(Map.of("x", Tensor.ofFloats(x, 1, mels, frames), "mu", mu, "spk", spk,
          "t", Tensor.ofFloats(new float[] {t}, 1), "cnn_cache", c.cnn, "past_keys", c.keys.tensor(),
          "past_values", c.values.tensor()));
      c.cnn = out.get("new_cnn_cache");
      c.keys.append(out.get("new_keys"));
      c.values.append(out.get("new_values"));
      float[] v = out.get("velocity").toFloatArray();
      for (int i = 0; i < x.length; i++) {
        x[i] = x[i] + dt * v[i];
      }
      t = t + dt;
      if (k < steps) {
        dt = tSpan[k + 1] - t;
      }
    }
    return x;
  }

  /** hift over the cached frames and the new ones; updates its caches and holds back the cross-fade tail. */
  private float[] vocode(float[] x, int frames, boolean last) {
    Map<String, Tensor> out = hift.run(Map.of("mel", Tensor.ofFloats(x, 1, mels, frames),
        "mel_cache", Tensor.ofFloats(melCache, 1, mels, melCacheFrames), "source_cache", sourceCache,
        "speech_cache", Tensor.ofFloats(speechCache, 1, holdBack)));
    float[] speech = out.get("speech").toFloatArray();
    sourceCache = out.get("new_source_cache");
    float[] nextMel = new float[mels * melCacheFrames];
    for (int c = 0; c < mels; c++) {
      for (int f = 0; f < melCacheFrames; f++) {
        int q = frames + f;                                   // index into [old cache | new frames], last 8
        nextMel[c * melCacheFrames + f] = q < melCacheFrames ? melCache[c * melCacheFrames + q]
            : x[c * frames + q - melCacheFrames];
      }
    }
    melCache = nextMel;
    speechCache = Arrays.copyOfRange(speech, speech.length - holdBack, speech.length);
    return last ? speech : Arrays.copyOf(speech, speech.length - holdBack);
  }
}
