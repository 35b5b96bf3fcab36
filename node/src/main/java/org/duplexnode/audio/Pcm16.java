package org.duplexnode.audio;

import java.util.Arrays;

/** 16-bit little-endian mono PCM as the sound card takes it, and back. */
final class Pcm16 {
  private Pcm16() { }

  static byte[] bytes(short[] samples) {
    byte[] b = new byte[samples.length * 2];
    for (int i = 0; i < samples.length; i++) {
      b[2 * i] = (byte) samples[i];
      b[2 * i + 1] = (byte) (samples[i] >> 8);
    }
    return b;
  }

  static short[] samples(byte[] pcm) {
    short[] s = new short[pcm.length / 2];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
    }
    return s;
  }

  /** {@code len} bytes of {@code pcm} from {@code off}, each sample times {@code gain}. */
  static byte[] scaled(byte[] pcm, int off, int len, double gain) {
    byte[] out = new byte[len];
    for (int i = 0; i < len; i += 2) {
      int v = (int) Math.round(((short) ((pcm[off + i] & 0xff) | (pcm[off + i + 1] << 8))) * gain);
      out[i] = (byte) v;
      out[i + 1] = (byte) (v >> 8);
    }
    return out;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
