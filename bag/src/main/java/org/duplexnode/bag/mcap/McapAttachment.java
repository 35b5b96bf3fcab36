package org.duplexnode.bag.mcap;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Attachment (op 0x09): a named file (calibration, a log) in the data section. {@link #crc()} is
 * the CRC32 of all preceding fields, or 0 when not computed.
 */
public record McapAttachment(
    long logTime, long createTime, String name, String mediaType, byte[] data, long crc)
    implements McapRecord {
  @Override
  public int opcode() {
    return McapOpcode.ATTACHMENT;
  }

  static McapAttachment read(LittleEndianReader r) throws McapFormatException {
    long logTime = r.u64("log_time");
    long createTime = r.u64("create_time");
    String name = r.string("name");
    String mediaType = r.string("media_type");
    ByteBuffer data = r.sliceU64("data");
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    return new McapAttachment(logTime, createTime, name, mediaType, bytes, r.u32("crc"));
  }

  /** The CRC32 of a serialized attachment's content without its trailing crc field. */
  static long computeCrc(ByteBuffer content) {
    ByteBuffer fields = content.duplicate();
    fields.limit(fields.limit() - 4);
    CRC32 crc = new CRC32();
    crc.update(fields);
    return crc.getValue();
  }

  /** Writes the fields and a freshly computed CRC (the {@link #crc()} component is ignored). */
  void write(LittleEndianWriter w) {
    int start = w.size();
    w.u64(logTime).u64(createTime).string(name).string(mediaType).u64(data.length).bytes(data);
    CRC32 crc = new CRC32();
    crc.update(w.array(), start, w.size() - start);
    w.u32(crc.getValue());
  }
}
