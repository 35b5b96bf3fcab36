package org.duplexnode.bag.cdr;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes CDR values after a 4-byte encapsulation header, aligned as {@link CdrReader} reads them. */
public final class CdrWriter {
  private static final int HEADER = 4;

  private final CdrEncapsulation encapsulation;
  private byte[] buf = new byte[64];
  private int size;

  public CdrWriter() {
    this(CdrEncapsulation.CDR_LE);
  }

  public CdrWriter(CdrEncapsulation encapsulation) {
    this.encapsulation = encapsulation;
    buf[0] = (byte) (encapsulation.id() >>> 8);
    buf[1] = (byte) encapsulation.id();
    size = HEADER;
  }

  /** Offset after the encapsulation header. */
  public int position() {
    return size - HEADER;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  public CdrWriter align(int valueSize) {
    int alignment = Math.min(valueSize, encapsulation.maxAlignment());
    int padding = (alignment - position() % alignment) % alignment;
    ensure(padding);
    size += padding;
    return this;
  }

  public CdrWriter writeBool(boolean v) {
    return writeUint8(v ? 1 : 0);
  }

  public CdrWriter writeInt8(int v) {
    return writeUint8(v);
  }

  public CdrWriter writeUint8(int v) {
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  public CdrWriter writeInt16(int v) {
    return put(v, 2);
  }

  public CdrWriter writeUint16(int v) {
    return put(v, 2);
  }

  public CdrWriter writeInt32(int v) {
    return put(v, 4);
  }

  public CdrWriter writeUint32(long v) {
    return put(v, 4);
  }

  public CdrWriter writeInt64(long v) {
    return put(v, 8);
  }

  public CdrWriter writeUint64(long v) {
    return put(v, 8);
  }

  public CdrWriter writeFloat32(float v) {
    return put(Float.floatToRawIntBits(v), 4);
  }

  public CdrWriter writeFloat64(double v) {
    return put(Double.doubleToRawLongBits(v), 8);
  }

  /** Length including a terminating NUL, the UTF-8 bytes, and the NUL. */
  public CdrWriter writeString(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    writeUint32(bytes.length + 1L);
    writeBytes(bytes);
    return writeUint8(0);
  }

  public CdrWriter writeSequenceLength(int length) {
    return writeUint32(length);
  }

  public CdrWriter writeBytes(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
    return this;
  }

  private CdrWriter put(long v, int bytes) {
    align(bytes);
    ensure(bytes);
    for (int i = 0; i < bytes; i++) {
      int shift = encapsulation.littleEndian() ? 8 * i : 8 * (bytes - 1 - i);
      buf[size++] = (byte) (v >>> shift);
    }
    return this;
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(size + extra, buf.length * 2));
    }
  }
}
