package org.duplexnode.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.duplexnode.model.spec.VisionFrame;

/**
 * Test frames preprocessed as the Python side does (tensorrt-engines/duplex_export/tiny/host_dsp.py): a PNG
 * whose sides are multiples of 14 and whose area is the 448 x 448 slice needs no resize, so only
 * the normalisation, the patch layout and SigLIP's position ids remain.
 */
public final class TestFrames {
  private TestFrames() {}

  public static VisionFrame fromPng(Path png) throws IOException {
    BufferedImage img = ImageIO.read(png.toFile());
    int w = img.getWidth();
    int h = img.getHeight();
    if (w % 14 != 0 || h % 14 != 0) {
      throw new IllegalArgumentException(png + " is " + w + "x" + h + "; test frames need sides in multiples of 14");
    }
    int gh = h / 14;
    int gw = w / 14;
    int l = gh * gw;
    float[] pixels = new float[3 * 14 * 14 * l];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = img.getRGB(x, y);
        int patchIndex = (y / 14) * gw + (x / 14);
        for (int c = 0; c < 3; c++) {
          int level = (rgb >> (16 - 8 * c)) & 0xff;
          float v = ((level / 255f) - 0.5f) / 0.5f;
          pixels[(c * 14 + y % 14) * 14 * l + patchIndex * 14 + x % 14] = v;
        }
      }
    }
    long[] ids = new long[l];
    for (int r = 0; r < gh; r++) {
      for (int c = 0; c < gw; c++) {
        ids[r * gw + c] = (long) (70 * r / gh) * 70 + (70 * c / gw);
      }
    }
    return new VisionFrame(gh, gw, pixels, ids);
  }
}
