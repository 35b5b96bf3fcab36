package org.duplexnode.bag.mcap;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Walks top-level records from an offset to a limit. A record whose header or content runs past
 * the limit ends the walk with a reported problem (a truncated file), so every step either
 * advances by at least one record header or stops.
 */
final class McapRecordWalker {
  private final McapFileSource source;
  private final long limit;
  private final McapProblems problems;
  private long position;
  private boolean stopped;
  private boolean truncated;

  McapRecordWalker(McapFileSource source, long start, long limit, McapProblems problems) {
    this.source = source;
    this.position = start;
    this.limit = Math.min(limit, source.size());
    this.problems = problems;
  }

  long position() {
    return position;
  }

  /** True when the walk stopped at a record that did not fit before the limit. */
  boolean truncated() {
    return truncated;
  }

  /** The next record, or null at the limit or at a record that does not fit. */
  McapLocatedRecord next() throws IOException {
    if (stopped || position >= limit) {
      return null;
    }
    if (limit - position < McapRecordCodec.RECORD_HEADER_SIZE) {
      return stop("the file ends inside the record header at offset " + position);
    }
    ByteBuffer header = source.read(position, McapRecordCodec.RECORD_HEADER_SIZE, "record header");
    int opcode = header.get() & 0xff;
    long length = header.getLong();
    long available = limit - position - McapRecordCodec.RECORD_HEADER_SIZE;
    if (length < 0 || length > available) {
      return stop(McapOpcode.name(opcode) + " record at offset " + position + " declares "
          + Long.toUnsignedString(length) + " content bytes but only " + available
          + " remain; the file is truncated or corrupt, reading stops here");
    }
    if (length > McapFileSource.MAX_READ) {
      return stop(McapOpcode.name(opcode) + " record at offset " + position + " is too large to read ("
          + length + " bytes)");
    }
    ByteBuffer content = source.read(position + McapRecordCodec.RECORD_HEADER_SIZE, length,
        McapOpcode.name(opcode) + " record");
    McapLocatedRecord record = new McapLocatedRecord(position, opcode, content);
    position += McapRecordCodec.RECORD_HEADER_SIZE + length;
    return record;
  }

  private McapLocatedRecord stop(String message) throws McapFormatException {
    stopped = true;
    truncated = true;
    problems.report(message);
    return null;
  }
}
