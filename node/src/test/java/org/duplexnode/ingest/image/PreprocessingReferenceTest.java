package org.duplexnode.ingest.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.duplexnode.ports.RawImage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks the preprocessing against src/test/python/image_reference.py, an independent NumPy
 * implementation of the release's rule. Resizing is OpenCV's in both (the script starts from
 * the image the Java code resized); target size, normalisation, patch layout and position ids
 * are computed separately on each side.
 */
@Tag("interop")
class PreprocessingReferenceTest {
  private static final Path SCRIPT = Path.of("src/test/python/image_reference.py");

  private final RawImageDecoder decoder = new RawImageDecoder();
  private final SlicePreprocessor preprocessor = new SlicePreprocessor();

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"640,640,32,32", "1920,1080,24,43", "480,640,37,28", "20,20,32,32",
      "1280,800,25,40", "3,1000,584,2"})
  void javaMatchesTheNumpyReference(int width, int height, int rows, int cols) throws Exception {
    RgbImage frame = TestImages.cameraLike(width, height, width * 31L + height);
    RawImage msg = new RawImage(7, "cam", width, height, "rgb8", false, width * 3, frame.rgb());

    ResizedImage resized;
    try (DecodedImage image = decoder.decode(msg)) {
      resized = preprocessor.resize(image);
    }
    ModelImage model = SlicePreprocessor.toModelImage(resized, 7, "cam");
    assertThat(resized.order()).isEqualTo(ChannelOrder.RGB);
    assertThat(new int[] {model.gridH(), model.gridW()}).containsExactly(rows, cols);

    Path rgb = dir.resolve("resized.rgb");
    Files.write(rgb, resized.pixels());
    String out = runReference(width, height, rgb, resized.grid());
    assertThat(out.trim()).isEqualTo("grid " + rows + " " + cols);

    float[] pixels = floats(dir.resolve("pixels.f32"));
    long[] positions = longs(dir.resolve("positions.i64"));
    assertThat(pixels).hasSameSizeAs(model.pixels());
    float worst = 0;
    for (int i = 0; i < pixels.length; i++) {
      worst = Math.max(worst, Math.abs(pixels[i] - model.pixels()[i]));
    }
    assertThat(worst).isLessThanOrEqualTo(1e-6f);
    assertThat(model.positionIds()).isEqualTo(positions);
  }

  private String runReference(int width, int height, Path rgb, PatchGrid grid)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(),
        String.valueOf(width), String.valueOf(height), rgb.toString(),
        String.valueOf(grid.width()), String.valueOf(grid.height()), dir.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static float[] floats(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(out);
    return out;
  }

  private static long[] longs(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    long[] out = new long[bytes.remaining() / 8];
    bytes.asLongBuffer().get(out);
    return out;
  }
}
