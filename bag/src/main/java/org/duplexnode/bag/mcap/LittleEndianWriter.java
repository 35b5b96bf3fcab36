package org.duplexnode.bag.mcap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A growable little-endian buffer that serializes MCAP record fields. */
final class LittleEndianWriter {
  private byte[] buf;
  private int size;

  LittleEndianWriter() {
    this(256);
  }

  LittleEndianWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  int size() {
    return size;
  }

  byte[] array() {
    return buf;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  void reset() {
    size = 0;
  }

  LittleEndianWriter u8(int v) {
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  LittleEndianWriter u16(int v) {
    ensure(2);
    buf[size++] = (byte) v;
    buf[size++] = (byte) (v >>> 8);
    return this;
  }

  LittleEndianWriter u32(long v) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  LittleEndianWriter u64(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  /** Overwrites a uint32 at an earlier position (for length prefixes known only afterwards). */
  void putU32At(int position, long v) {
    for (int i = 0; i < 4; i++) {
      buf[position + i] = (byte) (v >>> (8 * i));
    }
  }

  LittleEndianWriter bytes(byte[] b) {
    return bytes(b, 0, b.length);
  }

  LittleEndianWriter bytes(byte[] b, int offset, int length) {
    ensure(length);
    System.arraycopy(b, offset, buf, size, length);
    size += length;
    return this;
  }

  LittleEndianWriter bytes(ByteBuffer b) {
    ByteBuffer view = b.duplicate();
    int length = view.remaining();
    ensure(length);
    view.get(buf, size, length);
    size += length;
    return this;
  }

  LittleEndianWriter string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    u32(b.length);
    return bytes(b);
  }

  LittleEndianWriter bytesU32(byte[] b) {
    u32(b.length);
    return bytes(b);
  }

  LittleEndianWriter stringMap(Map<String, String> map) {
    int lengthAt = size;
    u32(0);
    for (Map.Entry<String, String> e : map.entrySet()) {
      string(e.getKey());
      string(e.getValue());
    }
    putU32At(lengthAt, size - lengthAt - 4);
    return this;
  }

  LittleEndianWriter u16u64Map(Map<Integer, Long> map) {
    u32(map.size() * 10L);
    for (Map.Entry<Integer, Long> e : map.entrySet()) {
      u16(e.getKey());
      u64(e.getValue());
    }
    return this;
  }

  LittleEndianWriter timestampOffsetPairs(List<long[]> pairs) {
    u32(pairs.size() * 16L);
    for (long[] p : pairs) {
      u64(p[0]);
      u64(p[1]);
    }
    return this;
  }

  private void ensure(int extra) {
    long needed = (long) size + extra;
    if (needed > buf.length) {
      if (needed > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("MCAP record larger than 2 GiB");
      }
      buf = Arrays.copyOf(buf, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16L, buf.length * 2L)));
    }
  }
}
