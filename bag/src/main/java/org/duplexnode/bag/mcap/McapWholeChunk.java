package org.duplexnode.bag.mcap;

import java.io.InputStream;
import java.util.zip.CRC32;

/**
 * Chunk records already uncompressed in one array, read as a stream. The CRC is taken over the
 * array in one pass, which is much faster than record by record.
 */
final class McapWholeChunk extends InputStream {
  private final byte[] bytes;
  private final int end;
  private int position;

  McapWholeChunk(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.position = offset;
    this.end = offset + length;
  }

  McapWholeChunk(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  /** The CRC-32 of the bytes not yet read. */
  long crc() {
    CRC32 crc = new CRC32();
    crc.update(bytes, position, end - position);
    return crc.getValue();
  }

  @Override
  public int read() {
    return position < end ? bytes[position++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int offset, int length) {
    if (length == 0) {
      return 0;
    }
    if (position >= end) {
      return -1;
    }
    int n = Math.min(length, end - position);
    System.arraycopy(bytes, position, b, offset, n);
    position += n;
    return n;
  }

  @Override
  public long skip(long n) {
    long k = Math.max(0, Math.min(n, end - position));
    position += (int) k;
    return k;
  }
}
