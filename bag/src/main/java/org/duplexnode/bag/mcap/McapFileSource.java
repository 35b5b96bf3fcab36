package org.duplexnode.bag.mcap;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Positional, bounds-checked reads from an MCAP file. */
final class McapFileSource implements Closeable {
  /** Java arrays stop a little short of 2 GiB. */
  static final long MAX_READ = Integer.MAX_VALUE - 16L;

  private final Path path;
  private final FileChannel channel;
  private final long size;

  private McapFileSource(Path path, FileChannel channel, long size) {
    this.path = path;
    this.channel = channel;
    this.size = size;
  }

  static McapFileSource open(Path path) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      return new McapFileSource(path, channel, channel.size());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  Path path() {
    return path;
  }

  long size() {
    return size;
  }

  /** Reads exactly {@code length} bytes at {@code offset}, which must lie inside the file. */
  ByteBuffer read(long offset, long length, String what) throws IOException {
    if (offset < 0 || length < 0 || length > MAX_READ || offset > size - length) {
      throw new McapFormatException(path + ": " + what + " at offset " + offset + " with length "
          + Long.toUnsignedString(length) + " lies outside the file of " + size + " bytes");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
    long position = offset;
    while (buf.hasRemaining()) {
      int n = channel.read(buf, position);
      if (n < 0) {
        throw new McapFormatException(path + ": file shrank while reading " + what + " at offset " + offset);
      }
      position += n;
    }
    buf.flip();
    return buf;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
