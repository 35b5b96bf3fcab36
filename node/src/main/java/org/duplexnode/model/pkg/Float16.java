package org.duplexnode.model.pkg;

/** IEEE 754 binary16 to float32, decoded by hand (Java 17 has no Float.float16ToFloat). */
public final class Float16 {
  private Float16() {}

  /** The float value of the 16 bits in the low half of {@code bits}. */
  public static float toFloat(int bits) {
    int sign = (bits >>> 15) & 1;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0) {
      // zero and subnormals: mantissa * 2^-24, exact in float32
      float v = mantissa * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    if (exponent == 0x1f) {
      if (mantissa != 0) {
        return Float.NaN;
      }
      return sign == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
    }
    return Float.intBitsToFloat((sign << 31) | ((exponent - 15 + 127) << 23) | (mantissa << 13));
  }
}
