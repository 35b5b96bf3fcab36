package org.duplexnode.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.duplexnode.ingest.image.ImageIngest;
import org.duplexnode.ingest.image.ImageOutcome;
import org.duplexnode.ingest.image.ModelImage;
import org.duplexnode.ports.RawCompressedImage;
import org.duplexnode.ports.RawImage;
import org.opencv.core.Core;

/**
 * One 1080p camera frame to the vision encoder's input, rgb8 and JPEG, timed in one JVM; the
 * counterpart of {@code node/bench/image_reference.py}, which does the same steps with OpenCV's
 * Python bindings. Writes the frame it times ({@code frame.rgb}, raw 1920x1080 rgb8, and
 * {@code frame.jpg}, quality 95) to the folder given, so both sides read the same bytes.
 *
 * <p>Arguments: folder, timed repetitions (after as many untimed). Prints, per path,
 * {@code node-image path=<rgb8|jpeg> best_ms=<wall> cpu_ms=<CPU of the best> median_ms=<wall>}.
 */
public final class ImageFileBench {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ImageFileBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    ImageIngest ingest = new ImageIngest();
    Core.setNumThreads(1);
    byte[] rgb = ImageIngestBench.cameraLikeFrame();
    byte[] jpeg = ImageIngestBench.encodeJpeg(rgb);
    Files.createDirectories(dir);
    Files.write(dir.resolve("frame.rgb"), rgb);
    Files.write(dir.resolve("frame.jpg"), jpeg);
    RawImage raw = new RawImage(1, "camera", 1920, 1080, "rgb8", false, 1920 * 3, rgb);
    RawCompressedImage compressed =
        new RawCompressedImage(1, "camera", "rgb8; jpeg compressed bgr8", jpeg);
    time("rgb8", reps, () -> ingest.accept(raw));
    time("jpeg", reps, () -> ingest.accept(compressed));
  }

  private static void time(String path, int reps, Supplier<ImageOutcome> work) {
    long[] wall = new long[reps];
    long bestCpu = 0;
    long best = Long.MAX_VALUE;
    for (int i = -reps; i < reps; i++) {
      long c0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      ImageOutcome out = work.get();
      long t = System.nanoTime() - t0;
      long c = THREADS.getCurrentThreadCpuTime() - c0;
      if (!(out instanceof ModelImage)) {
        throw new IllegalStateException(path + " frame rejected: " + out);
      }
      if (i >= 0) {
        wall[i] = t;
        if (t < best) {
          best = t;
          bestCpu = c;
        }
      }
    }
    java.util.Arrays.sort(wall);
    System.out.printf("node-image path=%s best_ms=%.3f cpu_ms=%.3f median_ms=%.3f%n",
        path, best / 1e6, bestCpu / 1e6, wall[reps / 2] / 1e6);
  }
}
