package org.duplexnode.model.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class Float16Test {
  @Test
  void knownPatterns() {
    assertThat(Float16.toFloat(0x3C00)).isEqualTo(1f);
    assertThat(Float16.toFloat(0xC000)).isEqualTo(-2f);
    assertThat(Float16.toFloat(0x7BFF)).isEqualTo(65504f);
    assertThat(Float16.toFloat(0x0001)).isEqualTo(0x1p-24f);
    assertThat(Float16.toFloat(0x03FF)).isEqualTo(1023 * 0x1p-24f);
    assertThat(Float16.toFloat(0x0400)).isEqualTo(0x1p-14f);
    assertThat(Float.floatToRawIntBits(Float16.toFloat(0x8000))).isEqualTo(Float.floatToRawIntBits(-0f));
    assertThat(Float16.toFloat(0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(Float16.toFloat(0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(Float16.toFloat(0x7E00)).isNaN();
    // only the low 16 bits count (a short read from a buffer is sign-extended)
    assertThat(Float16.toFloat((short) 0xC000)).isEqualTo(-2f);
  }

  @Test
  void everyFiniteValueEqualsItsDefinition() {
    for (int bits = 0; bits < 0x10000; bits++) {
      int exponent = (bits >>> 10) & 0x1f;
      if (exponent == 0x1f) {
        continue;
      }
      int mantissa = bits & 0x3ff;
      double magnitude = exponent == 0 ? mantissa * Math.pow(2, -24)
          : (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
      double expected = (bits & 0x8000) != 0 ? -magnitude : magnitude;
      assertThat((double) Float16.toFloat(bits)).as("bits %04x", bits).isEqualTo(expected);
    }
  }
}
