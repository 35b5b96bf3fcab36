package org.duplexnode.ingest.image;

import org.opencv.core.Mat;

/**
 * A JPEG decoded to its YCbCr planes, without chroma upsampling or colour conversion: luma at
 * the decoded size, chroma at its own (subsampled) size, or luma alone for a greyscale JPEG. The
 * planes live in the decoder's reusable buffers and are valid until {@link #close()}, which
 * hands them back.
 */
final class JpegPlanes implements AutoCloseable {
  private final Mat[] planes;
  private final PatchGrid grid;
  private final ChannelOrder order;
  private final Runnable release;

  /**
   * @param planes Y, or Y, Cb and Cr: 8-bit single-channel Mats
   * @param grid the patch grid of the image at its full size (a plane may be decoded smaller)
   * @param order {@link ChannelOrder#BGR} for an ordinary frame; {@link ChannelOrder#RGB} when
   *     the encoder was fed RGB bytes as BGR, so red and blue sit swapped in the file
   */
  JpegPlanes(Mat[] planes, PatchGrid grid, ChannelOrder order, Runnable release) {
    this.planes = planes;
    this.grid = grid;
    this.order = order;
    this.release = release;
  }

  /** Decoded width (the luma plane's). */
  int width() {
    return planes[0].cols();
  }

  int height() {
    return planes[0].rows();
  }

  PatchGrid grid() {
    return grid;
  }

  boolean grey() {
    return planes.length == 1;
  }

  /** Plane 0 (Y), 1 (Cb) or 2 (Cr). */
  Mat plane(int index) {
    return planes[index];
  }

  int planeCount() {
    return planes.length;
  }

  /** True when the file's red and blue are swapped (an encoder fed RGB as BGR). */
  boolean redBlueSwapped() {
    return order == ChannelOrder.RGB;
  }

  @Override
  public void close() {
    release.run();
  }
}
