package org.duplexnode.bag;

import com.github.luben.zstd.Zstd;

/**
 * Undoes rosbag2's per-message compression (compression_mode "message"). Only zstd exists in
 * rosbag2; a frame must state its size, which is checked against a limit before allocating.
 */
interface MessageDecompressor {
  long MAX_MESSAGE_BYTES = 1L << 30;

  MessageDecompressor NONE = data -> data;

  byte[] decompress(byte[] data) throws BagFormatException;

  static MessageDecompressor forMetadata(String mode, String format) throws BagFormatException {
    if (!"message".equalsIgnoreCase(mode)) {
      return NONE;
    }
    if (!"zstd".equalsIgnoreCase(format)) {
      throw new BagFormatException("per-message compression \"" + format + "\" is not supported");
    }
    return MessageDecompressor::zstd;
  }

  private static byte[] zstd(byte[] data) throws BagFormatException {
    long size = Zstd.getFrameContentSize(data, 0, data.length);
    if (size < 0 || size > MAX_MESSAGE_BYTES) {
      throw new BagFormatException("zstd message frame has no usable size (" + size + ")");
    }
    try {
      byte[] out = new byte[(int) size];
      long n = Zstd.decompressByteArray(out, 0, out.length, data, 0, data.length);
      if (n != size) {
        throw new BagFormatException("zstd message decompressed to " + n + " bytes, expected " + size);
      }
      return out;
    } catch (RuntimeException e) {
      throw new BagFormatException("zstd message does not decompress: " + e.getMessage(), e);
    }
  }
}
