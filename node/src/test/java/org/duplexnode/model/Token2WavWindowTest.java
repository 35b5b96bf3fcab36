package org.duplexnode.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.duplexnode.model.spec.Vocoder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Token2Wav window against the release's _generate_waveform_from_tokens. */
@Tag("unit")
class Token2WavWindowTest {

  static final class RecordingVocoder implements Vocoder {
    final List<Boolean> lastFlags = new ArrayList<>();
    int resets;

    @Override
    public float[] stream(int[] codes, boolean last) {
      lastFlags.add(last);
      return new float[codes.length]; // one sample per code keeps the arithmetic visible
    }

    @Override
    public void resetCaches() {
      resets++;
    }
  }

  static int[] codes(int from, int n) {
    int[] c = new int[n];
    for (int i = 0; i < n; i++) {
      c[i] = from + i;
    }
    return c;
  }

  @Test
  void midTurnWindowsAreTwentyEightCodesMovingByTwentyFive() {
    RecordingVocoder v = new RecordingVocoder();
    Token2WavWindow w = new Token2WavWindow(v);
    // Not the start of a turn: no flush; 3 silence + 25 = 28 -> one window, 3 codes stay.
    float[] a = w.push(codes(10, 25), false, false);
    assertThat(w.windows()).hasSize(1);
    assertThat(w.windows().get(0)).hasSize(28).startsWith(4218, 4218, 4218, 10);
    assertThat(a).hasSize(28);
    assertThat(w.buffered()).isEqualTo(3);
    w.push(codes(100, 25), false, false);
    assertThat(w.windows().get(1)).startsWith(32, 33, 34, 100);
  }

  @Test
  void aTurnStartFlushesDownToTheLookaheadPlusFive() {
    RecordingVocoder v = new RecordingVocoder();
    Token2WavWindow w = new Token2WavWindow(v);
    w.push(codes(10, 10), false, true);
    // 13 codes: window of 13 (min(28, 13)), keep from min(25, 13 - 3) = 10 -> 3 left (< 8, stop)
    assertThat(w.windows()).hasSize(1);
    assertThat(w.windows().get(0)).hasSize(13);
    assertThat(w.buffered()).isEqualTo(3);
  }

  @Test
  void theEndOfATurnVocodesTheRestAsLastAndResets() {
    RecordingVocoder v = new RecordingVocoder();
    Token2WavWindow w = new Token2WavWindow(v);
    int resetsBefore = v.resets;
    w.push(codes(10, 30), true, false);
    assertThat(w.windows()).hasSize(2);
    assertThat(w.windows().get(1)).hasSize(8);
    assertThat(v.lastFlags).containsExactly(false, true);
    assertThat(v.resets).isEqualTo(resetsBefore + 1);
    assertThat(w.buffered()).isEqualTo(3);
  }
}
