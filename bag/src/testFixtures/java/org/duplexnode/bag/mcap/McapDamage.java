package org.duplexnode.bag.mcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Damages one chunk of an MCAP file in place, the ways a disk or a copy damages files. */
public final class McapDamage {
  /** What goes wrong in the chunk. */
  public enum Kind {
    /** One byte of the compressed records flipped. */
    FLIPPED_BYTE,
    /** The stored CRC of the uncompressed records is wrong. */
    BAD_CRC,
    /** The declared uncompressed size is one byte too large. */
    WRONG_SIZE
  }

  private McapDamage() {}

  /** Where the file's chunks start, from its summary. */
  public static List<Long> chunkOffsets(Path file) throws IOException {
    try (McapReader reader = McapReader.open(file)) {
      return reader.chunkIndexes().stream().map(McapChunkIndex::chunkStartOffset).toList();
    }
  }

  public static void damage(Path file, long chunkOffset, Kind kind) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int fields = (int) chunkOffset + McapRecordCodec.RECORD_HEADER_SIZE;
    int sizeAt = fields + 16;
    int crcAt = fields + 24;
    int compressionLength = b.getInt(fields + 28);
    int recordsLengthAt = fields + 32 + compressionLength;
    long recordsLength = b.getLong(recordsLengthAt);
    switch (kind) {
      case FLIPPED_BYTE -> bytes[(int) (recordsLengthAt + 8 + recordsLength / 2)] ^= 0x5a;
      case BAD_CRC -> b.putInt(crcAt, b.getInt(crcAt) ^ 0x1);
      case WRONG_SIZE -> b.putLong(sizeAt, b.getLong(sizeAt) + 1);
      default -> throw new IllegalArgumentException(kind.name());
    }
    Files.write(file, bytes);
  }
}
