package org.duplexnode.ingest.image;

import org.duplexnode.ingest.image.CompressedFormat.Codec;

/**
 * The codec and pixel size of a JPEG or PNG stream, read from its headers without decoding, so
 * that an oversized image (a decompression bomb) is refused before the decoder allocates for it.
 *
 * @param codec what the leading signature says the data is
 */
public record CompressedHeader(Codec codec, int width, int height) {
  private static final byte[] PNG_SIGNATURE =
      {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** The codec the data's signature names, or null. */
  public static Codec sniff(byte[] data) {
    if (data.length >= 3 && (data[0] & 0xff) == 0xff && (data[1] & 0xff) == 0xd8
        && (data[2] & 0xff) == 0xff) {
      return Codec.JPEG;
    }
    if (data.length >= PNG_SIGNATURE.length) {
      for (int i = 0; i < PNG_SIGNATURE.length; i++) {
        if (data[i] != PNG_SIGNATURE[i]) {
          return null;
        }
      }
      return Codec.PNG;
    }
    return null;
  }

  /**
   * @throws ImageRejectedException when the signature is unknown or the header cannot be found
   */
  public static CompressedHeader read(byte[] data) throws ImageRejectedException {
    Codec codec = sniff(data);
    if (codec == null) {
      throw new ImageRejectedException(RejectReason.CORRUPT_DATA,
          "data starts with neither a JPEG nor a PNG signature (" + leadingBytes(data) + ")");
    }
    return codec == Codec.JPEG ? jpeg(data) : png(data);
  }

  private static CompressedHeader png(byte[] data) throws ImageRejectedException {
    // Signature, then the IHDR chunk: 4-byte length, "IHDR", width, height (big-endian).
    if (data.length < 24 || data[12] != 'I' || data[13] != 'H' || data[14] != 'D'
        || data[15] != 'R') {
      throw new ImageRejectedException(RejectReason.CORRUPT_DATA,
          "PNG data has no IHDR chunk after the signature");
    }
    return new CompressedHeader(Codec.PNG, int32(data, 16), int32(data, 20));
  }

  private static CompressedHeader jpeg(byte[] data) throws ImageRejectedException {
    int pos = 2;
    while (pos + 4 <= data.length) {
      if ((data[pos] & 0xff) != 0xff) {
        throw new ImageRejectedException(RejectReason.CORRUPT_DATA,
            "JPEG marker expected at byte " + pos);
      }
      int marker = data[pos + 1] & 0xff;
      if (marker == 0xff) { // fill byte
        pos++;
        continue;
      }
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { // no length field
        pos += 2;
        continue;
      }
      if (marker == 0xda || marker == 0xd9) {
        break; // scan data or end of image before any frame header
      }
      int length = (data[pos + 2] & 0xff) << 8 | (data[pos + 3] & 0xff);
      boolean frameHeader = marker >= 0xc0 && marker <= 0xcf
          && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
      if (frameHeader) {
        if (pos + 9 > data.length) {
          break;
        }
        int height = (data[pos + 5] & 0xff) << 8 | (data[pos + 6] & 0xff);
        int width = (data[pos + 7] & 0xff) << 8 | (data[pos + 8] & 0xff);
        return new CompressedHeader(Codec.JPEG, width, height);
      }
      if (length < 2) {
        throw new ImageRejectedException(RejectReason.CORRUPT_DATA,
            "JPEG segment at byte " + pos + " has length " + length);
      }
      pos += 2 + length;
    }
    throw new ImageRejectedException(RejectReason.CORRUPT_DATA,
        "JPEG data has no frame header (SOF) in its " + data.length + " bytes");
  }

  /**
   * Whether a JPEG stream ends with its end-of-image marker (allowing a little trailing padding).
   * Entropy-coded data escapes every 0xFF, so FF D9 near the end can only be that marker; a
   * stream without it was cut short, and the decoder would fill the missing rows with grey.
   */
  static boolean jpegComplete(byte[] data) {
    int stop = Math.max(1, data.length - 64);
    for (int i = data.length - 1; i >= stop; i--) {
      if ((data[i - 1] & 0xff) == 0xff && (data[i] & 0xff) == 0xd9) {
        return true;
      }
    }
    return false;
  }

  private static int int32(byte[] d, int at) {
    return (d[at] & 0xff) << 24 | (d[at + 1] & 0xff) << 16 | (d[at + 2] & 0xff) << 8
        | (d[at + 3] & 0xff);
  }

  private static String leadingBytes(byte[] data) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(4, data.length); i++) {
      sb.append(String.format("%02x ", data[i] & 0xff));
    }
    return data.length == 0 ? "no bytes" : sb.toString().trim();
  }
}
