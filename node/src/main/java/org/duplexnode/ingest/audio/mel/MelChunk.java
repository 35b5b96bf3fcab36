package org.duplexnode.ingest.audio.mel;

/**
 * The log-mel frames emitted for one unit, laid out as the audio encoder's input tensor
 * [1, 80, frames]: {@code values[bin * frames + t]}.
 *
 * @param values normalised log-mel values ((max(log10 mel, floor) + 4) / 4)
 * @param frames number of frames (102 for the first unit of a stream, 104 later, 0 if none were due)
 * @param firstFrame stream frame index of {@code values}' first frame (frame f is centred on buffer sample 160 f)
 * @param leadingContextFrames frames before the unit's 100 core frames (0 for the first unit, else 2)
 * @param trailingContextFrames frames after the core frames (2)
 */
public record MelChunk(float[] values, int frames, long firstFrame, int leadingContextFrames, int trailingContextFrames) {

  public static final int MELS = 80;

  /** The value of mel bin {@code bin} in frame {@code t} (0-based within this chunk). */
  public float get(int bin, int t) {
    return values[bin * frames + t];
  }

  public boolean isEmpty() {
    return frames == 0;
  }
}
