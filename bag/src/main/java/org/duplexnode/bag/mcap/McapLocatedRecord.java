package org.duplexnode.bag.mcap;

import java.nio.ByteBuffer;

/** A record as found in a file: where it starts, its opcode and its content bytes. */
record McapLocatedRecord(long offset, int opcode, ByteBuffer content) {
  /** Bytes the record takes in the file, opcode and length prefix included. */
  long totalLength() {
    return McapRecordCodec.RECORD_HEADER_SIZE + (long) content.remaining();
  }

  String where() {
    return "offset " + offset;
  }

  McapRecord parse() throws McapFormatException {
    return McapRecordCodec.parse(opcode, content.duplicate(), where());
  }
}
