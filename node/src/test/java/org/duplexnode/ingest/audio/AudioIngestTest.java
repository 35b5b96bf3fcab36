package org.duplexnode.ingest.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The timeline rules and rejections of {@link AudioIngest}, at 16 kHz where samples pass unchanged. */
@Tag("unit")
class AudioIngestTest {

  private static final long T0 = 5_000_000_000L;
  private static final long MS = 1_000_000L;

  private RecordingStreamSink sink;
  private AudioIngest ingest;

  @BeforeEach
  void setUp() {
    sink = new RecordingStreamSink();
    ingest = new AudioIngest(AudioIngestConfig.defaults(), sink);
  }

  /** 20 ms at 16 kHz whose samples all equal {@code value}. */
  private static AudioChunk chunk(long stamp, float value) {
    float[] x = new float[320];
    java.util.Arrays.fill(x, value);
    return AudioChunk.ofFloats(stamp, 16000, 1, x);
  }

  @Test
  void badMessagesAreRejectedByReasonAndNothingReachesTheSink() {
    assertThat(ingest.accept(AudioChunk.ofShorts(T0, 16000, 1, new short[0]))).isFalse();
    assertThat(ingest.accept(AudioChunk.ofShorts(T0, 1000, 1, new short[10]))).isFalse();
    assertThat(ingest.accept(AudioChunk.ofShorts(T0, 16000, 0, new short[10]))).isFalse();
    assertThat(ingest.accept(AudioChunk.ofShorts(T0, 16000, 65, new short[65]))).isFalse();
    assertThat(ingest.accept(AudioChunk.ofBytes(T0, 16000, 2, SampleFormat.S16LE, new byte[6]))).isFalse();
    assertThat(ingest.accept(AudioChunk.ofShorts(T0, 16000, 1, new short[16000 * 11]))).isFalse();
    ingest.rejectedUpstream(RejectReason.UNKNOWN_FORMAT);

    IngestCounters c = ingest.counters();
    assertThat(c.rejected(RejectReason.EMPTY)).isEqualTo(1);
    assertThat(c.rejected(RejectReason.BAD_SAMPLE_RATE)).isEqualTo(1);
    assertThat(c.rejected(RejectReason.BAD_CHANNELS)).isEqualTo(2);
    assertThat(c.rejected(RejectReason.TRUNCATED)).isEqualTo(1);
    assertThat(c.rejected(RejectReason.TOO_LONG)).isEqualTo(1);
    assertThat(c.rejected(RejectReason.UNKNOWN_FORMAT)).isEqualTo(1);
    assertThat(c.rejectedTotal()).isEqualTo(7);
    assertThat(sink.streams).isEmpty();
  }

  @Test
  void nonFiniteSamplesAreZeroedAndCounted() {
    ingest.accept(AudioChunk.ofFloats(T0, 16000, 1, new float[] {0.5f, Float.NaN, Float.NEGATIVE_INFINITY, 0.25f}));
    assertThat(ingest.counters().nonFiniteSamples()).isEqualTo(2);
    assertThat(sink.streams.get(0).array()).containsExactly(0.5f, 0f, 0f, 0.25f);
  }

  @Test
  void jitterWithinToleranceIsAbsorbed() {
    ingest.accept(chunk(T0, 1));
    ingest.accept(chunk(T0 + 20 * MS + 45 * MS, 2)); // 45 ms late
    ingest.accept(chunk(T0 + 40 * MS - 49 * MS, 3)); // 49 ms early
    assertThat(sink.streams).hasSize(1);
    assertThat(sink.streams.get(0).samples()).hasSize(960);
    assertThat(ingest.counters().gapsFilled()).isZero();
    assertThat(ingest.counters().overlapsTrimmed()).isZero();
  }

  @Test
  void gapIsFilledWithSilenceUpToItsStamp() {
    ingest.accept(chunk(T0, 1));
    ingest.accept(chunk(T0 + 20 * MS + 300 * MS, 2));
    float[] s = sink.streams.get(0).array();
    assertThat(s).hasSize(320 + 4800 + 320);
    assertThat(s[319]).isEqualTo(1f);
    assertThat(s[320]).isZero();
    assertThat(s[320 + 4799]).isZero();
    assertThat(s[320 + 4800]).isEqualTo(2f);
    assertThat(ingest.counters().gapsFilled()).isEqualTo(1);
    assertThat(ingest.counters().gapFillNanos()).isEqualTo(300 * MS);
  }

  @Test
  void gapBeyondTheMaximumRestartsTheStream() {
    ingest.accept(chunk(T0, 1));
    ingest.accept(chunk(T0 + 20 * MS + 2_500 * MS, 2));
    assertThat(sink.streams).hasSize(2);
    assertThat(sink.streams.get(0).isEnded()).isTrue();
    assertThat(sink.streams.get(0).samples()).hasSize(320);
    assertThat(sink.streams.get(1).anchorNanos()).isEqualTo(T0 + 2_520 * MS);
    assertThat(ingest.counters().resets(StreamResetReason.GAP_TOO_LONG)).isEqualTo(1);
  }

  @Test
  void timeGoingBackwardsRestartsTheStream() {
    ingest.accept(chunk(T0, 1));
    ingest.accept(chunk(T0 + 20 * MS, 2));
    ingest.accept(chunk(T0 - 3_000 * MS, 3));
    assertThat(sink.streams).hasSize(2);
    assertThat(sink.streams.get(1).anchorNanos()).isEqualTo(T0 - 3_000 * MS);
    assertThat(sink.streams.get(1).array()).hasSize(320).containsOnly(3f);
    assertThat(ingest.counters().resets(StreamResetReason.TIME_BACKWARDS)).isEqualTo(1);
  }

  @Test
  void repeatedMessageIsADuplicate() {
    AudioChunk a = chunk(T0, 1);
    ingest.accept(a);
    assertThat(ingest.accept(a)).isFalse();
    assertThat(ingest.counters().rejected(RejectReason.DUPLICATE)).isEqualTo(1);
    assertThat(sink.streams.get(0).samples()).hasSize(320);
  }

  @Test
  void overlappingSamplesAreDropped() {
    ingest.accept(AudioChunk.ofFloats(T0, 16000, 1, new float[3200])); // 200 ms
    float[] next = new float[3200];
    java.util.Arrays.fill(next, 7f);
    ingest.accept(AudioChunk.ofFloats(T0 + 100 * MS, 16000, 1, next)); // starts 100 ms early
    float[] s = sink.streams.get(0).array();
    assertThat(s).hasSize(3200 + 1600);
    assertThat(s[3199]).isZero();
    assertThat(s[3200]).isEqualTo(7f);
    assertThat(ingest.counters().overlapsTrimmed()).isEqualTo(1);
    assertThat(ingest.counters().overlapTrimNanos()).isEqualTo(100 * MS);
  }

  @Test
  void messageArrivingAfterALaterOneIsDroppedAsOutOfOrder() {
    ingest.accept(chunk(T0, 1));
    ingest.accept(chunk(T0 + 200 * MS, 3)); // the 180 ms between are filled with silence
    assertThat(ingest.accept(chunk(T0 + 100 * MS, 2))).isFalse();
    assertThat(ingest.counters().rejected(RejectReason.OUT_OF_ORDER)).isEqualTo(1);
    assertThat(sink.streams.get(0).array()).hasSize(3520).doesNotContain(2f);
  }

  @Test
  void sampleRateChangeRestartsTheStream() {
    ingest.accept(chunk(T0, 1));
    ingest.accept(AudioChunk.ofShorts(T0 + 20 * MS, 48000, 1, new short[960]));
    ingest.finish();
    assertThat(ingest.counters().resets(StreamResetReason.SAMPLE_RATE_CHANGE)).isEqualTo(1);
    assertThat(sink.streams).hasSize(2);
    assertThat(sink.streams.get(1).samples()).hasSize(320);
    assertThat(sink.streams.get(1).isEnded()).isTrue();
  }

  @Test
  void finishFlushesAndANewMessageStartsAFreshStreamWithoutAReset() {
    ingest.accept(AudioChunk.ofShorts(T0, 44100, 2, new short[2 * 441]));
    assertThat(sink.streams.get(0).samples()).as("look-ahead still pending").hasSizeLessThan(160);
    ingest.finish();
    assertThat(sink.streams.get(0).samples()).hasSize(160);
    ingest.accept(chunk(T0 - 60_000 * MS, 1));
    assertThat(sink.streams).hasSize(2);
    assertThat(ingest.counters().resetsByReason().values()).containsOnly(0L);
  }
}
