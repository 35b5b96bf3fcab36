package org.duplexnode.ingest.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.duplexnode.ports.RawImage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opencv.imgproc.Imgproc;

@Tag("unit")
class SlicePreprocessorTest {
  private final SlicePreprocessor preprocessor = new SlicePreprocessor();

  @Test
  void boxesByTheLargestWholeFactorThatLeavesRoomForTheBilinearStep() {
    assertThat(SlicePreprocessor.blockFactor(1920, 1080, 602, 336)).isEqualTo(2);
    assertThat(SlicePreprocessor.blockFactor(3840, 2160, 602, 336)).isEqualTo(4);
    assertThat(SlicePreprocessor.blockFactor(1280, 720, 602, 336)).isEqualTo(1);
    assertThat(SlicePreprocessor.blockFactor(640, 480, 518, 392)).isEqualTo(1);
    assertThat(SlicePreprocessor.blockFactor(1921, 1080, 602, 336)).isEqualTo(1);
    assertThat(SlicePreprocessor.blockFactor(5000, 3000, 602, 336)).isEqualTo(5);
  }

  @Test
  void picksTheFilterByWhatIsLeft() {
    assertThat(SlicePreprocessor.interpolation(960, 540, 602, 336))
        .isEqualTo(Imgproc.INTER_LINEAR);
    assertThat(SlicePreprocessor.interpolation(1280, 720, 602, 336))
        .isEqualTo(Imgproc.INTER_AREA);
    assertThat(SlicePreprocessor.interpolation(20, 20, 448, 448)).isEqualTo(Imgproc.INTER_CUBIC);
    assertThat(SlicePreprocessor.interpolation(8192, 1, 32774, 14))
        .isEqualTo(Imgproc.INTER_CUBIC);
  }

  @Test
  void aFlatImageStaysFlatAtEverySize() throws Exception {
    for (int[] size : new int[][] {{1920, 1080}, {1280, 720}, {640, 480}, {20, 20}, {1, 300}}) {
      byte[] rgb = new byte[size[0] * size[1] * 3];
      for (int i = 0; i < rgb.length; i += 3) {
        rgb[i] = (byte) 200;
        rgb[i + 1] = 100;
        rgb[i + 2] = 7;
      }
      RawImage msg = new RawImage(1, "c", size[0], size[1], "rgb8", false, size[0] * 3, rgb);
      ResizedImage resized;
      try (DecodedImage image = new RawImageDecoder().decode(msg)) {
        resized = preprocessor.resize(image);
      }
      assertThat(resized.grid()).isEqualTo(PatchGrid.forImage(size[0], size[1]));
      for (int i = 0; i < resized.pixels().length; i += 3) {
        assertThat(new int[] {resized.pixels()[i] & 0xff, resized.pixels()[i + 1] & 0xff,
            resized.pixels()[i + 2] & 0xff}).as("%dx%d", size[0], size[1])
            .containsExactly(200, 100, 7);
      }
    }
  }
}
