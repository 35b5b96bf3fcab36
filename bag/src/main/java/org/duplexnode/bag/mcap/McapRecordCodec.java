package org.duplexnode.bag.mcap;

import java.nio.ByteBuffer;

/** Turns record content bytes into {@link McapRecord}s and records into bytes. */
final class McapRecordCodec {
  /** Opcode byte plus uint64 content length. */
  static final int RECORD_HEADER_SIZE = 9;

  private McapRecordCodec() {}

  /**
   * Parses one record's content.
   *
   * @param where describes the record's place for error messages, e.g. "offset 42"
   */
  static McapRecord parse(int opcode, ByteBuffer content, String where) throws McapFormatException {
    LittleEndianReader r = new LittleEndianReader(content, McapOpcode.name(opcode) + " record at " + where);
    switch (opcode) {
      case McapOpcode.HEADER: return McapHeader.read(r);
      case McapOpcode.FOOTER: return McapFooter.read(r);
      case McapOpcode.SCHEMA: return McapSchema.read(r);
      case McapOpcode.CHANNEL: return McapChannel.read(r);
      case McapOpcode.MESSAGE: return McapMessage.read(r);
      case McapOpcode.CHUNK: return McapChunk.read(r);
      case McapOpcode.MESSAGE_INDEX: return McapMessageIndex.read(r);
      case McapOpcode.CHUNK_INDEX: return McapChunkIndex.read(r);
      case McapOpcode.ATTACHMENT: return McapAttachment.read(r);
      case McapOpcode.ATTACHMENT_INDEX: return McapAttachmentIndex.read(r);
      case McapOpcode.STATISTICS: return McapStatistics.read(r);
      case McapOpcode.METADATA: return McapMetadata.read(r);
      case McapOpcode.METADATA_INDEX: return McapMetadataIndex.read(r);
      case McapOpcode.SUMMARY_OFFSET: return McapSummaryOffset.read(r);
      case McapOpcode.DATA_END: return McapDataEnd.read(r);
      default: return new McapUnknownRecord(opcode, content.remaining());
    }
  }

  /** Appends opcode, content length and content of {@code record} to {@code out}. */
  static void write(McapRecord record, LittleEndianWriter out) {
    out.u8(record.opcode());
    int lengthAt = out.size();
    out.u64(0);
    int start = out.size();
    writeContent(record, out);
    long length = out.size() - start;
    out.putU32At(lengthAt, length);
    out.putU32At(lengthAt + 4, length >>> 32);
  }

  private static void writeContent(McapRecord record, LittleEndianWriter out) {
    if (record instanceof McapHeader r) {
      r.write(out);
    } else if (record instanceof McapFooter r) {
      r.write(out);
    } else if (record instanceof McapSchema r) {
      r.write(out);
    } else if (record instanceof McapChannel r) {
      r.write(out);
    } else if (record instanceof McapMessage r) {
      r.write(out);
    } else if (record instanceof McapChunk r) {
      r.write(out);
    } else if (record instanceof McapMessageIndex r) {
      r.write(out);
    } else if (record instanceof McapChunkIndex r) {
      r.write(out);
    } else if (record instanceof McapAttachment r) {
      r.write(out);
    } else if (record instanceof McapAttachmentIndex r) {
      r.write(out);
    } else if (record instanceof McapStatistics r) {
      r.write(out);
    } else if (record instanceof McapMetadata r) {
      r.write(out);
    } else if (record instanceof McapMetadataIndex r) {
      r.write(out);
    } else if (record instanceof McapSummaryOffset r) {
      r.write(out);
    } else if (record instanceof McapDataEnd r) {
      r.write(out);
    } else {
      throw new IllegalArgumentException("cannot write " + record);
    }
  }
}
