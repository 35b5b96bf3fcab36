package org.duplexnode.ingest.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.duplexnode.ports.RawAudio;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The time from a barge-in's stop to the speaker's silence, read from the microphone's blocks. */
@Tag("unit")
class SpeakerStopTest {
  private static final long STOP = 5_000_000_000L;
  private static final long MS = 1_000_000L;

  /**
   * Two seconds of 20 ms blocks from 1 s before the stop at 16 kHz: a 440 Hz tone of
   * {@code amplitude} where {@code sounding} says, -80 dBFS of noise elsewhere.
   */
  private static List<RawAudio> heard(java.util.function.LongPredicate sounding) {
    List<RawAudio> blocks = new ArrayList<>();
    java.util.Random random = new java.util.Random(1);
    for (long start = STOP - 1_000 * MS; start < STOP + 1_000 * MS; start += 20 * MS) {
      byte[] b = new byte[640];
      for (int i = 0; i < 320; i++) {
        long t = start + i * 62_500L;
        double v = sounding.test(t) ? 8_000 * Math.sin(2 * Math.PI * 440 * t / 1e9) : random.nextGaussian() * 3;
        short s = (short) Math.round(v);
        b[2 * i] = (byte) s;
        b[2 * i + 1] = (byte) (s >> 8);
      }
      blocks.add(new RawAudio(start, "mic", 16_000, 1, "S16LE", b));
    }
    return blocks;
  }

  @Test
  void aSpeakerThatFallsSilent30MsAfterTheStopIsHeardSo() {
    double ms = SpeakerStop.silentAfterMs(heard(t -> t < STOP + 30 * MS), STOP);
    assertThat(ms).isCloseTo(30, within(5.0));
    EchoCheck.Finding f = SpeakerStop.finding(ms);
    assertThat(f.level()).isEqualTo(EchoCheck.Level.OK);
    assertThat(f.text()).contains("stopped hearing the speaker 30 ms after a barge-in's stop");
  }

  @Test
  void aGapShorterThanTheQuietSpanIsNotSilence() {
    // 20 ms without sound, then 30 ms more of it: silent only from 60 ms on.
    double ms = SpeakerStop.silentAfterMs(heard(t -> t < STOP + 10 * MS || t >= STOP + 30 * MS && t < STOP + 60 * MS),
        STOP);
    assertThat(ms).isCloseTo(60, within(5.0));
  }

  @Test
  void aSpeakerThatPlaysOnIsAWarningNamingWhatDoesThat() {
    double late = SpeakerStop.silentAfterMs(heard(t -> t < STOP + 250 * MS), STOP);
    assertThat(late).isCloseTo(250, within(5.0));
    assertThat(SpeakerStop.finding(late).level()).isEqualTo(EchoCheck.Level.WARN);
    assertThat(SpeakerStop.finding(late).text()).contains("Bluetooth");
    double never = SpeakerStop.silentAfterMs(heard(t -> true), STOP);
    assertThat(never).isInfinite();
    assertThat(SpeakerStop.finding(never).text()).contains("still heard the speaker");
  }

  @Test
  void aMicrophoneThatHeardNothingBeforeTheStopMeasuresNothing() {
    assertThat(SpeakerStop.silentAfterMs(heard(t -> false), STOP)).isNaN();
    assertThat(SpeakerStop.silentAfterMs(List.of(), STOP)).isNaN();
    assertThat(SpeakerStop.finding(Double.NaN).level()).isEqualTo(EchoCheck.Level.WARN);
    assertThat(SpeakerStop.finding(Double.NaN).text()).contains("not measured");
  }
}
