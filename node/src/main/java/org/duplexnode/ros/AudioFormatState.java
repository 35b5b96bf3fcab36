package org.duplexnode.ros;

import java.util.Set;

/**
 * The audio format that applies to incoming audio: the node's parameters until an AudioInfo
 * arrives, then the newest valid AudioInfo. An AudioInfo that makes no sense is rejected with a
 * reason and the previous format stays.
 */
public final class AudioFormatState {
  private static final Set<String> FORMATS = Set.of("S16LE", "S32LE", "F32LE");

  /** The format in force. */
  public record Format(int sampleRate, int channels, String sampleFormat) {}

  private volatile Format current;

  public AudioFormatState(int sampleRate, int channels, String sampleFormat) {
    this.current = new Format(sampleRate, channels, sampleFormat);
  }

  public Format current() {
    return current;
  }

  /**
   * Applies an AudioInfo; returns null when accepted, else the reason it was rejected.
   * An empty coding format or "wave"/"pcm"/"raw" means uncompressed PCM.
   */
  public String apply(int channels, long sampleRate, String sampleFormat, String codingFormat) {
    String coding = codingFormat == null ? "" : codingFormat.trim().toLowerCase();
    if (!coding.isEmpty() && !Set.of("wave", "wav", "pcm", "raw").contains(coding)) {
      return "unsupported coding_format '" + codingFormat + "' (only uncompressed PCM)";
    }
    String fmt = sampleFormat == null ? "" : sampleFormat.trim().toUpperCase();
    if (!FORMATS.contains(fmt)) {
      return "unsupported sample_format '" + sampleFormat + "' (S16LE, S32LE or F32LE)";
    }
    if (channels < 1 || channels > 32) {
      return "channels " + channels + " outside 1..32";
    }
    if (sampleRate < 8000 || sampleRate > 192000) {
      return "sample_rate " + sampleRate + " outside 8000..192000";
    }
    current = new Format((int) sampleRate, channels, fmt);
    return null;
  }
}
