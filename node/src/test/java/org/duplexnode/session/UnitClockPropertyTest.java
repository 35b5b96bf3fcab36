package org.duplexnode.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.duplexnode.ingest.audio.AudioChunk;
import org.duplexnode.ingest.audio.AudioIngest;
import org.duplexnode.ingest.audio.AudioIngestConfig;
import org.duplexnode.ingest.audio.AudioTimelineConfig;
import org.duplexnode.ingest.audio.RejectReason;
import org.duplexnode.ingest.audio.StreamingResampler;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Seeded random streams through the real ingest and unit assembler: random message sizes, stamp
 * jitter, gaps, duplicates and overlaps always give the same unit boundaries, stamps and samples.
 */
@Tag("unit")
class UnitClockPropertyTest {

  private static final long ANCHOR = 1_700_000_000_123_456_789L;
  private static final AudioTimelineConfig TIMELINE = AudioTimelineConfig.defaults();
  private static final long TOL = TIMELINE.jitterToleranceNanos();
  private static final UnitSchedule SCHEDULE = UnitSchedule.MINICPM_O_45;

  /** The value of stream sample k: never 0, so filled silence is recognisable. */
  private static float signal(long k) {
    return (k % 997 + 1) / 2000f;
  }

  private static long nanos(long samples, int rate) {
    return samples * 1_000_000_000L / rate;
  }

  @Test
  void jitterGapsDuplicatesAndOverlapsKeepUnitsExact() {
    for (int seed = 0; seed < 40; seed++) {
      Random random = new Random(seed);
      List<AudioUnit> units = new ArrayList<>();
      AudioIngest ingest = new AudioIngest(new AudioIngestConfig(TIMELINE, 10_000_000_000L),
          new UnitAssembler(SCHEDULE, units::add));

      int total = 16000 * (3 + random.nextInt(6)) + random.nextInt(16000);
      float[] expected = new float[total];
      int pos = 0;
      int gaps = 0;
      int duplicates = 0;
      int overlaps = 0;
      boolean afterGap = false;
      while (pos < total) {
        int size = Math.min(total - pos, 1 + random.nextInt(random.nextInt(4) == 0 ? 40 : 4000));
        if (pos > 0 && !afterGap && random.nextInt(25) == 0) {
          // a gap longer than the tolerance: its samples stay silent
          int gap = (int) Math.min(total - pos - 1, 16000 * TOL / 1_000_000_000L + 1
              + random.nextInt(16000));
          if (gap > 800) {
            pos += gap;
            gaps++;
            afterGap = true;
            continue;
          }
        }
        // a message after a gap carries its true stamp; others jitter within the tolerance
        // the first message anchors the stream, so it carries its true stamp too
        long jitter = afterGap || pos == 0 ? 0 : (long) ((random.nextDouble() * 2 - 1) * 0.9 * TOL);
        afterGap = false;
        float[] data = new float[size];
        for (int i = 0; i < size; i++) {
          data[i] = signal(pos + i);
          expected[pos + i] = data[i];
        }
        AudioChunk chunk = AudioChunk.ofFloats(ANCHOR + nanos(pos, 16000) + jitter, 16000, 1, data);
        assertThat(ingest.accept(chunk)).isTrue();
        if (random.nextInt(10) == 0) {
          // the same message again
          assertThat(ingest.accept(chunk)).isFalse();
          duplicates++;
        }
        pos += size;
        int minimum = (int) (16000 * TOL / 1_000_000_000L) + 1;
        if (total - pos > minimum && random.nextInt(10) == 0) {
          // the next message starts earlier than expected, repeating audio already received,
          // and brings more new audio than the tolerance (less would count as a duplicate)
          int back = Math.min(pos, 1000 + random.nextInt(4000));
          int ahead = Math.min(total - pos, minimum + random.nextInt(3000));
          float[] repeat = new float[back + ahead];
          for (int i = 0; i < repeat.length; i++) {
            repeat[i] = signal(pos - back + i);
          }
          for (int i = back; i < repeat.length; i++) {
            expected[pos - back + i] = repeat[i]; // the repeated part is trimmed, even over a filled gap
          }
          if (back > minimum) {
            ingest.accept(AudioChunk.ofFloats(ANCHOR + nanos(pos - back, 16000), 16000, 1, repeat));
            overlaps++;
            pos += ahead;
          }
        }
      }
      ingest.finish();

      assertThat(ingest.counters().gapsFilled()).as("seed %d gaps", seed).isEqualTo(gaps);
      assertThat(ingest.counters().rejected(RejectReason.DUPLICATE)).isEqualTo(duplicates);
      assertThat(ingest.counters().overlapsTrimmed()).isEqualTo(overlaps);
      assertThat(ingest.counters().rejected(RejectReason.OUT_OF_ORDER)).isZero();
      assertUnits(units, expected, seed);
    }
  }

  private static void assertUnits(List<AudioUnit> units, float[] expected, int seed) {
    int audioInFirst = SCHEDULE.firstUnitSamples() - SCHEDULE.firstUnitLeftPad();
    int expectedUnits = expected.length <= audioInFirst ? 1
        : 1 + (expected.length - audioInFirst + SCHEDULE.unitSamples() - 1) / SCHEDULE.unitSamples();
    assertThat(units).as("seed %d units", seed).hasSize(expectedUnits);
    long streamSample = 0;
    for (int u = 0; u < units.size(); u++) {
      AudioUnit unit = units.get(u);
      assertThat(unit.index()).isEqualTo(u);
      assertThat(unit.streamIndex()).isZero();
      assertThat(unit.indexInStream()).isEqualTo(u);
      int pad = u == 0 ? 560 : 0;
      assertThat(unit.samples()).hasSize(u == 0 ? 16480 : 16000);
      assertThat(unit.leadingPadSamples()).isEqualTo(pad);
      assertThat(unit.startNanos()).isEqualTo(ANCHOR + streamSample * 62_500L);
      assertThat(unit.endNanos()).isEqualTo(unit.startNanos() + (unit.samples().length - pad) * 62_500L);
      for (int i = 0; i < pad; i++) {
        assertThat(unit.samples()[i]).isZero();
      }
      for (int i = pad; i < unit.samples().length; i++) {
        long k = streamSample + i - pad;
        float want = k < expected.length ? expected[(int) k] : 0f;
        if (unit.samples()[i] != want) {
          throw new AssertionError("seed " + seed + " unit " + u + " sample " + i + ": " + unit.samples()[i]
              + " != " + want);
        }
      }
      boolean last = u == units.size() - 1;
      int trailing = last ? (int) (streamSample + unit.samples().length - pad - expected.length) : 0;
      assertThat(unit.trailingPadSamples()).as("seed %d trailing pad of unit %d", seed, u).isEqualTo(trailing);
      streamSample += unit.samples().length - pad;
    }
  }

  @Test
  void resampledStreamsGiveTheScheduledUnitsAndStamps() {
    for (int rate : new int[] {8000, 22050, 44100, 48000}) {
      Random random = new Random(rate);
      List<AudioUnit> units = new ArrayList<>();
      AudioIngest ingest = new AudioIngest(AudioIngestConfig.defaults(), new UnitAssembler(SCHEDULE, units::add));
      long frames = 0;
      long inputTotal = rate * 7L + random.nextInt(rate);
      while (frames < inputTotal) {
        int size = (int) Math.min(inputTotal - frames, 1 + random.nextInt(rate / 10));
        long jitter = frames == 0 ? 0 : (long) ((random.nextDouble() * 2 - 1) * 0.9 * TOL);
        short[] pcm = new short[2 * size];
        for (int i = 0; i < pcm.length; i++) {
          pcm[i] = (short) random.nextInt(2000);
        }
        ingest.accept(AudioChunk.ofShorts(ANCHOR + nanos(frames, rate) + jitter, rate, 2, pcm));
        frames += size;
      }
      ingest.finish();
      long out = StreamingResampler.outputLength(inputTotal, rate);
      int expectedUnits = (int) (1 + (out - 15920 + 15999) / 16000);
      assertThat(units).as("%d Hz", rate).hasSize(expectedUnits);
      for (int u = 0; u < units.size(); u++) {
        long first = u == 0 ? 0 : 15920 + 16000L * (u - 1);
        assertThat(units.get(u).startNanos()).isEqualTo(ANCHOR + first * 62_500L);
      }
      AudioUnit last = units.get(units.size() - 1);
      assertThat(last.trailingPadSamples()).isEqualTo((int) (15920 + 16000L * (units.size() - 1) - out));
    }
  }
}
