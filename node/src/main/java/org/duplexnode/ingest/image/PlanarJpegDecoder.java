package org.duplexnode.ingest.image;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.duplexnode.ingest.image.CompressedFormat.Codec;
import org.duplexnode.sources.RawCompressedImage;
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
 */
final class PlanarJpegDecoder {
  private static final int IDLE_LIMIT = 2;

  private final boolean halfScale;
  // No TJFLAG_FASTDCT: it saves under 3 % here, quadruples the difference from an exact decode
  // and, with libjpeg-turbo 2.1.5's half-scale YCbCr output, corrupts the image outright.
  private final int flags;
  private final ConcurrentLinkedQueue<Workspace> idle = new ConcurrentLinkedQueue<>();
  private final AtomicInteger idleCount = new AtomicInteger();

  /**
   * @param halfScale decode at 1/2 scale when the half-size luma still covers
   *     {@link SlicePreprocessor#LINEAR_MARGIN} times the patch grid
   * @throws IllegalStateException when libturbojpeg is not available
   */
  PlanarJpegDecoder(boolean halfScale) {
    if (!TurboJpeg.available()) {
      throw new IllegalStateException(TurboJpeg.unavailableReason());
    }
    OpenCvNatives.load();
    this.halfScale = halfScale;
    this.flags = TurboJpeg.FLAG_LIMITSCANS;
  }

  static boolean available() {
    return TurboJpeg.available();
  }

  /** Why the planar path is not available, or null when it is. */
  static String unavailableReason() {
    return TurboJpeg.unavailableReason();
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
    Workspace ws = take();
    Optional<JpegPlanes> planes;
    try {
      planes = ws.decode(data, format.decodedOrder());
    } catch (ImageRejectedException | RuntimeException e) {
      // TurboJPEG 2.x leaves a handle mid-header after an error, and the next frame would fail
      // on it: a failed handle is never reused.
      ws.free();
      throw e;
    }
    if (planes.isEmpty()) {
      giveBack(ws);
    }
    return planes;
  }

  private Workspace take() {
    Workspace ws = idle.poll();
    if (ws == null) {
      return new Workspace();
    }
    idleCount.decrementAndGet();
    return ws;
  }

  private void giveBack(Workspace ws) {
    if (idleCount.incrementAndGet() <= IDLE_LIMIT) {
      idle.add(ws);
    } else {
      idleCount.decrementAndGet();
      ws.free();
    }
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

  /** One TurboJPEG handle with its input and output buffers; used by one call at a time. */
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

    Optional<JpegPlanes> decode(byte[] data, ChannelOrder order) throws ImageRejectedException {
      if (input == null || input.size() < data.length) {
        input = new Memory(Math.max(data.length, 64 * 1024));
      }
      input.write(0, data, 0, data.length);
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
        strides[i] = pw;
        planePointers.setPointer((long) i * Native.POINTER_SIZE, new Pointer(planes[i].dataAddr()));
      }
      int result = TurboJpeg.tjDecompressToYUVPlanes(handle, input, size, planePointers, w,
          strides, h, flags);
      if (result != 0 && TurboJpeg.tjGetErrorCode(handle) != TurboJpeg.ERR_WARNING) {
        throw corrupt(data.length);
      }
      PatchGrid grid = PatchGrid.forImage(width[0], height[0]);
      return Optional.of(new JpegPlanes(used, grid, order, () -> giveBack(this)));
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
