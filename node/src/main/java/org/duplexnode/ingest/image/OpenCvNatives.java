package org.duplexnode.ingest.image;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_java;
import org.opencv.core.Core;

/**
 * Loads OpenCV's native libraries (for the org.opencv API) once per process. JavaCPP's OpenCV
 * build carries them for linux x86_64 and aarch64 in its classifier jars and extracts them to its
 * cache (~/.javacpp/cache). That build is chosen for its JPEG decoder: libjpeg-turbo 3.1 with
 * SIMD, about twice as fast on a 1080p frame as the SIMD-less one of org.openpnp:opencv 4.9.
 */
final class OpenCvNatives {
  private static volatile String version;
  /**
   * JavaCPP refuses to allocate once the process's resident memory passes 4 times the Java heap,
   * counting memory that is not its own: with a full-width model package (ONNX Runtime's sessions,
   * memory-mapped tables: several GB) on a 1 GB heap, loading OpenCV after the model failed with an
   * OutOfMemoryError. Its own allocations here are a few image buffers, so the check is off unless
   * the user sets it.
   */
  static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

  private OpenCvNatives() {}

  /**
   * @return the loaded OpenCV version
   * @throws IllegalStateException when no native library fits this OS and architecture
   */
  static String load() {
    String v = version;
    if (v != null) {
      return v;
    }
    synchronized (OpenCvNatives.class) {
      if (version == null) {
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null) {
          System.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
        try {
          Loader.load(opencv_java.class);
          version = Core.VERSION;
        } catch (RuntimeException | LinkageError e) {
          throw new IllegalStateException("OpenCV's native library could not be loaded on "
              + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + e, e);
        }
      }
      return version;
    }
  }
}
