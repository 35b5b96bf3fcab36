package org.duplexnode.bag.mcap;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jpountz.lz4.LZ4FrameOutputStream;

/**
 * Chunk compression formats of the spec. Decompression never allocates more than the chunk's
 * declared uncompressed size, and rejects a declared size that the compressed bytes cannot
 * produce (a frame header that disagrees, or a ratio LZ4 cannot reach).
 */
public enum McapCompression {
  NONE(""),
  ZSTD("zstd"),
  LZ4("lz4");

  /**
   * Zstd chunks up to this size are decompressed in one call, which is faster than the stream
   * (rosbag2 writes 768 KiB chunks); larger ones are streamed so they are never held whole.
   */
  static final long WHOLE_ZSTD_BYTES = 4L << 20;

  /** LZ4 encodes at most about 255 output bytes per input byte. */
  private static final long LZ4_MAX_RATIO = 256;

  private final String wireName;

  McapCompression(String wireName) {
    this.wireName = wireName;
  }

  /** The name written in Chunk records: "", "zstd" or "lz4". */
  public String wireName() {
    return wireName;
  }

  /** The compression named in a chunk, or an error for names this reader does not know. */
  public static McapCompression fromWireName(String name) throws McapFormatException {
    for (McapCompression c : values()) {
      if (c.wireName.equals(name)) {
        return c;
      }
    }
    throw new McapFormatException("unsupported chunk compression \"" + name + "\"");
  }

  /**
   * Loads the codec's native library now, so that a writer fails when it is created rather than at
   * its first chunk: zstd-jni unpacks its library into the temporary folder on first use, which a
   * full disk turns into an {@link ExceptionInInitializerError} in the middle of a recording.
   */
  void ensureAvailable() throws IOException {
    if (this == ZSTD) {
      try {
        Zstd.compressBound(0);
      } catch (LinkageError e) {
        throw new IOException("the zstd native library cannot be loaded: " + e.getMessage(), e);
      }
    }
  }

  byte[] compress(byte[] data, int length, int level) throws IOException {
    ensureAvailable();
    switch (this) {
      case NONE:
        return Arrays.copyOf(data, length);
      case ZSTD:
        byte[] out = new byte[(int) Math.min(Integer.MAX_VALUE - 16L, Zstd.compressBound(length))];
        long written = Zstd.compressByteArray(out, 0, out.length, data, 0, length, level);
        return Arrays.copyOf(out, (int) written);
      case LZ4:
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(length / 2 + 64);
        try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(bytes,
            LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB, length,
            LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
            LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE)) {
          lz4.write(data, 0, length);
        }
        return bytes.toByteArray();
      default:
        throw new IllegalStateException(name());
    }
  }

  /**
   * A stream of the uncompressed bytes of {@code compressed}, for reading a chunk without holding
   * it whole (LZ4 chunks are decoded whole: their size is bounded by LZ4's ratio). The caller
   * checks that it yields exactly {@code declaredSize} bytes.
   *
   * @throws McapFormatException when the frame headers already disagree with the declared size
   */
  InputStream open(ByteBuffer compressed, long declaredSize) throws IOException {
    switch (this) {
      case NONE:
        if (compressed.remaining() != declaredSize) {
          throw new McapFormatException("uncompressed chunk holds " + compressed.remaining()
              + " bytes but declares " + declaredSize);
        }
        if (compressed.hasArray()) {
          return new McapWholeChunk(compressed.array(), compressed.arrayOffset() + compressed.position(),
              compressed.remaining());
        }
        return new ByteBufferInputStream(compressed.duplicate());
      case ZSTD: {
        byte[] src = toArray(compressed);
        long framed = framedSize(src);
        if (framed >= 0 && framed != declaredSize) {
          throw new McapFormatException("zstd frames hold " + framed + " bytes but the chunk declares "
              + declaredSize);
        }
        ensureAvailable();
        if (declaredSize <= WHOLE_ZSTD_BYTES) {
          return new McapWholeChunk(zstd(src, (int) declaredSize));
        }
        // Buffered: the records are read a few bytes at a time, each read a native call.
        return new BufferedInputStream(new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(src)), 1 << 16);
      }
      case LZ4:
        return new McapWholeChunk(lz4(toArray(compressed), (int) declaredSize));
      default:
        throw new IllegalStateException(name());
    }
  }

  /** Reads a buffer as a stream, without copying it. */
  private static final class ByteBufferInputStream extends InputStream {
    private final ByteBuffer buffer;

    ByteBufferInputStream(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public int read() {
      return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int offset, int length) {
      if (length == 0) {
        return 0;
      }
      if (!buffer.hasRemaining()) {
        return -1;
      }
      int n = Math.min(length, buffer.remaining());
      buffer.get(b, offset, n);
      return n;
    }
  }

  /**
   * Decompresses {@code compressed} into exactly {@code declaredSize} bytes.
   *
   * @throws McapFormatException if the data is corrupt or does not decompress to that size
   */
  byte[] decompress(ByteBuffer compressed, long declaredSize, long maxSize) throws McapFormatException {
    int compressedSize = compressed.remaining();
    if (declaredSize < 0 || declaredSize > maxSize) {
      throw new McapFormatException("chunk declares " + Long.toUnsignedString(declaredSize)
          + " uncompressed bytes, more than the limit of " + maxSize);
    }
    int size = (int) declaredSize;
    byte[] src = toArray(compressed);
    try {
      switch (this) {
        case NONE:
          if (compressedSize != size) {
            throw new McapFormatException("uncompressed chunk holds " + compressedSize
                + " bytes but declares " + size);
          }
          return src;
        case ZSTD:
          return zstd(src, size);
        case LZ4:
          return lz4(src, size);
        default:
          throw new IllegalStateException(name());
      }
    } catch (McapFormatException e) {
      throw e;
    } catch (IOException | RuntimeException | LinkageError e) {
      throw new McapFormatException(wireName + " chunk does not decompress: " + e.getMessage(), e);
    }
  }

  private static byte[] zstd(byte[] src, int size) throws McapFormatException {
    long framed = framedSize(src);
    if (framed >= 0 && framed != size) {
      throw new McapFormatException("zstd frames hold " + framed + " bytes but the chunk declares " + size);
    }
    byte[] out = new byte[size];
    long n = Zstd.decompressByteArray(out, 0, size, src, 0, src.length);
    if (n != size) {
      throw new McapFormatException("zstd chunk decompressed to " + n + " bytes, expected " + size);
    }
    return out;
  }

  /**
   * The content size the zstd frames state, summed over frames, or -1 when a frame does not
   * state it; checked before allocating so a damaged size field cannot cause a huge allocation.
   */
  private static long framedSize(byte[] src) throws McapFormatException {
    long total = 0;
    int position = 0;
    try {
      while (position < src.length) {
        long content = Zstd.getFrameContentSize(src, position, src.length - position);
        long compressed = Zstd.findFrameCompressedSize(src, position, src.length - position);
        if (content < 0 || compressed <= 0) {
          return -1;
        }
        total += content;
        position += (int) compressed;
      }
    } catch (RuntimeException e) {
      throw new McapFormatException("zstd frame at chunk offset " + position + " is invalid: " + e.getMessage());
    }
    return total;
  }

  private static byte[] lz4(byte[] src, int size) throws McapFormatException {
    if (size > src.length * LZ4_MAX_RATIO + 65536) {
      throw new McapFormatException("lz4 chunk of " + src.length
          + " bytes cannot hold the declared " + size + " bytes");
    }
    return Lz4FrameDecoder.decode(src, size);
  }

  private static byte[] toArray(ByteBuffer b) {
    ByteBuffer view = b.duplicate();
    byte[] out = new byte[view.remaining()];
    view.get(out);
    return out;
  }
}
