package org.duplexnode.ingest.image;

import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * {@link SlicePreprocessor}'s work for a JPEG decoded to planes: each YCbCr plane is resized to
 * the {@link PatchGrid} on its own, then colour is converted, normalised and laid out in one
 * pass ({@link YcbcrLayout}). Converting 602 x 336 pixels instead of 2 million is the point;
 * the colour conversion is linear, so resizing before it changes levels only where a value
 * clips (saturated colours) and by rounding.
 *
 * <p>Luma follows {@link SlicePreprocessor}'s resampling rule. A chroma plane that is smaller
 * than the grid (4:2:0 decoded at half scale, or a small frame) is enlarged bilinearly, which is
 * libjpeg's own "fancy" upsampling at 2x; otherwise it shrinks by the same rule as luma.
 */
final class PlanarPreprocessor {
  PlanarPreprocessor() {
    OpenCvNatives.load();
  }

  ModelImage preprocess(JpegPlanes planes, long stampNanos, String frameId) {
    PatchGrid grid = planes.grid();
    int width = grid.width();
    int height = grid.height();
    byte[][] resized = new byte[planes.planeCount()][];
    Mat dst = new Mat();
    try {
      for (int i = 0; i < resized.length; i++) {
        Mat plane = planes.plane(i);
        if (i > 0 && (plane.cols() < width || plane.rows() < height)) {
          Imgproc.resize(plane, dst, new Size(width, height), 0, 0, Imgproc.INTER_LINEAR);
        } else {
          SlicePreprocessor.resizeTo(plane, dst, width, height);
        }
        resized[i] = new byte[width * height];
        dst.get(0, 0, resized[i]);
      }
    } finally {
      dst.release();
    }
    float[] pixels = resized.length == 1
        ? YcbcrLayout.greyPixels(grid, resized[0])
        : YcbcrLayout.pixels(grid, resized[0], resized[1], resized[2], planes.redBlueSwapped());
    return new ModelImage(stampNanos, frameId, grid.rows(), grid.cols(), pixels,
        PositionIds.forGrid(grid));
  }
}
