package org.duplexnode.ingest.audio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decodes interleaved PCM of any channel count to mono float by averaging the channels.
 * Integer samples are scaled to [-1, 1) by their full scale; float samples pass through. A sample
 * that is NaN or infinite is replaced by 0 before the downmix (so one bad channel does not poison
 * the frame) and counted in {@link Decoded#nonFinite()}.
 */
public final class PcmDecoder {

  private static final VarHandle SHORT_LE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FLOAT_LE =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

  private static final float S16_SCALE = 1f / 32768f;

  /** Mono samples and the number of non-finite input samples that were replaced by 0. */
  public record Decoded(float[] mono, int nonFinite) {
  }

  private PcmDecoder() {
  }

  /**
   * @throws IllegalArgumentException if channels is not positive or the payload is not a whole
   *     number of frames (callers validate first; this guards against misuse)
   */
  public static Decoded decode(Pcm pcm, int channels) {
    if (channels <= 0) {
      throw new IllegalArgumentException("channels must be positive: " + channels);
    }
    int samples = pcm.sampleCount();
    if (samples < 0 || samples % channels != 0) {
      throw new IllegalArgumentException("payload is not a whole number of " + channels + "-channel frames");
    }
    int frames = samples / channels;
    float[] mono = new float[frames];
    float inv = 1f / channels;
    int nonFinite = 0;
    if (pcm instanceof Pcm.Bytes b) {
      nonFinite = decodeBytes(b, channels, mono, inv);
    } else if (pcm instanceof Pcm.Shorts s) {
      decodeShorts(s.data(), channels, mono, inv);
    } else if (pcm instanceof Pcm.Ints i) {
      decodeInts(i.data(), channels, mono);
    } else if (pcm instanceof Pcm.Floats f) {
      nonFinite = decodeFloats(f.data(), channels, mono, inv);
    }
    return new Decoded(mono, nonFinite);
  }

  private static int decodeBytes(Pcm.Bytes b, int channels, float[] mono, float inv) {
    byte[] d = b.data();
    int frames = mono.length;
    switch (b.format()) {
      case S16LE -> {
        if (channels == 1) {
          for (int i = 0; i < frames; i++) {
            mono[i] = (short) SHORT_LE.get(d, 2 * i) * S16_SCALE;
          }
        } else if (channels == 2) {
          // the usual microphone layout, without the inner loop over channels (same values:
          // scaling by powers of two is exact in either order)
          for (int i = 0, p = 0; i < frames; i++, p += 4) {
            int sum = (short) SHORT_LE.get(d, p) + (short) SHORT_LE.get(d, p + 2);
            mono[i] = sum * S16_SCALE * 0.5f;
          }
        } else {
          int p = 0;
          for (int i = 0; i < frames; i++) {
            int sum = 0;
            for (int c = 0; c < channels; c++, p += 2) {
              sum += (short) SHORT_LE.get(d, p);
            }
            mono[i] = sum * S16_SCALE * inv;
          }
        }
        return 0;
      }
      case S32LE -> {
        int p = 0;
        for (int i = 0; i < frames; i++) {
          long sum = 0;
          for (int c = 0; c < channels; c++, p += 4) {
            sum += (int) INT_LE.get(d, p);
          }
          mono[i] = (float) (sum * (1.0 / 2147483648.0) / channels);
        }
        return 0;
      }
      case F32LE -> {
        int bad = 0;
        int p = 0;
        for (int i = 0; i < frames; i++) {
          float sum = 0f;
          for (int c = 0; c < channels; c++, p += 4) {
            float v = (float) FLOAT_LE.get(d, p);
            if (Float.isFinite(v)) {
              sum += v;
            } else {
              bad++;
            }
          }
          mono[i] = sum * inv;
        }
        return bad;
      }
      default -> throw new IllegalStateException("unhandled format " + b.format());
    }
  }

  private static void decodeShorts(short[] d, int channels, float[] mono, float inv) {
    int p = 0;
    for (int i = 0; i < mono.length; i++) {
      int sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += d[p++];
      }
      mono[i] = sum * S16_SCALE * inv;
    }
  }

  private static void decodeInts(int[] d, int channels, float[] mono) {
    int p = 0;
    for (int i = 0; i < mono.length; i++) {
      long sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += d[p++];
      }
      mono[i] = (float) (sum * (1.0 / 2147483648.0) / channels);
    }
  }

  private static int decodeFloats(float[] d, int channels, float[] mono, float inv) {
    int bad = 0;
    int p = 0;
    for (int i = 0; i < mono.length; i++) {
      float sum = 0f;
      for (int c = 0; c < channels; c++) {
        float v = d[p++];
        if (Float.isFinite(v)) {
          sum += v;
        } else {
          bad++;
        }
      }
      mono[i] = sum * inv;
    }
    return bad;
  }
}
