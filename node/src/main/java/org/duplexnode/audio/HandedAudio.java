package org.duplexnode.audio;

/**
 * The last bytes of one utterance handed to the sound card, oldest first, up to a capacity: what
 * a duck's flush dropped from the card is played again from here, across the chunks it spanned.
 * Player thread only.
 */
final class HandedAudio {
  /** Two seconds of 24 kHz S16LE mono: more than any card buffer the speaker allows. */
  static final int CAPACITY_BYTES = 2 * 48_000;

  private final byte[] ring;
  private int start;
  private int size;
  private long utterance = Long.MIN_VALUE;

  HandedAudio(int capacity) {
    ring = new byte[capacity];
  }

  long utterance() {
    return utterance;
  }

  /** Forgets the last utterance's bytes: another utterance's are not played again with this one. */
  void startUtterance(long id) {
    utterance = id;
    start = 0;
    size = 0;
  }

  void add(byte[] b, int off, int len) {
    for (int i = 0; i < len; i++) {
      if (size == ring.length) {
        start = (start + 1) % ring.length;
        size--;
      }
      ring[(start + size) % ring.length] = b[off + i];
      size++;
    }
  }

  /** Forgets the newest {@code n} bytes (they are being handed over again from their chunk). */
  void dropLast(int n) {
    size -= Math.min(n, size);
  }

  /** Removes and returns the newest {@code n} bytes (fewer where fewer are kept), oldest first. */
  byte[] takeLast(int n) {
    int k = Math.min(n, size);
    byte[] out = new byte[k];
    for (int i = 0; i < k; i++) {
      out[i] = ring[(start + size - k + i) % ring.length];
    }
    size -= k;
    return out;
  }
}
