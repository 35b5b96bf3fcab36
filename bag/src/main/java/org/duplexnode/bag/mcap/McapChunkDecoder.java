package org.duplexnode.bag.mcap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Turns a Chunk into its Schema, Channel and Message records by streaming it through its
 * decompressor: the uncompressed chunk is never held whole. With {@code payloads} false, Message
 * records come without their data (counting and checking a chunk then takes a few kilobytes
 * whatever the chunk's size); with it true, the chunk's declared size must fit
 * {@link McapMemoryBudget#forChunk()}.
 *
 * <p>Damage is returned, not thrown: a chunk that does not decompress, decompresses to another
 * size than it declares or fails its CRC is damaged whole (the records already handed out must be
 * dropped); a record that overruns the chunk or does not parse ends the chunk, keeping the
 * records before it.
 */
final class McapChunkDecoder {
  /** Why a chunk's records stop early; {@code wholeChunk}: none of its records can be trusted. */
  record Damage(String reason, boolean wholeChunk) {}

  private static final byte[] NO_DATA = new byte[0];
  private static final int SCRATCH = 64 * 1024;

  private McapChunkDecoder() {}

  /** Hands each record to {@code out}; returns null when the chunk was read whole. */
  static Damage decode(McapChunk chunk, McapReadOptions options, boolean payloads,
      Consumer<McapRecord> out) {
    long declared = chunk.uncompressedSize();
    if (declared < 0 || declared > options.maxChunkBytes()) {
      return new Damage("chunk declares " + Long.toUnsignedString(declared)
          + " uncompressed bytes, more than the limit of " + options.maxChunkBytes(), true);
    }
    McapCompression compression;
    try {
      compression = McapCompression.fromWireName(chunk.compression());
    } catch (McapFormatException e) {
      return new Damage(e.getMessage(), true);
    }
    if ((payloads || compression == McapCompression.LZ4) && declared > McapMemoryBudget.forChunk()) {
      return new Damage(String.format("chunk declares %d uncompressed bytes (%d compressed), more "
          + "than this JVM can hold now (budget %d bytes of a %d-byte maximum heap)", declared,
          chunk.records().remaining(), McapMemoryBudget.forChunk(), McapMemoryBudget.maxHeap()), true);
    }
    String kind = compression == McapCompression.NONE ? "uncompressed" : compression.wireName();
    try (InputStream raw = compression.open(chunk.records(), declared)) {
      Stream in = new Stream(raw);
      Damage damage = records(in, declared, payloads, out);
      in.skip(declared - in.consumed);
      if (in.consumed < declared) {
        return new Damage(kind + " chunk decompressed to only " + in.consumed
            + " bytes of the " + declared + " it declares", true);
      }
      if (raw.read() >= 0) {
        return new Damage(kind + " chunk decompresses to more than the "
            + declared + " bytes it declares", true);
      }
      long crc = in.crc();
      if (options.verifyCrcs() && chunk.uncompressedCrc() != 0 && crc != chunk.uncompressedCrc()) {
        return new Damage(String.format("CRC mismatch (stored 0x%08x, computed 0x%08x)",
            chunk.uncompressedCrc(), crc), true);
      }
      return damage;
    } catch (McapFormatException e) {
      return new Damage(e.getMessage(), true);
    } catch (IOException | RuntimeException | LinkageError e) {
      return new Damage(kind + " chunk does not decompress: " + e.getMessage(), true);
    }
  }

  private static Damage records(Stream in, long size, boolean payloads, Consumer<McapRecord> out)
      throws IOException {
    byte[] header = new byte[McapRecordCodec.RECORD_HEADER_SIZE + McapMessage.HEADER_SIZE];
    ByteBuffer view = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    while (in.consumed < size) {
      long start = in.consumed;
      long remaining = size - start;
      if (remaining < McapRecordCodec.RECORD_HEADER_SIZE) {
        return new Damage("stray " + remaining + " bytes at chunk offset " + start, false);
      }
      if (in.read(header, 0, McapRecordCodec.RECORD_HEADER_SIZE) < McapRecordCodec.RECORD_HEADER_SIZE) {
        return null; // the decompressor ended early: the caller reports the size
      }
      int opcode = header[0] & 0xff;
      long length = view.getLong(1);
      remaining -= McapRecordCodec.RECORD_HEADER_SIZE;
      if (length < 0 || length > remaining) {
        return new Damage(McapOpcode.name(opcode) + " record at chunk offset " + start + " declares "
            + Long.toUnsignedString(length) + " bytes but only " + remaining
            + " remain; the rest of the chunk is skipped", false);
      }
      String where = "chunk offset " + start;
      try {
        if (opcode == McapOpcode.MESSAGE) {
          // Fields straight from the stream and the data read once into its own array.
          if (length < McapMessage.HEADER_SIZE) {
            throw new McapFormatException("Message record at " + where + " is shorter than its fields");
          }
          int n = McapMessage.HEADER_SIZE;
          if (in.read(header, McapRecordCodec.RECORD_HEADER_SIZE, n) < n) {
            return null;
          }
          byte[] data = NO_DATA;
          if (!payloads) {
            in.skip(length - n);
          } else if (length - n > McapMemoryBudget.forChunk()) {
            return new Damage("Message record at " + where + " of " + length
                + " bytes is more than this JVM can hold now; the rest of the chunk is skipped", false);
          } else {
            data = new byte[(int) (length - n)];
            if (in.read(data, 0, data.length) < data.length) {
              return null;
            }
          }
          out.accept(new McapMessage(view.getShort(9) & 0xffff, view.getInt(11) & 0xffffffffL,
              view.getLong(15), view.getLong(23), data));
        } else if (opcode == McapOpcode.SCHEMA || opcode == McapOpcode.CHANNEL) {
          if (length > McapMemoryBudget.forChunk()) {
            return new Damage(McapOpcode.name(opcode) + " record at " + where + " of " + length
                + " bytes is more than this JVM can hold now; the rest of the chunk is skipped", false);
          }
          byte[] content = new byte[(int) length];
          if (in.read(content, 0, content.length) < content.length) {
            return null;
          }
          out.accept(McapRecordCodec.parse(opcode,
              ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN), where));
        } else {
          in.skip(length);
        }
      } catch (McapFormatException e) {
        return new Damage(e.getMessage() + "; the rest of the chunk is skipped", false);
      }
    }
    return null;
  }

  /** The decompressed bytes, counted and summed into a CRC as they are read. */
  private static final class Stream {
    private final InputStream in;
    private final CRC32 crc = new CRC32();
    /** Set when the whole chunk's CRC was taken in one pass up front. */
    private final long wholeCrc;
    private byte[] scratch;
    private long consumed;

    Stream(InputStream in) {
      this.in = in;
      this.wholeCrc = in instanceof McapWholeChunk whole ? whole.crc() : -1;
    }

    long crc() {
      return wholeCrc >= 0 ? wholeCrc : crc.getValue();
    }

    /** Reads up to {@code length} bytes; fewer only at the end of the stream. */
    int read(byte[] b, int offset, int length) throws IOException {
      int total = 0;
      while (total < length) {
        int n = in.read(b, offset + total, length - total);
        if (n < 0) {
          break;
        }
        total += n;
      }
      if (wholeCrc < 0) {
        crc.update(b, offset, total);
      }
      consumed += total;
      return total;
    }

    /** Reads and drops up to {@code length} bytes (the CRC covers them too). */
    void skip(long length) throws IOException {
      if (wholeCrc >= 0) {
        consumed += in.skip(length);
        return;
      }
      if (scratch == null) {
        scratch = new byte[SCRATCH];
      }
      while (length > 0) {
        int n = read(scratch, 0, (int) Math.min(scratch.length, length));
        if (n == 0) {
          return;
        }
        length -= n;
      }
    }
  }
}
