package org.duplexnode.ingest.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.duplexnode.ports.RawImage;

/**
 * Known test images and their encodings, written independently of the code under test: the
 * encoders here are plain Java (and javax.imageio for JPEG and PNG).
 */
final class TestImages {
  /** Padding bytes are filled with this, so a decoder that reads them shows it. */
  static final byte PAD = (byte) 0xAB;

  private TestImages() {}

  /**
   * A pattern with horizontal, vertical and diagonal gradients in different channels, so a
   * swapped channel, a flipped axis or a shifted row cannot go unnoticed. With {@code block = 2}
   * every 2x2 block has one colour (chroma subsampling then loses nothing).
   */
  static RgbImage pattern(int width, int height, int block) {
    byte[] rgb = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int bx = x / block * block;
        int by = y / block * block;
        int i = (y * width + x) * 3;
        rgb[i] = (byte) (bx * 255 / Math.max(1, width - 1));
        rgb[i + 1] = (byte) (by * 255 / Math.max(1, height - 1));
        rgb[i + 2] = (byte) ((bx * 3 + by * 5 + 40) % 256);
      }
    }
    return new RgbImage(width, height, rgb);
  }

  /** A camera-like frame: smooth shading, a few hard edges and sensor noise. */
  static RgbImage cameraLike(int width, int height, long seed) {
    Random random = new Random(seed);
    byte[] rgb = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        boolean box = (x / Math.max(1, width / 8) + y / Math.max(1, height / 6)) % 3 == 0;
        double shade = 0.5 + 0.4 * Math.sin(x * 0.01) * Math.cos(y * 0.013);
        int i = (y * width + x) * 3;
        for (int c = 0; c < 3; c++) {
          double v = 255 * shade * (box ? 0.6 + 0.15 * c : 1.0 - 0.2 * c)
              + random.nextGaussian() * 4;
          rgb[i + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
      }
    }
    return new RgbImage(width, height, rgb);
  }

  /** Copies {@code rowBytes} per row into rows of {@code step} bytes (padding filled with PAD). */
  static byte[] padRows(byte[] packed, int height, int rowBytes, int step) {
    byte[] out = new byte[step * height];
    Arrays.fill(out, PAD);
    for (int y = 0; y < height; y++) {
      System.arraycopy(packed, y * rowBytes, out, y * step, rowBytes);
    }
    return out;
  }

  static RawImage raw(RgbImage image, String encoding, int bytesPerPixel, int padding,
      byte[] packed) {
    int step = image.width() * bytesPerPixel + padding;
    return new RawImage(1234L, "camera", image.width(), image.height(), encoding, false, step,
        padRows(packed, image.height(), image.width() * bytesPerPixel, step));
  }

  /** The image's bytes in another channel order, with alpha (200) where asked. */
  static byte[] reorder(RgbImage image, int[] rgbIndexOf, int channels) {
    int n = image.width() * image.height();
    byte[] out = new byte[n * channels];
    for (int p = 0; p < n; p++) {
      if (channels == 4) {
        out[p * 4 + 3] = (byte) 200;
      }
      for (int c = 0; c < 3; c++) {
        out[p * channels + rgbIndexOf[c]] = image.rgb()[p * 3 + c];
      }
    }
    return out;
  }

  static byte[] green(RgbImage image) {
    byte[] out = new byte[image.width() * image.height()];
    for (int p = 0; p < out.length; p++) {
      out[p] = image.rgb()[p * 3 + 1];
    }
    return out;
  }

  /** BT.601 limited range, as published for studio video; an independent forward transform. */
  static int[] yuv(int r, int g, int b) {
    double y = 16 + 0.257 * r + 0.504 * g + 0.098 * b;
    double u = 128 - 0.148 * r - 0.291 * g + 0.439 * b;
    double v = 128 + 0.439 * r - 0.368 * g - 0.071 * b;
    return new int[] {clamp(y), clamp(u), clamp(v)};
  }

  /** The matching inverse in floating point: what an exact BT.601 decoder gives. */
  static int[] rgbFromYuv(int y, int u, int v) {
    double c = 1.164 * (y - 16);
    return new int[] {clamp(c + 1.596 * (v - 128)),
        clamp(c - 0.813 * (v - 128) - 0.391 * (u - 128)), clamp(c + 2.018 * (u - 128))};
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  /** 4:2:2 packed; {@code yFirst} gives YUYV, otherwise UYVY. Chroma from each pair's left pixel. */
  static byte[] yuv422(RgbImage image, boolean yFirst) {
    int w = image.width();
    byte[] out = new byte[w * image.height() * 2];
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < w; x += 2) {
        int[] left = yuvAt(image, x, y);
        int[] right = yuvAt(image, x + 1, y);
        int o = (y * w + x) * 2;
        if (yFirst) {
          out[o] = (byte) left[0];
          out[o + 1] = (byte) left[1];
          out[o + 2] = (byte) right[0];
          out[o + 3] = (byte) left[2];
        } else {
          out[o] = (byte) left[1];
          out[o + 1] = (byte) left[0];
          out[o + 2] = (byte) left[2];
          out[o + 3] = (byte) right[0];
        }
      }
    }
    return out;
  }

  /** 4:2:0 semi-planar: Y plane, then chroma pairs (UV when {@code uFirst}, else VU). */
  static byte[] yuv420sp(RgbImage image, boolean uFirst) {
    int w = image.width();
    int h = image.height();
    byte[] out = new byte[w * h * 3 / 2];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int[] yuv = yuvAt(image, x, y);
        out[y * w + x] = (byte) yuv[0];
        if (x % 2 == 0 && y % 2 == 0) {
          int o = w * h + (y / 2) * w + x;
          out[o] = (byte) (uFirst ? yuv[1] : yuv[2]);
          out[o + 1] = (byte) (uFirst ? yuv[2] : yuv[1]);
        }
      }
    }
    return out;
  }

  static int[] yuvAt(RgbImage image, int x, int y) {
    return yuv(image.at(x, y, 0), image.at(x, y, 1), image.at(x, y, 2));
  }

  static BufferedImage toBufferedImage(RgbImage image) {
    BufferedImage out = new BufferedImage(image.width(), image.height(),
        BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        out.setRGB(x, y, image.at(x, y, 0) << 16 | image.at(x, y, 1) << 8 | image.at(x, y, 2));
      }
    }
    return out;
  }

  static byte[] png(RgbImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(toBufferedImage(image), "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] jpeg(RgbImage image, float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(toBufferedImage(image), null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** Largest per-channel difference between two images of the same size. */
  static int maxDifference(RgbImage a, RgbImage b) {
    int max = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      max = Math.max(max, Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff)));
    }
    return max;
  }

  static double meanDifference(RgbImage a, RgbImage b) {
    long sum = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      sum += Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff));
    }
    return (double) sum / a.rgb().length;
  }

  /** Where a byte sequence first occurs (a marker, a chunk name); fails the test when absent. */
  static int indexOf(byte[] data, int... needle) {
    for (int i = 0; i + needle.length <= data.length; i++) {
      boolean match = true;
      for (int k = 0; k < needle.length && match; k++) {
        match = (data[i + k] & 0xff) == needle[k];
      }
      if (match) {
        return i;
      }
    }
    throw new AssertionError("byte sequence not found");
  }
}
