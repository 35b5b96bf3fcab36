package org.duplexnode.ingest.image;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.duplexnode.bench.ImageIngestBench;
import org.duplexnode.ports.RawCompressedImage;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Where the planar JPEG path's time goes, stage by stage, in one JVM (best of N thread-CPU
 * times, stages interleaved so a busy neighbour hits them alike). The frame is the one
 * {@code ImageIngestBench} times. With a second argument it also times libturbojpeg's decodes
 * to RGB, grey and planes at 8/8, 5/8, 4/8, 3/8, 2/8 and 1/8 scale; with {@code restarts} instead,
 * the frame with restart markers cut in two against whole. Run (docs/benchmarks.md):
 *
 * <pre>
 *   ./mvnw -q -B -o -pl node -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp
 *   cd node && java -cp target/test-classes:target/classes:$(cat /tmp/cp) \
 *       org.duplexnode.ingest.image.PlanarStageProbe 150 modes
 * </pre>
 */
public final class PlanarStageProbe {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int WIDTH = 1920;
  private static final int HEIGHT = 1080;

  private PlanarStageProbe() {}

  public static void main(String[] args) throws Exception {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    OpenCvNatives.load();
    Core.setNumThreads(1);
    RawCompressedImage msg = new RawCompressedImage(1, "camera", "rgb8; jpeg compressed bgr8",
        ImageIngestBench.encodeJpeg(ImageIngestBench.cameraLikeFrame()));
    System.out.printf("JPEG frame: %d bytes, %d reps%n", msg.data().length, reps);
    PlanarJpegDecoder half = new PlanarJpegDecoder(true, FrameHelper.inline());
    PlanarJpegDecoder full = new PlanarJpegDecoder(false, FrameHelper.inline());
    PlanarPreprocessor pre = new PlanarPreprocessor();
    ImageIngest ingest = new ImageIngest(JpegDecoding.PLANES);
    PatchGrid grid = PatchGrid.forImage(WIDTH, HEIGHT);
    int w = grid.width();
    int h = grid.height();
    String[] names = {"decode planes 1/2", "decode planes full", "resize Y (OpenCV)",
        "resize Cb+Cr (OpenCV)", "3 planes to float (OpenCV)", "layout (YcbcrLayout)", "position ids",
        "preprocess (all after decode)", "ImageIngest.accept (end to end)",
        "Cb+Cr to float, then resized as float", "Cb+Cr resized, then to float"};
    Mat chromaFloat = new Mat();
    long[] best = new long[names.length];
    java.util.Arrays.fill(best, Long.MAX_VALUE);
    Mat dst = new Mat();
    java.nio.FloatBuffer[] bytes = new java.nio.FloatBuffer[3];
    Mat[] f32 = new Mat[3];
    for (int i = 0; i < 3; i++) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(w * h * 4)
          .order(java.nio.ByteOrder.nativeOrder());
      f32[i] = new Mat(h, w, CvType.CV_32F, b);
      bytes[i] = b.asFloatBuffer();
    }
    for (int r = 0; r < reps; r++) {
      long t = cpu();
      try (JpegPlanes p = full.decode(msg).orElseThrow()) {
        best[1] = Math.min(best[1], cpu() - t);
      }
      t = cpu();
      try (JpegPlanes p = half.decode(msg).orElseThrow()) {
        best[0] = Math.min(best[0], cpu() - t);
        t = cpu();
        SlicePreprocessor.resizeTo(p.plane(0), dst, w, h);
        best[2] = Math.min(best[2], cpu() - t);
        t = cpu();
        for (int i = 1; i < 3; i++) {
          Imgproc.resize(p.plane(i), dst, new Size(w, h), 0, 0, Imgproc.INTER_LINEAR);
        }
        best[3] = Math.min(best[3], cpu() - t);
        t = cpu();
        for (int i = 0; i < 3; i++) {
          dst.convertTo(f32[i], CvType.CV_32F, 1, i == 0 ? 0 : -128);
        }
        best[4] = Math.min(best[4], cpu() - t);
        t = cpu();
        float[] out = YcbcrLayout.pixels(grid, bytes[0], bytes[1], bytes[2], false);
        best[5] = Math.min(best[5], cpu() - t);
        t = cpu();
        for (int i = 1; i < 3; i++) {
          p.plane(i).convertTo(chromaFloat, CvType.CV_32F, 1, -128);
          Imgproc.resize(chromaFloat, f32[i], new Size(w, h), 0, 0, Imgproc.INTER_LINEAR);
        }
        best[9] = Math.min(best[9], cpu() - t);
        t = cpu();
        for (int i = 1; i < 3; i++) {
          Imgproc.resize(p.plane(i), dst, new Size(w, h), 0, 0, Imgproc.INTER_LINEAR);
          dst.convertTo(f32[i], CvType.CV_32F, 1, -128);
        }
        best[10] = Math.min(best[10], cpu() - t);
        t = cpu();
        long[] ids = PositionIds.forGrid(grid);
        best[6] = Math.min(best[6], cpu() - t);
        t = cpu();
        ModelImage image = pre.preprocess(p, 1, "c");
        best[7] = Math.min(best[7], cpu() - t);
        if (out.length + ids.length + image.pixels().length == 0) {
          throw new AssertionError();
        }
      }
      t = cpu();
      if (!(ingest.accept(msg) instanceof ModelImage)) {
        throw new AssertionError("rejected");
      }
      best[8] = Math.min(best[8], cpu() - t);
    }
    dst.release();
    for (int i = 0; i < names.length; i++) {
      System.out.printf("%-34s %7.3f ms%n", names[i], best[i] / 1e6);
    }
    if (args.length > 1 && args[1].equals("restarts")) {
      restarts(reps);
    } else if (args.length > 1) {
      decodeModes(msg.data(), reps);
    }
  }

  /**
   * The frame with a restart marker per MCU row: decoded whole and cut in two (wall time, best
   * of N, interleaved), and end to end on one thread and with the helper; the frame without
   * markers end to end for comparison.
   */
  private static void restarts(int reps) throws Exception {
    byte[] rgb = ImageIngestBench.cameraLikeFrame();
    RawCompressedImage marked = new RawCompressedImage(1, "camera", "rgb8; jpeg compressed bgr8",
        ImageIngestBench.encodeJpeg(rgb, WIDTH / 16));
    RawCompressedImage plain = new RawCompressedImage(1, "camera", "rgb8; jpeg compressed bgr8",
        ImageIngestBench.encodeJpeg(rgb));
    PlanarJpegDecoder whole = new PlanarJpegDecoder(true, FrameHelper.inline());
    PlanarJpegDecoder cut = new PlanarJpegDecoder(true, FrameHelper.shared());
    ImageIngest one = ImageIngest.onCallingThread(JpegDecoding.PLANES);
    ImageIngest two = new ImageIngest(JpegDecoding.PLANES);
    String[] names = {"markers: decode whole", "markers: decode cut, two threads",
        "markers: end to end, one thread", "markers: end to end, two threads",
        "no markers: end to end, one thread", "no markers: end to end, two threads"};
    long[] best = new long[names.length];
    java.util.Arrays.fill(best, Long.MAX_VALUE);
    for (int r = 0; r < reps; r++) {
      long t = System.nanoTime();
      try (JpegPlanes p = whole.decode(marked).orElseThrow()) {
        best[0] = Math.min(best[0], System.nanoTime() - t);
      }
      t = System.nanoTime();
      try (JpegPlanes p = cut.decode(marked).orElseThrow()) {
        best[1] = Math.min(best[1], System.nanoTime() - t);
      }
      ImageIngest[] ingests = {one, two, one, two};
      RawCompressedImage[] frames = {marked, marked, plain, plain};
      for (int i = 0; i < 4; i++) {
        t = System.nanoTime();
        if (!(ingests[i].accept(frames[i]) instanceof ModelImage)) {
          throw new AssertionError("rejected");
        }
        best[2 + i] = Math.min(best[2 + i], System.nanoTime() - t);
      }
    }
    System.out.printf("frame with markers: %d bytes, cut %d times%n", marked.data().length,
        cut.splitDecodes());
    for (int i = 0; i < names.length; i++) {
      System.out.printf("%-38s %7.3f ms (wall)%n", names[i], best[i] / 1e6);
    }
  }

  /** tjDecompress2 (RGB, grey) and tjDecompressToYUVPlanes at each scale: what is entropy. */
  private static void decodeModes(byte[] data, int reps) {
    com.sun.jna.Pointer handle = TurboJpeg.tjInitDecompress();
    com.sun.jna.Memory in = new com.sun.jna.Memory(data.length);
    in.write(0, data, 0, data.length);
    com.sun.jna.NativeLong size = new com.sun.jna.NativeLong(data.length);
    com.sun.jna.Memory out = new com.sun.jna.Memory(WIDTH * HEIGHT * 3L);
    com.sun.jna.Memory ptrs = new com.sun.jna.Memory(3L * com.sun.jna.Native.POINTER_SIZE);
    int[] ks = {8, 5, 4, 3, 2, 1}; // eighths
    String[] modes = {"RGB", "grey", "planes"};
    long[][] best = new long[3][ks.length];
    for (long[] b : best) {
      java.util.Arrays.fill(b, Long.MAX_VALUE);
    }
    for (int r = 0; r < reps; r++) {
      for (int m = 0; m < 3; m++) {
        for (int k = 0; k < ks.length; k++) {
          int w = (WIDTH * ks[k] + 7) / 8;
          int h = (HEIGHT * ks[k] + 7) / 8;
          long t = cpu();
          int rc;
          if (m < 2) {
            rc = TurboJpeg.tjDecompress2(handle, in, size, out, w, 0, h, m == 0 ? 0 : 6, 0);
          } else {
            int[] strides = {w, (w + 1) / 2, (w + 1) / 2};
            ptrs.setPointer(0, out);
            ptrs.setPointer(com.sun.jna.Native.POINTER_SIZE, out.share((long) w * h));
            ptrs.setPointer(2L * com.sun.jna.Native.POINTER_SIZE, out.share(2L * w * h));
            rc = TurboJpeg.tjDecompressToYUVPlanes(handle, in, size, ptrs, w, strides, h, 0);
          }
          best[m][k] = Math.min(best[m][k], cpu() - t);
          if (rc != 0) {
            throw new AssertionError(TurboJpeg.tjGetErrorStr2(handle));
          }
        }
      }
    }
    for (int m = 0; m < 3; m++) {
      for (int k = 0; k < ks.length; k++) {
        System.out.printf("tj %-6s %d/8 %7.3f ms%n", modes[m], ks[k], best[m][k] / 1e6);
      }
    }
    TurboJpeg.tjDestroy(handle);
  }

  private static long cpu() {
    return THREADS.getCurrentThreadCpuTime();
  }
}
