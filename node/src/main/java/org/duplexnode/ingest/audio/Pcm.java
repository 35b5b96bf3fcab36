package org.duplexnode.ingest.audio;

import java.util.Objects;

/**
 * The sample payload of one audio message, interleaved by channel. The variants match what ROS
 * audio messages carry: raw bytes with a format (audio_common_msgs/AudioData), and typed arrays
 * (std_msgs/Int16MultiArray, the int32/float32 fields of mgonzs13 AudioData). Arrays are not copied.
 */
public sealed interface Pcm permits Pcm.Bytes, Pcm.Shorts, Pcm.Ints, Pcm.Floats {

  /** Number of interleaved samples (all channels), or -1 when the byte payload ends mid-sample. */
  int sampleCount();

  /** Raw little-endian bytes in {@code format}. */
  record Bytes(SampleFormat format, byte[] data) implements Pcm {
    public Bytes {
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(data, "data");
    }

    @Override
    public int sampleCount() {
      int bps = format.bytesPerSample();
      return data.length % bps == 0 ? data.length / bps : -1;
    }
  }

  /** Signed 16-bit samples, full scale 32768. */
  record Shorts(short[] data) implements Pcm {
    public Shorts {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public int sampleCount() {
      return data.length;
    }
  }

  /** Signed 32-bit samples, full scale 2^31. */
  record Ints(int[] data) implements Pcm {
    public Ints {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public int sampleCount() {
      return data.length;
    }
  }

  /** Float samples, full scale 1.0. */
  record Floats(float[] data) implements Pcm {
    public Floats {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public int sampleCount() {
      return data.length;
    }
  }
}
