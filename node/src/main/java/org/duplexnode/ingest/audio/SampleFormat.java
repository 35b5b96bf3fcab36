package org.duplexnode.ingest.audio;

import java.util.Locale;
import java.util.Optional;

/** Interleaved PCM sample encodings accepted from byte payloads (GStreamer-style names, as in AudioInfo). */
public enum SampleFormat {
  /** Signed 16-bit little-endian, full scale 32768. */
  S16LE(2),
  /** Signed 32-bit little-endian, full scale 2^31. */
  S32LE(4),
  /** IEEE-754 32-bit float little-endian, full scale 1.0. */
  F32LE(4);

  private final int bytesPerSample;

  SampleFormat(int bytesPerSample) {
    this.bytesPerSample = bytesPerSample;
  }

  public int bytesPerSample() {
    return bytesPerSample;
  }

  /** Parses an AudioInfo sample_format string such as "S16LE" (case-insensitive); empty if unknown. */
  public static Optional<SampleFormat> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String key = name.trim().toUpperCase(Locale.ROOT);
    for (SampleFormat f : values()) {
      if (f.name().equals(key)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
