package org.duplexnode.ingest.image;

import nu.pattern.OpenCV;
import org.opencv.core.Core;

/**
 * Loads OpenCV's native library once per process. org.openpnp:opencv carries it for linux
 * x86_64 and aarch64 (and macOS, Windows) in its jar and extracts it to a temporary folder.
 */
final class OpenCvNatives {
  private static volatile String version;

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
        try {
          OpenCV.loadLocally();
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
