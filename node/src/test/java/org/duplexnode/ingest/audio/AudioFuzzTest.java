package org.duplexnode.ingest.audio;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzes the microphone ingest with a sequence of audio messages of any sample format, channel
 * count, rate, stamp and payload: validation, the audio timeline (gaps, overlaps, restarts), PCM
 * decoding and resampling to 16 kHz. {@link AudioIngest#accept} documents that it never throws;
 * every sample it produces must be finite.
 *
 * <p>Input layout, repeated: format index (byte: S16LE, S32LE, F32LE), channels (byte), sample
 * rate (signed 32-bit big-endian), stamp step in microseconds (signed 32-bit), payload length
 * (unsigned 16-bit), payload. Regression inputs: {@code AudioFuzzTestInputs/messageSequences/}.
 */
@Tag("fuzz")
class AudioFuzzTest {
  static final int RECORD_HEADER = 12;

  @FuzzTest(maxDuration = "2m")
  void messageSequences(byte[] input) {
    AudioIngest ingest = new AudioIngest(AudioIngestConfig.defaults(), new FiniteSink());
    ByteBuffer in = ByteBuffer.wrap(input);
    long stamp = 1_000_000_000_000L;
    while (in.remaining() >= RECORD_HEADER) {
      SampleFormat format = SampleFormat.values()[(in.get() & 0xff) % SampleFormat.values().length];
      int channels = in.get();
      int rate = in.getInt();
      stamp += in.getInt() * 1000L;
      int length = Math.min(in.getShort() & 0xffff, in.remaining());
      byte[] payload = Arrays.copyOfRange(input, in.position(), in.position() + length);
      in.position(in.position() + length);
      ingest.accept(AudioChunk.ofBytes(stamp, rate, channels, format, payload));
    }
    ingest.finish();
  }

  private static final class FiniteSink implements AudioStreamSink {
    @Override
    public void streamStarted(long anchorNanos) {}

    @Override
    public void samples(float[] samples, int off, int len) {
      for (int i = off; i < off + len; i++) {
        if (!Float.isFinite(samples[i])) {
          throw new IllegalStateException("non-finite sample " + samples[i] + " at " + i);
        }
      }
    }

    @Override
    public void streamEnded() {}
  }
}
