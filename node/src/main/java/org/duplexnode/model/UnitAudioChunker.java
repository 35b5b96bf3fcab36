package org.duplexnode.model;

import java.util.Arrays;

/**
 * The release's unit audio buffer (contract 4.2 step 1, U:4850-4942): the first unit is
 * left-padded with zeros to {@code first_chunk_ms} (1035 ms = 16560 samples) and consumes
 * 16480 samples (1030 ms, whole hops); later units consume 16000. What a unit does not consume
 * stays for the next one (80 samples after the first). Not thread-safe.
 */
final class UnitAudioChunker {
  private final int firstPadTo;
  private final int firstTake;
  private final int take;
  private float[] buffer = new float[2 * 16560];
  private int length;
  private boolean first = true;

  UnitAudioChunker(int sampleRate, int firstChunkMs, int chunkMs, int hop) {
    this.firstPadTo = (int) ((long) firstChunkMs * sampleRate / 1000);
    this.firstTake = Math.max(hop, firstPadTo / hop * hop);
    this.take = chunkMs * sampleRate / 1000;
  }

  /** Samples still missing before {@link #push} completes a unit. */
  int needed() {
    if (first) {
      return 0;                                     // the first unit is padded, any audio completes it
    }
    return Math.max(0, take - length);
  }

  /** Appends samples and returns the next unit's samples, or null when they do not complete one. */
  float[] push(float[] samples) {
    if (first && length + samples.length < firstPadTo) {
      int pad = firstPadTo - length - samples.length;
      ensure(firstPadTo);
      System.arraycopy(buffer, 0, buffer, pad, length);
      Arrays.fill(buffer, 0, pad, 0f);
      length += pad;
    }
    ensure(length + samples.length);
    System.arraycopy(samples, 0, buffer, length, samples.length);
    length += samples.length;
    int need = first ? firstTake : take;
    if (length < need) {
      return null;
    }
    float[] unit = Arrays.copyOf(buffer, need);
    System.arraycopy(buffer, need, buffer, 0, length - need);
    length -= need;
    first = false;
    return unit;
  }

  void reset() {
    length = 0;
    first = true;
  }

  private void ensure(int n) {
    if (n > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(n, 2 * buffer.length));
    }
  }
}
