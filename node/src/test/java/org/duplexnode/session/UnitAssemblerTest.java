package org.duplexnode.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class UnitAssemblerTest {

  private final List<AudioUnit> units = new ArrayList<>();
  private final UnitAssembler assembler = new UnitAssembler(UnitSchedule.MINICPM_O_45, units::add);

  private static float[] ramp(int n, int from) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = from + i + 1;
    }
    return x;
  }

  @Test
  void firstUnitIsPaddedAndLaterUnitsHoldOneSecond() {
    assembler.streamStarted(1_000_000_000L);
    assembler.samples(ramp(15920 + 16000 + 5, 0), 0, 15920 + 16000 + 5);
    assertThat(units).hasSize(2);
    AudioUnit first = units.get(0);
    assertThat(first.samples()).hasSize(16480);
    assertThat(first.samples()[559]).isZero();
    assertThat(first.samples()[560]).isEqualTo(1f);
    assertThat(first.samples()[16479]).isEqualTo(15920f);
    assertThat(first.startNanos()).isEqualTo(1_000_000_000L);
    assertThat(first.endNanos()).isEqualTo(1_995_000_000L);
    assertThat(first.startsStream()).isTrue();
    AudioUnit second = units.get(1);
    assertThat(second.samples()[0]).isEqualTo(15921f);
    assertThat(second.startNanos()).isEqualTo(1_995_000_000L);
    assertThat(second.endNanos()).isEqualTo(2_995_000_000L);
    assertThat(second.leadingPadSamples()).isZero();
  }

  @Test
  void restartCompletesThePartialUnitWithZerosAndStartsAPaddedOne() {
    assembler.streamStarted(0);
    assembler.samples(ramp(20000, 0), 0, 20000);
    assembler.streamStarted(50_000_000_000L);
    assembler.samples(ramp(100, 0), 0, 100);
    assembler.streamEnded();

    assertThat(units).extracting(AudioUnit::index).containsExactly(0L, 1L, 2L);
    assertThat(units).extracting(AudioUnit::streamIndex).containsExactly(0L, 0L, 1L);
    assertThat(units).extracting(AudioUnit::indexInStream).containsExactly(0, 1, 0);
    AudioUnit cut = units.get(1);
    assertThat(cut.trailingPadSamples()).isEqualTo(16000 - (20000 - 15920));
    assertThat(cut.samples()[20000 - 15920 - 1]).isEqualTo(20000f);
    assertThat(cut.samples()[20000 - 15920]).isZero();
    AudioUnit fresh = units.get(2);
    assertThat(fresh.startNanos()).isEqualTo(50_000_000_000L);
    assertThat(fresh.leadingPadSamples()).isEqualTo(560);
    assertThat(fresh.trailingPadSamples()).isEqualTo(15920 - 100);
    assertThat(assembler.unitsPadded()).isEqualTo(2);
  }

  @Test
  void aUnitWithoutAudioIsNotEmitted() {
    assembler.streamStarted(0);
    assembler.samples(ramp(15920, 0), 0, 15920);
    assembler.streamEnded();
    assembler.streamStarted(7);
    assembler.streamEnded();
    assertThat(units).hasSize(1);
    assertThat(units.get(0).trailingPadSamples()).isZero();
  }
}
