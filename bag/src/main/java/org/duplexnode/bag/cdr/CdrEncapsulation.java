package org.duplexnode.bag.cdr;

/**
 * The RTPS encapsulation kinds this package reads and writes: plain (final) XCDR1, which ROS 2
 * uses, and plain XCDR2, whose 8-byte values align to 4.
 */
public enum CdrEncapsulation {
  CDR_BE(0x0000, false, 8),
  CDR_LE(0x0001, true, 8),
  CDR2_BE(0x0006, false, 4),
  CDR2_LE(0x0007, true, 4);

  private final int id;
  private final boolean littleEndian;
  private final int maxAlignment;

  CdrEncapsulation(int id, boolean littleEndian, int maxAlignment) {
    this.id = id;
    this.littleEndian = littleEndian;
    this.maxAlignment = maxAlignment;
  }

  /** The two-byte identifier at the start of the payload (big-endian on the wire). */
  public int id() {
    return id;
  }

  public boolean littleEndian() {
    return littleEndian;
  }

  /** Values align to min(size, this), relative to the end of the 4-byte header. */
  public int maxAlignment() {
    return maxAlignment;
  }

  static CdrEncapsulation of(int id) throws CdrFormatException {
    for (CdrEncapsulation e : values()) {
      if (e.id == id) {
        return e;
      }
    }
    String known = switch (id) {
      case 0x0002, 0x0003 -> "parameter-list CDR (PL_CDR)";
      case 0x0008, 0x0009 -> "delimited XCDR2";
      case 0x000a, 0x000b -> "parameter-list XCDR2";
      default -> "an unknown encapsulation";
    };
    throw new CdrFormatException(String.format(
        "encapsulation 0x%04x is %s; only plain CDR and XCDR2 are supported", id, known));
  }
}
