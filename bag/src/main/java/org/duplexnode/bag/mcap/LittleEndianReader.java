package org.duplexnode.bag.mcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the fields of one MCAP record from its content bytes. Every length prefix is checked
 * against the bytes that remain before anything is allocated, so a corrupt length yields a
 * {@link McapFormatException} naming the record and field instead of a huge allocation.
 */
final class LittleEndianReader {
  private final ByteBuffer buf;
  private final String record;

  LittleEndianReader(ByteBuffer content, String record) {
    this.buf = content.slice().order(ByteOrder.LITTLE_ENDIAN);
    this.record = record;
  }

  int remaining() {
    return buf.remaining();
  }

  int position() {
    return buf.position();
  }

  int u8(String field) throws McapFormatException {
    need(1, field);
    return buf.get() & 0xff;
  }

  int u16(String field) throws McapFormatException {
    need(2, field);
    return buf.getShort() & 0xffff;
  }

  long u32(String field) throws McapFormatException {
    need(4, field);
    return buf.getInt() & 0xffffffffL;
  }

  long u64(String field) throws McapFormatException {
    need(8, field);
    return buf.getLong();
  }

  String string(String field) throws McapFormatException {
    return new String(bytes(lengthU32(field), field), StandardCharsets.UTF_8);
  }

  byte[] bytesU32(String field) throws McapFormatException {
    return bytes(lengthU32(field), field);
  }

  /** A uint64-length-prefixed byte field, returned as a view without copying. */
  ByteBuffer sliceU64(String field) throws McapFormatException {
    long length = u64(field + " length");
    if (length < 0 || length > buf.remaining()) {
      throw overrun(field, length);
    }
    return slice((int) length);
  }

  /** The bytes that remain in the record, as a view. */
  ByteBuffer rest() {
    return slice(buf.remaining());
  }

  byte[] bytes(int length, String field) throws McapFormatException {
    need(length, field);
    byte[] out = new byte[length];
    buf.get(out);
    return out;
  }

  Map<String, String> stringMap(String field) throws McapFormatException {
    LittleEndianReader entries = nested(field);
    Map<String, String> map = new LinkedHashMap<>();
    while (entries.remaining() > 0) {
      String key = entries.string(field + " key");
      map.put(key, entries.string(field + " value"));
    }
    return map;
  }

  Map<Integer, Long> u16u64Map(String field) throws McapFormatException {
    LittleEndianReader entries = nested(field);
    Map<Integer, Long> map = new LinkedHashMap<>();
    while (entries.remaining() > 0) {
      int key = entries.u16(field + " key");
      map.put(key, entries.u64(field + " value"));
    }
    return map;
  }

  /** Array of (timestamp, offset) tuples, as in Message Index records. */
  List<long[]> timestampOffsetPairs(String field) throws McapFormatException {
    LittleEndianReader entries = nested(field);
    if (entries.remaining() % 16 != 0) {
      throw new McapFormatException(
          record + ": " + field + " is " + entries.remaining() + " bytes, not a multiple of 16");
    }
    List<long[]> pairs = new ArrayList<>(entries.remaining() / 16);
    while (entries.remaining() > 0) {
      pairs.add(new long[] {entries.u64(field), entries.u64(field)});
    }
    return pairs;
  }

  private LittleEndianReader nested(String field) throws McapFormatException {
    int length = lengthU32(field);
    need(length, field);
    return new LittleEndianReader(slice(length), record);
  }

  private int lengthU32(String field) throws McapFormatException {
    long length = u32(field + " length");
    if (length > buf.remaining()) {
      throw overrun(field, length);
    }
    return (int) length;
  }

  private ByteBuffer slice(int length) {
    ByteBuffer view = buf.slice();
    view.limit(length);
    buf.position(buf.position() + length);
    return view.order(ByteOrder.LITTLE_ENDIAN);
  }

  private void need(int bytes, String field) throws McapFormatException {
    if (bytes > buf.remaining()) {
      throw overrun(field, bytes);
    }
  }

  private McapFormatException overrun(String field, long length) {
    return new McapFormatException(record + ": field " + field + " needs " + Long.toUnsignedString(length)
        + " bytes but only " + buf.remaining() + " remain in the record");
  }
}
