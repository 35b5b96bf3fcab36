package org.duplexnode.ingest.image;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.duplexnode.ingest.image.CompressedFormat.Codec;
import org.duplexnode.ports.RawCompressedImage;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Decodes a JPEG camera frame to its YCbCr planes ({@link JpegPlanes}) with the system's
 * TurboJPEG library: no chroma upsampling and no colour conversion at full size, both of which
 * the model's much smaller input makes wasted work (colour is converted after the shrink, see
 * {@link PlanarPreprocessor}). The decode writes straight into reusable native buffers.
 *
 * <p>Used only when {@link #available()}; the OpenCV path ({@link CompressedImageDecoder})
 * remains for PNG, for JPEG layouts this class does not take (4:4:0 or 4:1:1 subsampling, RGB,
 * CMYK or YCCK colour) and for machines without libturbojpeg.
 *
 * <p>Failure: the same checks as {@link CompressedImageDecoder} run first (size, truncation);
 * data the library cannot decode is rejected with {@link RejectReason#CORRUPT_DATA} and the
 * library's message. Like OpenCV's decoder it accepts a frame that decodes with warnings
 * (corrupt entropy data, which libjpeg replaces). Safe for concurrent use: each call takes its
 * own handle and buffers from a small pool.
 *
 * <p>Two cores: a frame with restart markers is cut in two ({@link RestartSplit}) and the parts
 * decode at once, one on the caller and one on the {@link FrameHelper}, into the one set of
 * planes, which come out the same to the bit as from the whole. Should either part fail, the
 * whole frame is decoded again on the caller, so a bad frame meets exactly the checks it would
 * uncut. Without a second processor nothing is cut.
 */
final class PlanarJpegDecoder {
  private final boolean halfScale;
  // No TJFLAG_FASTDCT: it saves under 3 % here, quadruples the difference from an exact decode
  // and, with libjpeg-turbo 2.1.5's half-scale YCbCr output, corrupts the image outright.
  private final int flags;
  private final FrameHelper helper;
  private final IdlePool<Workspace> idle = new IdlePool<>(2, Workspace::free);
  private final AtomicLong splitDecodes = new AtomicLong();

  /**
   * @param halfScale decode at 1/2 scale when the half-size luma still covers
   *     {@link SlicePreprocessor#LINEAR_MARGIN} times the patch grid
   * @param helper decodes one part of a frame cut at a restart marker ({@link RestartSplit})
   *     while the caller decodes the other; {@link FrameHelper#inline()} cuts nothing
   * @throws IllegalStateException when libturbojpeg is not available
   */
  PlanarJpegDecoder(boolean halfScale, FrameHelper helper) {
    if (!TurboJpeg.available()) {
      throw new IllegalStateException(TurboJpeg.unavailableReason());
    }
    OpenCvNatives.load();
    this.halfScale = halfScale;
    this.helper = helper;
    this.flags = TurboJpeg.FLAG_LIMITSCANS;
  }

  static boolean available() {
    return TurboJpeg.available();
  }

  /** Why the planar path is not available, or null when it is. */
  static String unavailableReason() {
    return TurboJpeg.unavailableReason();
  }

  /** Frames decoded in two parts at a restart marker so far. */
  long splitDecodes() {
    return splitDecodes.get();
  }

  /**
   * @return the planes, or empty when the frame is a PNG or a JPEG layout left to OpenCV
   * @throws ImageRejectedException when the frame is rejected (see the class comment)
   */
  Optional<JpegPlanes> decode(RawCompressedImage msg) throws ImageRejectedException {
    CompressedFormat format = CompressedFormat.parse(msg.format());
    byte[] data = msg.data() == null ? new byte[0] : msg.data();
    CompressedHeader header = CompressedImageDecoder.checkedHeader(data);
    if (header.codec() != Codec.JPEG) {
      return Optional.empty();
    }
    try {
      return decode(data, format.decodedOrder(), true);
    } catch (PartFailed e) {
      // A part the library would not take: the whole frame decides, as it would uncut.
      return decode(data, format.decodedOrder(), false);
    }
  }

  private Optional<JpegPlanes> decode(byte[] data, ChannelOrder order, boolean split)
      throws ImageRejectedException {
    Workspace ws = take();
    Optional<JpegPlanes> planes;
    try {
      planes = ws.decode(data, order, split);
    } catch (ImageRejectedException | RuntimeException e) {
      // TurboJPEG 2.x leaves a handle mid-header after an error, and the next frame would fail
      // on it: a failed handle is never reused.
      ws.free();
      throw e;
    }
    if (planes.isEmpty()) {
      idle.giveBack(ws);
    }
    return planes;
  }

  private Workspace take() {
    Workspace ws = idle.poll();
    return ws != null ? ws : new Workspace();
  }

  /** Decode at 1/2 when the half-size image still leaves the shrink a margin. */
  private int scale(int width, int height) {
    if (!halfScale) {
      return 1;
    }
    PatchGrid grid = PatchGrid.forImage(width, height);
    boolean fits = (width + 1) / 2 >= SlicePreprocessor.LINEAR_MARGIN * grid.width()
        && (height + 1) / 2 >= SlicePreprocessor.LINEAR_MARGIN * grid.height();
    return fits ? 2 : 1;
  }

  /** A part of a cut frame as a JPEG of its own, and the scaled rows of the planes it fills. */
  private record Part(byte[] jpeg, int firstRow, int rows) {}

  /** One part of a frame cut at a restart marker failed to decode; never leaves this class. */
  private static final class PartFailed extends RuntimeException {
    PartFailed(Throwable cause) {
      super(cause);
    }
  }

  /**
   * One TurboJPEG handle with its input buffer, and the planes of a frame it decodes; used by one
   * call at a time. For a cut frame a second workspace writes the bottom rows into this one's
   * planes.
   */
  private final class Workspace {
    private final Pointer handle;
    private final Memory planePointers = new Memory(3L * Native.POINTER_SIZE);
    private final int[] strides = new int[3];
    private final int[] width = new int[1];
    private final int[] height = new int[1];
    private final int[] subsamp = new int[1];
    private final int[] colorspace = new int[1];
    private final Mat[] planes = new Mat[3];
    private Memory input;

    Workspace() {
      handle = TurboJpeg.tjInitDecompress();
      if (handle == null) {
        throw new IllegalStateException("tjInitDecompress failed");
      }
    }

    Optional<JpegPlanes> decode(byte[] data, ChannelOrder order, boolean split)
        throws ImageRejectedException {
      load(data);
      NativeLong size = new NativeLong(data.length);
      if (TurboJpeg.tjDecompressHeader3(handle, input, size, width, height, subsamp, colorspace)
          != 0) {
        throw corrupt(data.length);
      }
      int count = switch (subsamp[0]) {
        case TurboJpeg.SAMP_444, TurboJpeg.SAMP_422, TurboJpeg.SAMP_420 ->
            colorspace[0] == TurboJpeg.CS_YCBCR ? 3 : 0;
        case TurboJpeg.SAMP_GRAY -> colorspace[0] == TurboJpeg.CS_GRAY ? 1 : 0;
        default -> 0;
      };
      if (count == 0) {
        return Optional.empty();
      }
      int k = scale(width[0], height[0]);
      int w = (width[0] + k - 1) / k;
      int h = (height[0] + k - 1) / k;
      Mat[] used = new Mat[count];
      for (int i = 0; i < count; i++) {
        int pw = TurboJpeg.tjPlaneWidth(i, w, subsamp[0]);
        int ph = TurboJpeg.tjPlaneHeight(i, h, subsamp[0]);
        if (planes[i] == null || planes[i].cols() != pw || planes[i].rows() != ph) {
          if (planes[i] != null) {
            planes[i].release();
          }
          planes[i] = new Mat(ph, pw, CvType.CV_8UC1);
        }
        used[i] = planes[i];
      }
      // Cut only where a second thread can take a part: on one, a cut adds work and saves none.
      Optional<RestartSplit> cut = split && helper.parallel()
          ? RestartSplit.find(data) : Optional.empty();
      if (cut.isPresent()) {
        decodeCut(cut.get(), used, w, k);
      } else {
        decodeRows(used, 0, w, h, subsamp[0], size);
      }
      PatchGrid grid = PatchGrid.forImage(width[0], height[0]);
      return Optional.of(new JpegPlanes(used, grid, order, () -> idle.giveBack(this)));
    }

    /**
     * One part here, the other on the helper (or here too, when the helper has not started it).
     * The helper takes the smaller part: it starts later, as its thread must first wake up.
     */
    private void decodeCut(RestartSplit cut, Mat[] used, int w, int k) {
      int topRows = cut.cutRow / k;
      Part top = new Part(cut.top, 0, topRows);
      Part bottom = new Part(cut.bottom, topRows, used[0].rows() - topRows);
      Part helperPart = top.rows < bottom.rows ? top : bottom;
      Part ownPart = helperPart == top ? bottom : top;
      int sampling = subsamp[0];
      Workspace other = take();
      FrameHelper.Piece<Void> helped = helper.fork(() -> {
        other.decodePart(helperPart, used, w, sampling);
        return null;
      });
      Exception failure = null;
      try {
        decodePart(ownPart, used, w, sampling);
      } catch (ImageRejectedException | RuntimeException e) {
        failure = e;
      }
      try {
        helped.join();
        idle.giveBack(other);
      } catch (Exception e) {
        other.free();
        failure = failure == null ? e : failure;
      }
      if (failure != null) {
        throw new PartFailed(failure);
      }
      splitDecodes.incrementAndGet();
    }

    private void decodePart(Part part, Mat[] target, int w, int sampling)
        throws ImageRejectedException {
      load(part.jpeg);
      decodeRows(target, part.firstRow, w, part.rows, sampling, new NativeLong(part.jpeg.length));
    }

    private void load(byte[] data) {
      if (input == null || input.size() < data.length) {
        input = new Memory(Math.max(data.length, 64 * 1024));
      }
      input.write(0, data, 0, data.length);
    }

    /**
     * Decodes the loaded JPEG (of {@code rows} scaled rows) into the planes from scaled row
     * {@code firstRow} on.
     */
    private void decodeRows(Mat[] target, int firstRow, int w, int rows, int sampling,
        NativeLong size) throws ImageRejectedException {
      for (int i = 0; i < target.length; i++) {
        int stride = target[i].cols();
        // tjPlaneHeight refuses a height of 0 (-1)
        int skipped = firstRow == 0 ? 0 : TurboJpeg.tjPlaneHeight(i, firstRow, sampling);
        if (skipped < 0 || skipped + TurboJpeg.tjPlaneHeight(i, rows, sampling) > target[i].rows()) {
          throw new IllegalStateException("rows " + firstRow + "+" + rows + " do not fit plane " + i
              + " of " + target[i].rows() + " rows");
        }
        long offset = (long) skipped * stride;
        strides[i] = stride;
        planePointers.setPointer((long) i * Native.POINTER_SIZE,
            new Pointer(target[i].dataAddr() + offset));
      }
      int result = TurboJpeg.tjDecompressToYUVPlanes(handle, input, size, planePointers, w,
          strides, rows, flags);
      if (result != 0 && TurboJpeg.tjGetErrorCode(handle) != TurboJpeg.ERR_WARNING) {
        throw corrupt(size.intValue());
      }
    }

    private ImageRejectedException corrupt(int bytes) {
      return new ImageRejectedException(RejectReason.CORRUPT_DATA, "the JPEG decoder could not "
          + "read the " + bytes + " bytes: " + TurboJpeg.tjGetErrorStr2(handle));
    }

    void free() {
      TurboJpeg.tjDestroy(handle);
      for (Mat plane : planes) {
        if (plane != null) {
          plane.release();
        }
      }
    }
  }
}
