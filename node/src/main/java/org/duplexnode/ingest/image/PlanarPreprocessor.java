package org.duplexnode.ingest.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * {@link SlicePreprocessor}'s work for a JPEG decoded to planes: each YCbCr plane is resized to
 * the {@link PatchGrid} on its own and turned into floats natively, then colour is converted,
 * normalised and laid out in one pass ({@link YcbcrLayout}). Converting 602 x 336 pixels instead
 * of 2 million is the point; the colour conversion is linear, so resizing before it changes
 * levels only where a value clips (saturated colours) and by rounding.
 *
 * <p>Luma follows {@link SlicePreprocessor}'s resampling rule. A chroma plane that is smaller
 * than the grid (4:2:0 decoded at half scale, or a small frame) is enlarged bilinearly, which is
 * libjpeg's own "fancy" upsampling at 2x; otherwise it shrinks by the same rule as luma.
 *
 * <p>The float planes live in direct buffers that OpenCV writes and Java reads without a copy
 * through JNI; they are reused from a small pool, so concurrent calls are safe.
 */
final class PlanarPreprocessor {
  private final IdlePool<Workspace> idle = new IdlePool<>(2, Workspace::free);

  PlanarPreprocessor() {
    OpenCvNatives.load();
  }

  ModelImage preprocess(JpegPlanes planes, long stampNanos, String frameId) {
    PatchGrid grid = planes.grid();
    Workspace ws = take(grid);
    float[] pixels;
    try {
      pixels = ws.pixels(planes);
    } finally {
      idle.giveBack(ws);
    }
    return new ModelImage(stampNanos, frameId, grid.rows(), grid.cols(), pixels,
        PositionIds.forGrid(grid));
  }

  private Workspace take(PatchGrid grid) {
    Workspace ws = idle.poll();
    if (ws != null && ws.grid.equals(grid)) {
      return ws;
    }
    if (ws != null) {
      ws.free();
    }
    return new Workspace(grid);
  }

  /** Buffers for one grid size, used by one call at a time. */
  private static final class Workspace {
    final PatchGrid grid;
    final Mat resized = new Mat();
    final Mat[] floatMats = new Mat[3];
    final FloatBuffer[] floats = new FloatBuffer[3];
    final long[] addresses = new long[3];

    Workspace(PatchGrid grid) {
      this.grid = grid;
      for (int i = 0; i < 3; i++) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(grid.width() * grid.height() * Float.BYTES)
            .order(ByteOrder.nativeOrder());
        floatMats[i] = new Mat(grid.height(), grid.width(), CvType.CV_32F, buffer);
        floats[i] = buffer.asFloatBuffer();
        addresses[i] = floatMats[i].dataAddr();
      }
    }

    float[] pixels(JpegPlanes planes) {
      int width = grid.width();
      int height = grid.height();
      if (planes.grey()) {
        SlicePreprocessor.resizeTo(planes.plane(0), resized, width, height);
        byte[] levels = new byte[width * height];
        resized.get(0, 0, levels);
        return YcbcrLayout.greyPixels(grid, levels);
      }
      for (int i = 0; i < 3; i++) {
        Mat plane = planes.plane(i);
        if (i > 0 && (plane.cols() < width || plane.rows() < height)) {
          Imgproc.resize(plane, resized, new Size(width, height), 0, 0, Imgproc.INTER_LINEAR);
        } else {
          SlicePreprocessor.resizeTo(plane, resized, width, height);
        }
        // Chroma centred on 0. The Mat has the right size and type, so convertTo writes into
        // the direct buffer rather than allocating.
        resized.convertTo(floatMats[i], CvType.CV_32F, 1, i == 0 ? 0 : -128);
        if (floatMats[i].dataAddr() != addresses[i]) {
          throw new IllegalStateException("OpenCV reallocated a float plane of " + grid);
        }
      }
      return YcbcrLayout.pixels(grid, floats[0], floats[1], floats[2], planes.redBlueSwapped());
    }

    void free() {
      resized.release();
      for (Mat mat : floatMats) {
        mat.release();
      }
    }
  }
}
