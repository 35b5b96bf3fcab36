package org.duplexnode.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.duplexnode.ingest.image.CompressedImageDecoder;
import org.duplexnode.ingest.image.DecodedImage;
import org.duplexnode.ingest.image.ImageIngest;
import org.duplexnode.ingest.image.ImageOutcome;
import org.duplexnode.ingest.image.JpegDecoding;
import org.duplexnode.ingest.image.ModelImage;
import org.duplexnode.ports.RawCompressedImage;
import org.duplexnode.ports.RawImage;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 1920x1080 camera frame to {@link ModelImage}: raw rgb8, and JPEG (quality 95, the default
 * of ROS's compressed_image_transport) decoded to YCbCr planes by libturbojpeg (the default),
 * by OpenCV at reduced scale (the default without libturbojpeg) or in full, plus the full JPEG
 * decode alone. OpenCV is held to one thread, so all the work runs on the
 * benchmark thread and {@link CpuTime} sees all of it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ImageIngestBench {
  private static final int WIDTH = 1920;
  private static final int HEIGHT = 1080;

  private RawImage rgb8;
  private RawCompressedImage jpeg;
  private RawCompressedImage jpegWithRestarts;
  private ImageIngest oneThreadIngest;
  private ImageIngest ingest;
  private ImageIngest reducedJpegIngest;
  private ImageIngest fullJpegIngest;
  private CompressedImageDecoder decoder;

  @Setup
  public void setUp() {
    ingest = new ImageIngest(JpegDecoding.PLANES);
    if (ingest.jpegDecoding() != JpegDecoding.PLANES) {
      throw new IllegalStateException("libturbojpeg is not available: jpegToModelImagePlanes "
          + "would measure the OpenCV path");
    }
    oneThreadIngest = ImageIngest.onCallingThread(JpegDecoding.PLANES);
    reducedJpegIngest = new ImageIngest(JpegDecoding.REDUCED);
    fullJpegIngest = new ImageIngest(JpegDecoding.FULL);
    decoder = new CompressedImageDecoder();
    Core.setNumThreads(1);
    byte[] rgb = cameraLikeFrame();
    rgb8 = new RawImage(1, "camera", WIDTH, HEIGHT, "rgb8", false, WIDTH * 3, rgb);
    jpeg = new RawCompressedImage(1, "camera", "rgb8; jpeg compressed bgr8", encodeJpeg(rgb));
    jpegWithRestarts = new RawCompressedImage(1, "camera", "rgb8; jpeg compressed bgr8",
        encodeJpeg(rgb, WIDTH / 16));
    System.out.printf("%nJPEG frame: %d bytes%n", jpeg.data().length);
  }

  @Benchmark
  public ImageOutcome rgb8ToModelImage(CpuTime cpu) {
    return timed(cpu, () -> ingest.accept(rgb8));
  }

  @Benchmark
  public ImageOutcome jpegToModelImagePlanes(CpuTime cpu) {
    return timed(cpu, () -> ingest.accept(jpeg));
  }

  /**
   * The same frame encoded with a restart marker after every MCU row: the node decodes its two
   * halves at once, one on the helper thread (see {@link CpuTime} for its CPU time).
   */
  @Benchmark
  public ImageOutcome jpegWithRestartMarkersToModelImage(CpuTime cpu) {
    return timed(cpu, () -> ingest.accept(jpegWithRestarts));
  }

  /** {@link #jpegWithRestartMarkersToModelImage} with the whole decode on the calling thread. */
  @Benchmark
  public ImageOutcome jpegWithRestartMarkersToModelImageOneThread(CpuTime cpu) {
    return timed(cpu, () -> oneThreadIngest.accept(jpegWithRestarts));
  }

  @Benchmark
  public ImageOutcome jpegToModelImageReducedDecode(CpuTime cpu) {
    return timed(cpu, () -> reducedJpegIngest.accept(jpeg));
  }

  @Benchmark
  public ImageOutcome jpegToModelImageFullDecode(CpuTime cpu) {
    return timed(cpu, () -> fullJpegIngest.accept(jpeg));
  }

  @Benchmark
  public int jpegFullDecodeOnly(CpuTime cpu) throws Exception {
    cpu.start();
    try (DecodedImage image = decoder.decode(jpeg)) {
      return image.width();
    } finally {
      cpu.stop();
    }
  }

  private static ImageOutcome timed(CpuTime cpu, Supplier<ImageOutcome> conversion) {
    cpu.start();
    ImageOutcome outcome = expectModelImage(conversion.get());
    cpu.stop();
    return outcome;
  }

  private static ImageOutcome expectModelImage(ImageOutcome outcome) {
    if (!(outcome instanceof ModelImage)) {
      throw new IllegalStateException("benchmark frame rejected: " + outcome);
    }
    return outcome;
  }

  /** Smooth shading, hard edges and sensor noise, so the JPEG costs what a camera's would. */
  public static byte[] cameraLikeFrame() {
    Random random = new Random(1);
    byte[] rgb = new byte[WIDTH * HEIGHT * 3];
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        boolean box = (x / 240 + y / 180) % 3 == 0;
        double shade = 0.5 + 0.4 * Math.sin(x * 0.01) * Math.cos(y * 0.013);
        for (int c = 0; c < 3; c++) {
          double v = 255 * shade * (box ? 0.6 + 0.15 * c : 1.0 - 0.2 * c)
              + random.nextGaussian() * 2;
          rgb[(y * WIDTH + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
      }
    }
    return rgb;
  }

  public static byte[] encodeJpeg(byte[] rgb) {
    return encodeJpeg(rgb, 0);
  }

  /** @param restartInterval MCUs between restart markers; 0 for none (OpenCV's default) */
  public static byte[] encodeJpeg(byte[] rgb, int restartInterval) {
    Mat mat = new Mat(HEIGHT, WIDTH, CvType.CV_8UC3);
    MatOfByte out = new MatOfByte();
    try {
      mat.put(0, 0, rgb); // treated as BGR: the colours do not matter for timing
      Imgcodecs.imencode(".jpg", mat, out, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 95,
          Imgcodecs.IMWRITE_JPEG_RST_INTERVAL, restartInterval));
      return out.toArray();
    } finally {
      mat.release();
      out.release();
    }
  }
}
