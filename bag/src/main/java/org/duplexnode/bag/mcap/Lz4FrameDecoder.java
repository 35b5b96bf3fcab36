package org.duplexnode.bag.mcap;

import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Decodes LZ4 frames (the LZ4 frame format) into a buffer of known size. Unlike lz4-java's
 * frame stream it accepts linked blocks, the LZ4 library's default and what the reference MCAP
 * writers produce: all blocks decode into one buffer, so a match may reach into earlier blocks.
 * Header, block and content checksums are verified when present. Every step consumes input and
 * is bounds checked, so corrupt input ends in {@link McapFormatException}.
 */
final class Lz4FrameDecoder {
  private static final int MAGIC = 0x184D2204;
  private static final int SKIPPABLE_MASK = 0xFFFFFFF0;
  private static final int SKIPPABLE = 0x184D2A50;
  private static final int MIN_MATCH = 4;
  private static final XXHash32 XXHASH = XXHashFactory.fastestJavaInstance().hash32();

  private final byte[] src;
  private final byte[] out;
  private int ip;
  private int op;

  private Lz4FrameDecoder(byte[] src, byte[] out) {
    this.src = src;
    this.out = out;
  }

  /** Decodes every frame in {@code src}; they must fill exactly {@code size} bytes. */
  static byte[] decode(byte[] src, int size) throws McapFormatException {
    Lz4FrameDecoder d = new Lz4FrameDecoder(src, new byte[size]);
    while (d.ip < src.length) {
      d.frame();
    }
    if (d.op != size) {
      throw new McapFormatException("lz4 data decompressed to " + d.op + " bytes, expected " + size);
    }
    return d.out;
  }

  private void frame() throws McapFormatException {
    int magic = u32();
    if ((magic & SKIPPABLE_MASK) == SKIPPABLE) {
      skip(u32());
      return;
    }
    if (magic != MAGIC) {
      throw new McapFormatException(String.format("not an lz4 frame (magic 0x%08x)", magic));
    }
    int descriptorStart = ip;
    int flags = u8();
    u8();
    if ((flags >>> 6) != 1) {
      throw new McapFormatException("unsupported lz4 frame version " + (flags >>> 6));
    }
    boolean blockChecksum = (flags & 0x10) != 0;
    boolean contentSize = (flags & 0x08) != 0;
    boolean contentChecksum = (flags & 0x04) != 0;
    long declared = -1;
    if (contentSize) {
      declared = u32() & 0xffffffffL | (long) u32() << 32;
    }
    if ((flags & 0x01) != 0) {
      u32();
    }
    int headerChecksum = (XXHASH.hash(src, descriptorStart, ip - descriptorStart, 0) >>> 8) & 0xff;
    if (u8() != headerChecksum) {
      throw new McapFormatException("lz4 frame header checksum mismatch");
    }
    int frameStart = op;
    for (int blockSize = u32(); blockSize != 0; blockSize = u32()) {
      boolean stored = blockSize < 0;
      int length = blockSize & 0x7fffffff;
      need(length);
      int blockStart = ip;
      if (stored) {
        literal(length);
      } else {
        block(ip + length);
      }
      ip = blockStart + length;
      if (blockChecksum && u32() != XXHASH.hash(src, blockStart, length, 0)) {
        throw new McapFormatException("lz4 block checksum mismatch");
      }
    }
    if (declared >= 0 && declared != op - frameStart) {
      throw new McapFormatException("lz4 frame declares " + declared + " bytes but holds " + (op - frameStart));
    }
    if (contentChecksum && u32() != XXHASH.hash(out, frameStart, op - frameStart, 0)) {
      throw new McapFormatException("lz4 content checksum mismatch");
    }
  }

  /** One compressed block: sequences of literals and matches up to {@code end}. */
  private void block(int end) throws McapFormatException {
    while (ip < end) {
      int token = src[ip++] & 0xff;
      int literals = length(token >>> 4, end);
      if (literals > end - ip) {
        throw new McapFormatException("lz4 literals run past the block");
      }
      literal(literals);
      if (ip == end) {
        return;
      }
      if (end - ip < 2) {
        throw new McapFormatException("lz4 block ends inside a match offset");
      }
      int offset = (src[ip] & 0xff) | (src[ip + 1] & 0xff) << 8;
      ip += 2;
      int match = length(token & 0x0f, end) + MIN_MATCH;
      if (offset == 0 || offset > op) {
        throw new McapFormatException("lz4 match offset " + offset + " reaches before the output");
      }
      if (match > out.length - op) {
        throw new McapFormatException("lz4 data decompresses to more than the declared " + out.length + " bytes");
      }
      int from = op - offset;
      if (offset >= match) {
        System.arraycopy(out, from, out, op, match);
        op += match;
      } else {
        for (int i = 0; i < match; i++) {
          out[op++] = out[from + i];
        }
      }
    }
  }

  private int length(int nibble, int end) throws McapFormatException {
    int length = nibble;
    if (nibble == 15) {
      int b;
      do {
        if (ip >= end) {
          throw new McapFormatException("lz4 block ends inside a length");
        }
        b = src[ip++] & 0xff;
        length += b;
        if (length < 0) {
          throw new McapFormatException("lz4 length overflows");
        }
      } while (b == 255);
    }
    return length;
  }

  private void literal(int length) throws McapFormatException {
    if (length > out.length - op) {
      throw new McapFormatException("lz4 data decompresses to more than the declared " + out.length + " bytes");
    }
    need(length);
    System.arraycopy(src, ip, out, op, length);
    ip += length;
    op += length;
  }

  private int u8() throws McapFormatException {
    need(1);
    return src[ip++] & 0xff;
  }

  private int u32() throws McapFormatException {
    need(4);
    int v = (src[ip] & 0xff) | (src[ip + 1] & 0xff) << 8 | (src[ip + 2] & 0xff) << 16 | (src[ip + 3] & 0xff) << 24;
    ip += 4;
    return v;
  }

  private void skip(int length) throws McapFormatException {
    need(length & 0xffffffffL);
    ip += length;
  }

  private void need(long bytes) throws McapFormatException {
    if (bytes < 0 || bytes > src.length - ip) {
      throw new McapFormatException("lz4 data ends early");
    }
  }
}
