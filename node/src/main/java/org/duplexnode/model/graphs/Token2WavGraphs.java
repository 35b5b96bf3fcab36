package org.duplexnode.model.graphs;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.duplexnode.engine.DType;
import org.duplexnode.engine.Graph;
import org.duplexnode.engine.Tensor;
import org.duplexnode.model.pkg.Manifest;
import org.duplexnode.model.graphs.PromptKeepingWindow.Layout;
import org.duplexnode.model.pkg.ModelPackage;
import org.duplexnode.model.pkg.Token2WavCacheWindows;
import org.duplexnode.model.spec.Vocoder;

/**
 * Token2Wav over {@code t2w_encoder}, {@code flow_steps} (5) Euler steps of {@code dit_step} and
 * {@code hift} (contract 3 and 4.5): one window of codes to 24 kHz audio with the streaming
 * caches of each part. The caches start from the package's voice and go back to it on
 * {@link #resetCaches()}; which attention rows they keep is the manifest's
 * {@code token2wav.cache_policy} ({@link Token2WavCacheWindows}); the flow starts every window from the fixed noise table. The vocoder
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
  private final int samplesPerFrame;
  private final int maxCodes;
  private final float[] noise;
  private final float[] tSpan;
  private final Tensor spk;
  private final long[] encCnnShape;
  private final long[] ditCnnShape;
  private final AttentionWindow encCacheK;
  private final AttentionWindow encCacheV;
  private final AttentionWindow upCacheK;
  private final AttentionWindow upCacheV;
  private final List<DitCaches> ditCaches = new ArrayList<>();
  // preallocated inputs and pinned outputs, sized for the longest window the noise table allows
  private final Scratch codesIn;
  private final Scratch muOut;
  private final Scratch encKeysOut;
  private final Scratch encValuesOut;
  private final Scratch upKeysOut;
  private final Scratch upValuesOut;
  private final Scratch xIn;
  private final Scratch tIn;
  private final Scratch velocityOut;
  private final Scratch ditKeysOut;
  private final Scratch ditValuesOut;
  private final Scratch melCacheIn;
  private final Scratch speechCacheIn;
  private final Scratch speechOut;
  private Scratch encCnn;
  private Scratch encCnnSpare;
  private Scratch source;
  private Scratch sourceSpare;
  private final float[] x;
  private final float[] velocity;
  private final float[] melCache;
  private final float[] speechCache;

  /** One Euler step's own caches (step k's caches are only used by step k). */
  private static final class DitCaches {
    Scratch cnn;
    Scratch cnnSpare;
    final AttentionWindow keys;
    final AttentionWindow values;

    DitCaches(long cnnElements, AttentionWindow keys, AttentionWindow values) {
      this.cnn = Scratch.floats("dit_step cnn cache", cnnElements);
      this.cnnSpare = Scratch.floats("dit_step cnn cache", cnnElements);
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
    this.samplesPerFrame = m.intAt("token2wav.samples_per_mel_frame");
    this.maxCodes = noiseFrames / 2 + lookahead;              // mu has 2 frames per code after the lookahead
    this.tSpan = cosineSchedule(steps);
    this.spk = Tensor.ofFloats(pkg.voice("spk").toFloatArray(), 1, mels);
    String e = "token2wav.encoder.";
    int heads = m.intAt(e + "num_heads");
    int dim = m.intAt(e + "head_dim");
    int le = m.intAt(e + "num_layers");
    int lu = m.intAt(e + "num_up_layers");
    Token2WavCacheWindows windows = Token2WavCacheWindows.of(m);
    this.encCacheK = window(windows, "t2w_encoder keys", le, 1, heads, dim, m.intAt(e + "att_cache_frames"),
        Layout.TILED);
    this.encCacheV = window(windows, "t2w_encoder values", le, 1, heads, dim, m.intAt(e + "att_cache_frames"),
        Layout.TILED);
    this.upCacheK = window(windows, "t2w_encoder up keys", lu, 1, heads, dim, m.intAt(e + "up_att_cache_frames"),
        Layout.APPEND);
    this.upCacheV = window(windows, "t2w_encoder up values", lu, 1, heads, dim, m.intAt(e + "up_att_cache_frames"),
        Layout.APPEND);
    this.encCnnShape = pkg.voice("t2w_cnn_cache").shape();
    long encCnnElements = Tensor.elements(encCnnShape);
    this.encCnn = Scratch.floats("t2w_encoder cnn cache", encCnnElements);
    this.encCnnSpare = Scratch.floats("t2w_encoder cnn cache", encCnnElements);
    String d = "token2wav.dit.";
    int ld = m.intAt(d + "num_layers");
    int hd = m.intAt(d + "num_heads");
    int dd = m.intAt(d + "head_dim");
    this.ditCnnShape = Arrays.copyOfRange(pkg.voice("dit_cnn_cache").shape(), 1, 5);
    for (int k = 0; k < steps; k++) {
      ditCaches.add(new DitCaches(Tensor.elements(ditCnnShape),
          window(windows, "dit_step keys", ld, 2, hd, dd, m.intAt(d + "att_cache_frames"), Layout.PREPEND),
          window(windows, "dit_step values", ld, 2, hd, dd, m.intAt(d + "att_cache_frames"), Layout.PREPEND)));
    }
    int frames = noiseFrames;
    this.codesIn = new Scratch("codes", 8L * maxCodes);
    this.muOut = Scratch.floats("mu", (long) mels * frames);
    this.encKeysOut = Scratch.floats("enc_new_keys", (long) le * heads * maxCodes * dim);
    this.encValuesOut = Scratch.floats("enc_new_values", (long) le * heads * maxCodes * dim);
    this.upKeysOut = Scratch.floats("up_new_keys", (long) lu * heads * frames * dim);
    this.upValuesOut = Scratch.floats("up_new_values", (long) lu * heads * frames * dim);
    this.xIn = Scratch.floats("x", (long) mels * frames);
    this.tIn = Scratch.floats("t", 1);
    this.velocityOut = Scratch.floats("velocity", (long) mels * frames);
    this.ditKeysOut = Scratch.floats("dit new_keys", (long) ld * 2 * hd * frames * dd);
    this.ditValuesOut = Scratch.floats("dit new_values", (long) ld * 2 * hd * frames * dd);
    this.melCacheIn = Scratch.floats("mel_cache", (long) mels * melCacheFrames);
    this.speechCacheIn = Scratch.floats("speech_cache", holdBack);
    this.speechOut = Scratch.floats("speech", (long) samplesPerFrame * (frames + melCacheFrames));
    this.source = Scratch.floats("source_cache", holdBack);
    this.sourceSpare = Scratch.floats("source_cache", holdBack);
    this.x = new float[mels * frames];
    this.velocity = new float[mels * frames];
    this.melCache = new float[mels * melCacheFrames];
    this.speechCache = new float[holdBack];
    resetCaches();
  }

  /** A cache of the manifest's policy; one window adds at most the noise table's frames (50 Hz rows). */
  private AttentionWindow window(Token2WavCacheWindows windows, String name, long layers, long batch, long heads,
      int dim, int lastRows, Layout layout) {
    return windows.keepsPrompt() ? new PromptKeepingWindow(name, layers, batch, heads, dim, layout, windows, noiseFrames)
        : new WindowedCache(name, layers, batch, heads, dim, lastRows);
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
    encCnn.put(pkg.voice("t2w_cnn_cache").toFloatArray(), encCnnShape);
    long[] ditShape = pkg.voice("dit_keys").shape();          // [steps, Ld, 2, Hd, P, Dd]
    for (int k = 0; k < steps; k++) {
      DitCaches c = ditCaches.get(k);
      c.cnn.put(pkg.voice("dit_cnn_cache").row(k), ditCnnShape);
      c.keys.load(pkg.voice("dit_keys").row(k), (int) ditShape[4]);
      c.values.load(pkg.voice("dit_values").row(k), (int) ditShape[4]);
    }
    pkg.voice("hift_mel_cache").copyRow(0, melCache, 0);
    source.put(pkg.voice("hift_source_cache").toFloatArray(), 1, 1, holdBack);
    pkg.voice("hift_speech_cache").copyRow(0, speechCache, 0);
  }

  @Override
  public float[] stream(int[] codes, boolean last) {
    int n = codes.length + (last ? lookahead : 0);
    if (n <= lookahead || n > maxCodes) {
      throw new IllegalArgumentException("a window needs " + (lookahead + 1) + " to " + maxCodes + " codes with "
          + "its lookahead, got " + n);
    }
    Tensor ids = codesIn.view(DType.INT64, 1, n);
    for (int i = 0; i < n; i++) {
      ids.longs().put(i, i < codes.length ? codes[i] : padCode);
    }
    int frames = 2 * (n - lookahead);
    Tensor mu = muOut.view(DType.FLOAT32, 1, mels, frames);
    Tensor encKeys = encKeysOut.view(DType.FLOAT32, encCacheShape(encCacheK, n - lookahead));
    Tensor encValues = encValuesOut.view(DType.FLOAT32, encCacheShape(encCacheV, n - lookahead));
    Tensor upKeys = upKeysOut.view(DType.FLOAT32, encCacheShape(upCacheK, frames));
    Tensor upValues = upValuesOut.view(DType.FLOAT32, encCacheShape(upCacheV, frames));
    encoder.run(Map.of("codes", ids, "cnn_cache", encCnn.view(DType.FLOAT32, encCnnShape),
            "enc_past_keys", encCacheK.tensor(), "enc_past_values", encCacheV.tensor(),
            "up_past_keys", upCacheK.tensor(), "up_past_values", upCacheV.tensor()),
        Map.of("mu", mu, "new_cnn_cache", encCnnSpare.view(DType.FLOAT32, encCnnShape), "enc_new_keys", encKeys,
            "enc_new_values", encValues, "up_new_keys", upKeys, "up_new_values", upValues));
    Scratch swap = encCnn;
    encCnn = encCnnSpare;
    encCnnSpare = swap;
    encCacheK.append(encKeys);
    encCacheV.append(encValues);
    upCacheK.append(upKeys);
    upCacheV.append(upValues);
    flow(mu, frames);
    return vocode(frames, last);
  }

  private static long[] encCacheShape(AttentionWindow c, int frames) {
    long[] s = c.tensor().shape();
    s[3] = frames;
    return s;
  }

  /** The Euler loop from the noise table (CausalConditionalCFM.solve_euler with host steps); leaves x. */
  private void flow(Tensor mu, int frames) {
    int size = mels * frames;
    for (int c = 0; c < mels; c++) {
      System.arraycopy(noise, c * noiseFrames, x, c * frames, frames);
    }
    float t = tSpan[0];
    float dt = tSpan[1] - tSpan[0];
    for (int k = 1; k <= steps; k++) {
      DitCaches c = ditCaches.get(k - 1);
      Tensor xT = xIn.view(DType.FLOAT32, 1, mels, frames);
      xT.floats().put(x, 0, size);
      Tensor tT = tIn.view(DType.FLOAT32, 1);
      tT.floats().put(0, t);
      Tensor v = velocityOut.view(DType.FLOAT32, 1, mels, frames);
      Tensor newKeys = ditKeysOut.view(DType.FLOAT32, encCacheShape(c.keys, frames));
      Tensor newValues = ditValuesOut.view(DType.FLOAT32, encCacheShape(c.values, frames));
      dit.run(Map.of("x", xT, "mu", mu, "spk", spk, "t", tT, "cnn_cache", c.cnn.view(DType.FLOAT32, ditCnnShape),
              "past_keys", c.keys.tensor(), "past_values", c.values.tensor()),
          Map.of("velocity", v, "new_cnn_cache", c.cnnSpare.view(DType.FLOAT32, ditCnnShape), "new_keys", newKeys,
              "new_values", newValues));
      Scratch swap = c.cnn;
      c.cnn = c.cnnSpare;
      c.cnnSpare = swap;
      c.keys.append(newKeys);
      c.values.append(newValues);
      v.floats().get(velocity, 0, size);
      for (int i = 0; i < size; i++) {
        x[i] = x[i] + dt * velocity[i];
      }
      t = t + dt;
      if (k < steps) {
        dt = tSpan[k + 1] - t;
      }
    }
  }

  /** hift over the cached frames and the new ones; updates its caches and holds back the cross-fade tail. */
  private float[] vocode(int frames, boolean last) {
    int samples = samplesPerFrame * (frames + melCacheFrames);
    Tensor speech = speechOut.view(DType.FLOAT32, 1, samples);
    Tensor mel = xIn.view(DType.FLOAT32, 1, mels, frames);
    mel.floats().put(x, 0, mels * frames);
    hift.run(Map.of("mel", mel, "mel_cache", melCacheIn.put(melCache, 1, mels, melCacheFrames),
            "source_cache", source.view(DType.FLOAT32, 1, 1, holdBack),
            "speech_cache", speechCacheIn.put(speechCache, 1, holdBack)),
        Map.of("speech", speech, "new_source_cache", sourceSpare.view(DType.FLOAT32, 1, 1, holdBack)));
    Scratch swap = source;
    source = sourceSpare;
    sourceSpare = swap;
    // mel cache = the last 8 frames of [cache | new frames]
    for (int c = 0; c < mels; c++) {
      int row = c * melCacheFrames;
      if (frames >= melCacheFrames) {
        System.arraycopy(x, c * frames + frames - melCacheFrames, melCache, row, melCacheFrames);
      } else {
        System.arraycopy(melCache, row + frames, melCache, row, melCacheFrames - frames);
        System.arraycopy(x, c * frames, melCache, row + melCacheFrames - frames, frames);
      }
    }
    FloatBuffer out = speech.floats();
    out.get(samples - holdBack, speechCache, 0, holdBack);
    float[] audio = new float[last ? samples : samples - holdBack];
    out.get(0, audio, 0, audio.length);
    return audio;
  }
}
