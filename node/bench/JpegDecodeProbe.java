import java.nio.file.Files;
import java.nio.file.Path;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Decode time of one JPEG with whichever OpenCV Java build is on the class path (org.openpnp's or
 * JavaCPP's), at full, 1/2 and 1/4 scale: the before/after of the JPEG decoder in
 * docs/benchmarks.md. Run with the source launcher, one JVM per build:
 *
 * <pre>
 *   java -cp OPENCV_JARS node/bench/JpegDecodeProbe.java openpnp|bytedeco FILE.jpg [REPS]
 * </pre>
 */
public class JpegDecodeProbe {
  public static void main(String[] a) throws Exception {
    if (a[0].equals("openpnp")) {
      Class.forName("nu.pattern.OpenCV").getMethod("loadLocally").invoke(null);
    } else {
      Class.forName("org.bytedeco.javacpp.Loader").getMethod("load", Class.class)
          .invoke(null, Class.forName("org.bytedeco.opencv.opencv_java"));
    }
    Core.setNumThreads(1);
    byte[] jpg = Files.readAllBytes(Path.of(a[1]));
    int reps = a.length > 2 ? Integer.parseInt(a[2]) : 40;
    int[] flags = {Imgcodecs.IMREAD_COLOR, Imgcodecs.IMREAD_REDUCED_COLOR_2,
        Imgcodecs.IMREAD_REDUCED_COLOR_4};
    for (int f : flags) {
      long best = Long.MAX_VALUE;
      Mat m = null;
      for (int i = 0; i < reps; i++) {
        long t = System.nanoTime();
        MatOfByte b = new MatOfByte(jpg);
        m = Imgcodecs.imdecode(b, f | Imgcodecs.IMREAD_IGNORE_ORIENTATION);
        b.release();
        best = Math.min(best, System.nanoTime() - t);
      }
      System.out.printf("jpeg-decode build=%s opencv=%s size=%dx%d best_ms=%.2f%n", a[0], Core.VERSION,
          m.cols(), m.rows(), best / 1e6);
    }
  }
}
