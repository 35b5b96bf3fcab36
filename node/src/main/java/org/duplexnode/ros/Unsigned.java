package org.duplexnode.ros;

/**
 * The unsigned fields of the generated message classes: their deserializers read a uint32 into a
 * Java int and widen it with its sign (a width of 4294967295 arrives as -1), and a uint8 into a
 * byte. Read such fields through these before comparing or printing them.
 */
public final class Unsigned {
  private Unsigned() {}

  /** The value of a uint32 field (0..4294967295). */
  public static long u32(long field) {
    return field & 0xFFFF_FFFFL;
  }

  /** The value of a uint8 field (0..255). */
  public static int u8(byte field) {
    return Byte.toUnsignedInt(field);
  }
}
