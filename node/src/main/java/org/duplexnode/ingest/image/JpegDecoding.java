package org.duplexnode.ingest.image;

/** How {@link ImageIngest} decodes a JPEG frame for the model. */
public enum JpegDecoding {
  /** OpenCV at full size: the reference the others are measured against. */
  FULL,
  /** OpenCV at 1/2, 1/4 or 1/8 scale, the smallest that still covers the patch grid. */
  REDUCED,
  /**
   * The system's libturbojpeg to YCbCr planes, colour converted after the shrink
   * ({@link PlanarJpegDecoder}); {@link #REDUCED} where the library is absent, and for JPEG
   * layouts it does not take.
   */
  PLANES
}
