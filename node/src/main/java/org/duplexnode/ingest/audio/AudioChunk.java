package org.duplexnode.ingest.audio;

import java.util.Objects;

/**
 * One microphone message as the ingest sees it, independent of the transport that carried it.
 * Values are not validated here: {@link AudioIngest} rejects bad ones with a counted reason, so a
 * malformed message can always be represented and reported.
 *
 * @param stampNanos time of the first sample (header stamp), nanoseconds
 * @param sampleRate samples per second per channel
 * @param channels interleaved channel count
 * @param pcm the samples
 */
public record AudioChunk(long stampNanos, int sampleRate, int channels, Pcm pcm) {

  public AudioChunk {
    Objects.requireNonNull(pcm, "pcm");
  }

  public static AudioChunk ofBytes(long stampNanos, int sampleRate, int channels, SampleFormat format, byte[] data) {
    return new AudioChunk(stampNanos, sampleRate, channels, new Pcm.Bytes(format, data));
  }

  public static AudioChunk ofShorts(long stampNanos, int sampleRate, int channels, short[] data) {
    return new AudioChunk(stampNanos, sampleRate, channels, new Pcm.Shorts(data));
  }

  public static AudioChunk ofFloats(long stampNanos, int sampleRate, int channels, float[] data) {
    return new AudioChunk(stampNanos, sampleRate, channels, new Pcm.Floats(data));
  }

  /** Samples per channel, or -1 if the payload is not a whole number of frames. */
  public int frames() {
    int n = pcm.sampleCount();
    if (n < 0 || channels <= 0 || n % channels != 0) {
      return -1;
    }
    return n / channels;
  }
}
