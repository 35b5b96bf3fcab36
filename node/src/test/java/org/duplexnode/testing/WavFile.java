package org.duplexnode.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads 16-bit PCM WAV files (the format espeak-ng and sox write) for tests. */
public record WavFile(int sampleRate, int channels, short[] samples) {

  public static WavFile read(Path path) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
      throw new IOException("not a RIFF/WAVE file: " + path);
    }
    int pos = 12;
    int rate = -1;
    int channels = -1;
    while (pos + 8 <= b.limit()) {
      int id = b.getInt(pos);
      int size = b.getInt(pos + 4);
      int body = pos + 8;
      if (id == 0x20746d66) { // "fmt "
        if (b.getShort(body) != 1 || b.getShort(body + 14) != 16) {
          throw new IOException("only 16-bit PCM is supported: " + path);
        }
        channels = b.getShort(body + 2);
        rate = b.getInt(body + 4);
      } else if (id == 0x61746164) { // "data"
        if (rate < 0) {
          throw new IOException("data before fmt: " + path);
        }
        // espeak-ng streams to stdout-style files with a placeholder size; trust the file length
        int n = (int) Math.min(size & 0xffffffffL, b.limit() - body) / 2;
        short[] s = new short[n];
        b.position(body);
        b.asShortBuffer().get(s);
        return new WavFile(rate, channels, s);
      }
      pos = body + size + (size & 1);
    }
    throw new IOException("no data chunk: " + path);
  }

  /** Writes mono 16-bit PCM, rounding and clipping {@code mono} (full scale 1.0). */
  public static void writeMono(Path path, int sampleRate, float[] mono) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * mono.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x46464952).putInt(36 + 2 * mono.length).putInt(0x45564157);
    b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1)
        .putInt(sampleRate).putInt(2 * sampleRate).putShort((short) 2).putShort((short) 16);
    b.putInt(0x61746164).putInt(2 * mono.length);
    for (float v : mono) {
      b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32768f))));
    }
    Files.write(path, b.array());
  }

  /** Mono samples as floats in [-1, 1). */
  public float[] monoFloats() {
    if (channels != 1) {
      throw new IllegalStateException("not mono: " + channels);
    }
    float[] f = new float[samples.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = samples[i] / 32768f;
    }
    return f;
  }
}
