package org.duplexnode.testing;

import java.util.HexFormat;

/**
 * The deterministic payload bytes and the checksum of the CycloneDDS peer, computed the same
 * way as in ros_peer.c so that a test can check every byte the peer sent or received.
 */
public final class PeerPayload {
  private PeerPayload() {}

  /** Byte {@code i} of an array the peer publishes with {@code seed} (uint32 arithmetic, low byte). */
  public static byte at(long seed, long i) {
    return (byte) (seed * 31 + i * 7 + (i >>> 8) * 13 + (i >>> 16) * 17);
  }

  /** The whole array the peer publishes with {@code seed}. */
  public static byte[] bytes(long seed, int length) {
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      data[i] = at(seed, i);
    }
    return data;
  }

  /** FNV-1a 32 of {@code data} as 8 lowercase hex digits, as the peer prints it. */
  public static String fnv1a(byte[] data) {
    int hash = 0x811c9dc5;
    for (byte b : data) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return HexFormat.of().toHexDigits(hash);
  }
}
