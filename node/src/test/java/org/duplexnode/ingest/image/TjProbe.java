package org.duplexnode.ingest.image;

import org.duplexnode.sources.RawCompressedImage;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

public class TjProbe {
  public static void main(String[] a) throws Exception {
    OpenCvNatives.load();
    Core.setNumThreads(1);
    byte[] rgb = org.duplexnode.bench.ImageIngestBenchAccess.frame();
    Mat src = new Mat(1080, 1920, CvType.CV_8UC3);
    src.put(0, 0, rgb);
    MatOfByte out = new MatOfByte();
    Imgcodecs.imencode(".jpg", src, out, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 95));
    RawCompressedImage msg = new RawCompressedImage(1, "c", "rgb8; jpeg compressed bgr8", out.toArray());
    ImageIngest full = new ImageIngest(JpegDecoding.FULL);
    ImageIngest[] ways = {full, new ImageIngest(JpegDecoding.REDUCED),
        new ImageIngest(JpegDecoding.PLANES, false),
        new ImageIngest(JpegDecoding.PLANES, true)};
    String[] names = {"full", "reduced", "planes", "planes half"};
    ModelImage ref = (ModelImage) full.accept(msg);
    PlanarJpegDecoder pd = new PlanarJpegDecoder(false);
    PlanarJpegDecoder pdh = new PlanarJpegDecoder(true);
    PlanarPreprocessor pp = new PlanarPreprocessor();
    for (int round = 0; round < 3; round++) {
      long bd = Long.MAX_VALUE, bdh = Long.MAX_VALUE, bp = Long.MAX_VALUE;
      for (int i = 0; i < 30; i++) {
        long t = System.nanoTime();
        try (JpegPlanes p = pd.decode(msg).get()) {
          long t2 = System.nanoTime();
          pp.preprocess(p, 1, "c");
          bp = Math.min(bp, System.nanoTime() - t2);
          bd = Math.min(bd, t2 - t);
        }
        t = System.nanoTime();
        try (JpegPlanes p = pdh.decode(msg).get()) {
          bdh = Math.min(bdh, System.nanoTime() - t);
        }
      }
      System.out.printf("planes decode %.3f, half decode %.3f, preprocess %.3f%n", bd / 1e6, bdh / 1e6, bp / 1e6);
    }
    int reps = Integer.parseInt(a[0]);
    for (int round = 0; round < 2; round++) {
      for (int w = 0; w < ways.length; w++) {
        long best = Long.MAX_VALUE, bestCpu = Long.MAX_VALUE;
        ModelImage m = null;
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < reps; i++) {
          long c = mx.getCurrentThreadCpuTime();
          long t = System.nanoTime();
          m = (ModelImage) ways[w].accept(msg);
          best = Math.min(best, System.nanoTime() - t);
          bestCpu = Math.min(bestCpu, mx.getCurrentThreadCpuTime() - c);
        }
        System.out.printf("cpu %.3f ", bestCpu / 1e6);
        double sum = 0, max = 0;
        for (int i = 0; i < ref.pixels().length; i++) {
          double d = Math.abs(ref.pixels()[i] - m.pixels()[i]) * 127.5;
          sum += d; max = Math.max(max, d);
        }
        System.out.printf("%-22s best %.3f ms  vs full: mean %.3f max %.1f levels%n", names[w], best / 1e6, sum / ref.pixels().length, max);
      }
    }
  }
}
