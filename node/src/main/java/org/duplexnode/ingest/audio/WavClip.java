package org.duplexnode.ingest.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * A short WAV file (a voice prompt) as the model hears audio: 16 kHz mono float in [-1, 1].
 * Any PCM or float WAV of 1-8 channels at 4-384 kHz is accepted; channels are averaged and the
 * rate converted with the same band-limited resampler as the microphone. The clip is bounded
 * ({@link #MAX_SECONDS}) before it is read, so a wrong file cannot exhaust memory.
 */
public final class WavClip {
  public static final double MAX_SECONDS = 60;
  private static final int MAX_CHANNELS = 8;

  private WavClip() {}

  /** Reads {@code wav}; fails with an {@link IllegalArgumentException} naming the file and the problem. */
  public static float[] read16kMono(Path wav) {
    if (!Files.isRegularFile(wav)) {
      throw new IllegalArgumentException("voice prompt " + wav + ": no such file");
    }
    try (AudioInputStream raw = AudioSystem.getAudioInputStream(wav.toFile())) {
      AudioFormat f = raw.getFormat();
      int channels = f.getChannels();
      float rate = f.getSampleRate();
      if (channels < 1 || channels > MAX_CHANNELS || rate < StreamingResampler.MIN_RATE
          || rate > StreamingResampler.MAX_RATE || rate != Math.rint(rate)) {
        throw new IllegalArgumentException("voice prompt " + wav + ": " + channels + " channels at " + rate
            + " Hz; need 1-" + MAX_CHANNELS + " channels at " + StreamingResampler.MIN_RATE + "-"
            + StreamingResampler.MAX_RATE + " Hz");
      }
      long frames = raw.getFrameLength();
      if (frames == AudioSystem.NOT_SPECIFIED || frames > MAX_SECONDS * rate) {
        throw new IllegalArgumentException("voice prompt " + wav + ": " + (frames < 0 ? "unknown length" : frames / rate
            + " s") + "; at most " + MAX_SECONDS + " s");
      }
      AudioFormat pcm16 = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, 16, channels, 2 * channels, rate, false);
      if (!AudioSystem.isConversionSupported(pcm16, f)) {
        throw new IllegalArgumentException("voice prompt " + wav + ": cannot convert " + f + " to 16-bit PCM");
      }
      try (AudioInputStream in = AudioSystem.getAudioInputStream(pcm16, raw)) {
        byte[] b = in.readNBytes((int) frames * 2 * channels);
        int n = b.length / (2 * channels);
        float[] mono = new float[n];
        for (int i = 0; i < n; i++) {
          float sum = 0;
          for (int c = 0; c < channels; c++) {
            int at = 2 * (i * channels + c);
            sum += (short) ((b[at] & 0xff) | (b[at + 1] << 8)) / 32768f;
          }
          mono[i] = sum / channels;
        }
        StreamingResampler r = new StreamingResampler((int) rate);
        float[] head = r.process(mono, 0, n);
        float[] tail = r.flush();
        float[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
      }
    } catch (UnsupportedAudioFileException e) {
      throw new IllegalArgumentException("voice prompt " + wav + ": not a WAV file this node reads (" + e.getMessage()
          + ")");
    } catch (IOException e) {
      throw new IllegalArgumentException("voice prompt " + wav + ": cannot read (" + e.getMessage() + ")");
    }
  }
}
