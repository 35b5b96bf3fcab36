package org.duplexnode.bag.cdr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads CDR values from a serialized ROS 2 message: the 4-byte encapsulation header, then
 * primitives aligned to their size relative to the end of that header. Every read is bounds
 * checked; lengths are checked against the bytes left before anything is allocated.
 */
public final class CdrReader {
  private static final int HEADER = 4;

  private final ByteBuffer buf;
  private final CdrEncapsulation encapsulation;

  public CdrReader(byte[] message) throws CdrFormatException {
    if (message.length < HEADER) {
      throw new CdrFormatException("CDR payload of " + message.length + " bytes has no encapsulation header");
    }
    encapsulation = CdrEncapsulation.of(((message[0] & 0xff) << 8) | (message[1] & 0xff));
    buf = ByteBuffer.wrap(message, HEADER, message.length - HEADER).slice()
        .order(encapsulation.littleEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
  }

  public CdrEncapsulation encapsulation() {
    return encapsulation;
  }

  /** Offset after the encapsulation header. */
  public int position() {
    return buf.position();
  }

  public int remaining() {
    return buf.remaining();
  }

  /** Skips padding up to a multiple of min(size, the encapsulation's maximum alignment). */
  public void align(int size) throws CdrFormatException {
    int alignment = Math.min(size, encapsulation.maxAlignment());
    int padding = (alignment - buf.position() % alignment) % alignment;
    need(padding, "padding");
    buf.position(buf.position() + padding);
  }

  public boolean readBool() throws CdrFormatException {
    return readUint8() != 0;
  }

  public int readInt8() throws CdrFormatException {
    need(1, "int8");
    return buf.get();
  }

  public int readUint8() throws CdrFormatException {
    need(1, "uint8");
    return buf.get() & 0xff;
  }

  public int readInt16() throws CdrFormatException {
    align(2);
    need(2, "int16");
    return buf.getShort();
  }

  public int readUint16() throws CdrFormatException {
    return readInt16() & 0xffff;
  }

  public int readInt32() throws CdrFormatException {
    align(4);
    need(4, "int32");
    return buf.getInt();
  }

  public long readUint32() throws CdrFormatException {
    return readInt32() & 0xffffffffL;
  }

  public long readInt64() throws CdrFormatException {
    align(8);
    need(8, "int64");
    return buf.getLong();
  }

  /** The raw 64 bits; see {@link Long#toUnsignedString(long)}. */
  public long readUint64() throws CdrFormatException {
    return readInt64();
  }

  public float readFloat32() throws CdrFormatException {
    return Float.intBitsToFloat(readInt32());
  }

  public double readFloat64() throws CdrFormatException {
    return Double.longBitsToDouble(readInt64());
  }

  /** A string: uint32 length including the terminating NUL, then UTF-8 bytes. */
  public String readString() throws CdrFormatException {
    long length = readUint32();
    need(length, "string");
    byte[] bytes = new byte[(int) length];
    buf.get(bytes);
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }

  /**
   * A sequence length, checked so that {@code length * minElementBytes} fits in what is left.
   */
  public int readSequenceLength(int minElementBytes) throws CdrFormatException {
    long length = readUint32();
    if (length * Math.max(1, minElementBytes) > buf.remaining()) {
      throw new CdrFormatException("sequence of " + length + " elements at offset " + buf.position()
          + " cannot fit in the " + buf.remaining() + " bytes left");
    }
    return (int) length;
  }

  public byte[] readBytes(int length) throws CdrFormatException {
    need(length, "bytes");
    byte[] out = new byte[length];
    buf.get(out);
    return out;
  }

  private void need(long bytes, String what) throws CdrFormatException {
    if (bytes < 0 || bytes > buf.remaining()) {
      throw new CdrFormatException("reading " + what + " at offset " + buf.position() + " needs "
          + bytes + " bytes but only " + buf.remaining() + " remain");
    }
  }
}
