package org.duplexnode.bag.mcap;

import java.nio.ByteBuffer;

/** The 8 bytes that start and end every MCAP file: 0x89 "MCAP" '0' CR LF. */
final class McapMagic {
  static final int SIZE = 8;
  private static final byte[] BYTES = {(byte) 0x89, 'M', 'C', 'A', 'P', '0', '\r', '\n'};

  private McapMagic() {}

  static byte[] bytes() {
    return BYTES.clone();
  }

  static boolean matches(ByteBuffer b) {
    if (b.remaining() < SIZE) {
      return false;
    }
    for (int i = 0; i < SIZE; i++) {
      if (b.get(b.position() + i) != BYTES[i]) {
        return false;
      }
    }
    return true;
  }
}
