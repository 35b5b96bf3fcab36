package org.duplexnode.ingest.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * A baseline JPEG with restart markers cut into a top and a bottom JPEG of its own, so two cores
 * can decode it at once. Huffman decoding is serial within a restart interval and is most of a
 * decode's time; at a restart marker the decoder's state starts afresh (DC predictions reset,
 * byte-aligned), so the intervals below it decode without those above. Encoders write markers
 * when asked (OpenCV's IMWRITE_JPEG_RST_INTERVAL, which ROS 1's compressed_image_transport sets
 * from jpeg_restart_interval; V4L2 hardware encoders' V4L2_CID_JPEG_RESTART_INTERVAL).
 *
 * <p>The cut is at the start of an MCU row, right after a marker whose count is a multiple of 8,
 * so the bottom part's first marker is RST0 as a decoder expects and no byte needs renumbering.
 * Each part is the original header with the frame height changed, then its share of the
 * entropy-coded data; the top part gets an end-of-image marker. The planes decoded from the two
 * parts are the planes of the whole, to the bit: nothing in a baseline decode looks across block
 * rows before the colour stage, which the planar path does not run.
 *
 * <p>Only what the planar decoder takes is cut: one sequential Huffman scan (SOF0 or SOF1) of
 * one or three components, with a restart interval and a cut between 30 % and 70 % of the rows.
 * Anything else, and any marker or length that does not add up, gives no cut; the frame then
 * decodes whole.
 */
final class RestartSplit {
  private static final int SOF0 = 0xc0;
  private static final int SOF1 = 0xc1;
  private static final int DRI = 0xdd;
  private static final int SOS = 0xda;
  private static final int EOI = 0xd9;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** The top part, rows [0, {@link #cutRow}) of the image. */
  final byte[] top;
  /** The bottom part, rows [{@link #cutRow}, height). */
  final byte[] bottom;
  /** The first pixel row of the bottom part: a multiple of the MCU height. */
  final int cutRow;

  private RestartSplit(byte[] top, byte[] bottom, int cutRow) {
    this.top = top;
    this.bottom = bottom;
    this.cutRow = cutRow;
  }

  /** The cut nearest the middle, or empty when the frame cannot be cut (see the class comment). */
  static Optional<RestartSplit> find(byte[] data) {
    Header header = Header.parse(data);
    if (header == null) {
      return Optional.empty();
    }
    int mcuRow = header.mcuRow();
    if (mcuRow < 0) {
      return Optional.empty();
    }
    int intervals = mcuRow * header.mcusPerRow / header.restartInterval;
    int markerPos = restartMarker(data, header.entropyStart, intervals);
    if (markerPos < 0) {
      return Optional.empty();
    }
    int cutRow = mcuRow * header.mcuHeight;
    byte[] top = new byte[markerPos + 2];
    System.arraycopy(data, 0, top, 0, markerPos);
    top[markerPos] = (byte) 0xff;
    top[markerPos + 1] = (byte) EOI;
    setHeight(top, header.sofPos, cutRow);
    int rest = data.length - (markerPos + 2);
    byte[] bottom = new byte[header.entropyStart + rest];
    System.arraycopy(data, 0, bottom, 0, header.entropyStart);
    System.arraycopy(data, markerPos + 2, bottom, header.entropyStart, rest);
    setHeight(bottom, header.sofPos, header.height - cutRow);
    return Optional.of(new RestartSplit(top, bottom, cutRow));
  }

  /**
   * The position of the restart marker that ends interval {@code count} (counting from 1), or -1
   * when another marker or the end of the data comes first, or the marker's number is not the
   * one a decoder expects there.
   */
  private static int restartMarker(byte[] data, int from, int count) {
    int seen = 0;
    int last = data.length - 1;
    int i = from;
    while (i < last) {
      i = nextFf(data, i, last);
      if (i >= last) {
        return -1;
      }
      int next = data[i + 1] & 0xff;
      if (next == 0x00 || next == 0xff) {
        i++; // a stuffed 0xFF data byte, or fill before a marker
        continue;
      }
      if (next < 0xd0 || next > 0xd7 || next - 0xd0 != seen % 8) {
        return -1;
      }
      seen++;
      if (seen == count) {
        return i;
      }
      i += 2;
    }
    return -1;
  }

  /**
   * The first 0xFF byte at or after {@code from} and before {@code end}, or {@code end}. Eight
   * bytes at a time: in entropy-coded data under one byte in a hundred is 0xFF.
   */
  static int nextFf(byte[] data, int from, int end) {
    int i = from;
    while (i + Long.BYTES <= end) {
      long inverted = ~(long) LONGS.get(data, i);
      // a zero byte in the inverted word is a 0xFF byte in the data
      if (((inverted - 0x0101010101010101L) & ~inverted & 0x8080808080808080L) != 0) {
        break;
      }
      i += Long.BYTES;
    }
    while (i < end && data[i] != (byte) 0xff) {
      i++;
    }
    return i;
  }

  private static void setHeight(byte[] jpeg, int sofPos, int height) {
    jpeg[sofPos + 5] = (byte) (height >> 8);
    jpeg[sofPos + 6] = (byte) height;
  }

  /** What the cut needs from the markers before the scan. */
  private static final class Header {
    int sofPos = -1;
    int height;
    int width;
    int components;
    int maxH = 1;
    int maxV = 1;
    int restartInterval;
    int scanComponents;
    int entropyStart;
    int mcusPerRow;
    int mcuRows;
    int mcuHeight;

    static Header parse(byte[] data) {
      Header h = new Header();
      int pos = 2;
      while (pos + 4 <= data.length) {
        if (data[pos] != (byte) 0xff) {
          return null;
        }
        int marker = data[pos + 1] & 0xff;
        if (marker == 0xff) {
          pos++;
          continue;
        }
        if (marker == EOI || (marker >= 0xd0 && marker <= 0xd7) || marker == 0x01) {
          return null;
        }
        int length = (data[pos + 2] & 0xff) << 8 | (data[pos + 3] & 0xff);
        if (length < 2 || pos + 2 + length > data.length) {
          return null;
        }
        boolean frame = marker >= 0xc0 && marker <= 0xcf
            && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
        if (frame && !h.frame(data, pos, marker, length)) {
          return null;
        }
        if (marker == DRI) {
          if (length != 4) {
            return null;
          }
          h.restartInterval = (data[pos + 4] & 0xff) << 8 | (data[pos + 5] & 0xff);
        }
        if (marker == SOS) {
          h.scanComponents = length > 2 ? data[pos + 4] & 0xff : 0;
          h.entropyStart = pos + 2 + length;
          return h.complete() ? h : null;
        }
        pos += 2 + length;
      }
      return null;
    }

    private boolean frame(byte[] data, int pos, int marker, int length) {
      if ((marker != SOF0 && marker != SOF1) || sofPos >= 0 || length < 8) {
        return false;
      }
      sofPos = pos;
      height = (data[pos + 5] & 0xff) << 8 | (data[pos + 6] & 0xff);
      width = (data[pos + 7] & 0xff) << 8 | (data[pos + 8] & 0xff);
      components = data[pos + 9] & 0xff;
      if (length != 8 + 3 * components) {
        return false;
      }
      for (int c = 0; c < components; c++) {
        int sampling = data[pos + 11 + 3 * c] & 0xff;
        int hs = sampling >> 4;
        int vs = sampling & 0x0f;
        if (hs < 1 || hs > 4 || vs < 1 || vs > 4) {
          return false;
        }
        maxH = Math.max(maxH, hs);
        maxV = Math.max(maxV, vs);
      }
      return true;
    }

    private boolean complete() {
      if (sofPos < 0 || restartInterval <= 0 || height <= 0 || width <= 0
          || (components != 1 && components != 3) || scanComponents != components) {
        return false;
      }
      // A one-component scan is not interleaved: its MCU is one 8x8 block.
      int mcuWidth = components == 1 ? 8 : 8 * maxH;
      mcuHeight = components == 1 ? 8 : 8 * maxV;
      mcusPerRow = (width + mcuWidth - 1) / mcuWidth;
      mcuRows = (height + mcuHeight - 1) / mcuHeight;
      return true;
    }

    /**
     * The MCU row nearest the middle that starts right after restart marker number 8k (k >= 1),
     * within 30 % to 70 % of the rows; -1 when there is none.
     */
    int mcuRow() {
      int best = -1;
      for (int row = (int) Math.ceil(mcuRows * 0.3); row <= mcuRows * 0.7; row++) {
        long mcus = (long) row * mcusPerRow;
        if (row < 1 || row >= mcuRows || mcus % restartInterval != 0
            || (mcus / restartInterval) % 8 != 0) {
          continue;
        }
        if (best < 0 || Math.abs(2 * row - mcuRows) < Math.abs(2 * best - mcuRows)) {
          best = row;
        }
      }
      return best;
    }
  }
}
