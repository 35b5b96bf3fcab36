package org.duplexnode.ingest.image;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The few functions of the system's TurboJPEG library (libturbojpeg.so.0, Debian package
 * libturbojpeg0, API 2.0 and later) that the planar JPEG path needs, bound with JNA's direct
 * mapping. OpenCV's decoder cannot decode to YCbCr planes or skip colour conversion; this one
 * can. The library is optional: {@link #available()} says whether it loaded, and
 * {@link #unavailableReason()} why not.
 *
 * <p>A handle is not thread-safe; each caller keeps its own. Every function reports failure by
 * its return value (the library catches libjpeg's errors itself), never by ending the process.
 */
final class TurboJpeg {
  static final int SAMP_444 = 0;
  static final int SAMP_422 = 1;
  static final int SAMP_420 = 2;
  static final int SAMP_GRAY = 3;

  static final int CS_YCBCR = 1;
  static final int CS_GRAY = 2;

  /** Refuse a progressive JPEG of more than 500 scans (TJFLAG_LIMITSCANS, 2.1 and later). */
  static final int FLAG_LIMITSCANS = 32768;

  /** tjGetErrorCode's value for a warning (corrupt data decoded anyway). */
  static final int ERR_WARNING = 0;

  private static final String LIBRARY = "libturbojpeg.so.0";
  private static final String UNAVAILABLE;

  static {
    String reason = null;
    try {
      Native.register(TurboJpeg.class, NativeLibrary.getInstance(LIBRARY));
    } catch (RuntimeException | LinkageError e) {
      reason = LIBRARY + " could not be loaded (" + e.getMessage() + ")";
    }
    UNAVAILABLE = reason;
  }

  private TurboJpeg() {}

  static boolean available() {
    return UNAVAILABLE == null;
  }

  /** Why the library is not available, or null when it is. */
  static String unavailableReason() {
    return UNAVAILABLE;
  }

  static native Pointer tjInitDecompress();

  static native int tjDestroy(Pointer handle);

  static native int tjDecompressHeader3(Pointer handle, Pointer jpeg, NativeLong size,
      int[] width, int[] height, int[] subsamp, int[] colorspace);

  /** {@code planes}: an array of 1 or 3 plane pointers; {@code strides}: bytes per row each. */
  static native int tjDecompressToYUVPlanes(Pointer handle, Pointer jpeg, NativeLong size,
      Pointer planes, int width, int[] strides, int height, int flags);

  static native int tjDecompress2(Pointer handle, Pointer jpeg, NativeLong size, Pointer dst,
      int width, int pitch, int height, int pixelFormat, int flags);

  static native int tjPlaneWidth(int component, int width, int subsamp);

  static native int tjPlaneHeight(int component, int height, int subsamp);

  static native String tjGetErrorStr2(Pointer handle);

  static native int tjGetErrorCode(Pointer handle);
}
