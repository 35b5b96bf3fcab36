package org.duplexnode.model.graphs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.model.pkg.ModelPackage;
import org.duplexnode.model.pkg.PackageGraphs;
import org.duplexnode.model.pkg.TinyPackage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's "prompt_and_recent" cache windows against an independent Python reference
 * (tensorrt-engines/duplex_export/tiny/release_windows.py) that holds the caches in the release's
 * own tensors and cuts them as stepaudio2's Token2wav.stream does: the tiny package's real graphs on
 * ONNX Runtime, streamed over several windows (full ones, then a last one), the 24 kHz output compared.
 */
@Tag("integration")
class Token2WavReleaseWindowsTest {
  static final Path ENGINES = Path.of("../tensorrt-engines").toAbsolutePath().normalize();
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  @Test
  void cutsInEveryWindowGiveTheReferencesAudio() throws Exception {
    Path pkg = release(work.resolve("pkg"), 20);
    Run run = compare(pkg, 4);
    assertThat(run.reference().path("keep").asInt()).isEqualTo(20);
    assertThat(run.maxAbs()).as("max abs difference").isLessThan(1e-4);
    // the policy is what makes it match: the contract's last rows stream the same windows differently
    assertThat(run.lastRowsMaxAbs()).as("last rows vs release").isGreaterThan(1e-3);
  }

  @Test
  void theReleasesHundredRecentRowsAreTheDefault() throws Exception {
    Path pkg = release(work.resolve("pkg"), -1);
    Run run = compare(pkg, 6);
    assertThat(run.reference().path("keep").asInt()).isEqualTo(100);
    // the caches grow until they pass the prompt's 50 frames + 100, then stay there
    assertThat(run.reference().path("windows").get(1).path("dit_rows").asInt()).isEqualTo(150);
    assertThat(run.reference().path("windows").get(2).path("dit_rows").asInt()).isEqualTo(150);
    assertThat(run.reference().path("windows").get(3).path("encoder_rows").asInt()).isEqualTo(150);
    assertThat(run.maxAbs()).as("max abs difference").isLessThan(1e-4);
    assertThat(run.lastRowsMaxAbs()).as("last rows vs release").isGreaterThan(1e-3);
  }

  record Run(JsonNode reference, double maxAbs, double lastRowsMaxAbs) {}

  /** A tiny package copy with the release's policy; its voice holds the whole (50-frame) prompt. */
  private static Path release(Path dir, int keep) throws Exception {
    TinyPackage.copyTo(dir);
    ObjectNode m = (ObjectNode) JSON.readTree(dir.resolve("manifest.json").toFile());
    ObjectNode t2w = (ObjectNode) m.get("token2wav");
    t2w.put("cache_policy", "prompt_and_recent");
    t2w.put("prompt_frames", 50);
    if (keep > 0) {
      t2w.put("cache_keep_recent", keep);
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("manifest.json").toFile(), m);
    return dir;
  }

  private Run compare(Path pkg, int windows) throws Exception {
    Path out = work.resolve("reference");
    Process p = new ProcessBuilder("/usr/bin/python3", "-m", "duplex_export.tiny.release_windows", "--package",
        pkg.toString(), "--windows", Integer.toString(windows), "--out", out.toString())
        .directory(ENGINES.toFile()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(log).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    JsonNode ref = JSON.readTree(out.resolve("windows.json").toFile());
    FloatBuffer expected = ByteBuffer.wrap(Files.readAllBytes(out.resolve("audio.f32.bin")))
        .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] release = stream(pkg, ref);
    assertThat(release).hasSize(expected.remaining());
    double maxAbs = 0;
    for (int i = 0; i < release.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(release[i] - expected.get(i)));
    }
    ObjectNode m = (ObjectNode) JSON.readTree(pkg.resolve("manifest.json").toFile());
    ((ObjectNode) m.get("token2wav")).put("cache_policy", "last_rows");
    JSON.writeValue(pkg.resolve("manifest.json").toFile(), m);
    float[] lastRows = stream(pkg, ref);
    double lastRowsMaxAbs = 0;
    for (int i = 0; i < release.length; i++) {
      lastRowsMaxAbs = Math.max(lastRowsMaxAbs, Math.abs(release[i] - lastRows[i]));
    }
    System.out.printf("%d windows, keep %d: max abs difference %.3g vs the reference, %.3g vs last rows%n",
        ref.path("windows").size(), ref.path("keep").asInt(), maxAbs, lastRowsMaxAbs);
    return new Run(ref, maxAbs, lastRowsMaxAbs);
  }

  /** The windows through the runtime's Token2WavGraphs, after a reset to the voice. */
  private static float[] stream(Path dir, JsonNode ref) {
    try (OnnxRuntimeEngine engine = OnnxRuntimeEngine.cpu();
         ModelPackage pkg = ModelPackage.open(dir);
         PackageGraphs graphs = pkg.loadGraphs(engine)) {
      Token2WavGraphs t2w = new Token2WavGraphs(graphs.get("t2w_encoder"), graphs.get("dit_step"), graphs.get("hift"),
          pkg);
      int total = 0;
      for (JsonNode w : ref.path("windows")) {
        total += w.path("samples").asInt();
      }
      float[] audio = new float[total];
      int at = 0;
      for (JsonNode w : ref.path("windows")) {
        int[] codes = new int[w.path("codes").size()];
        for (int i = 0; i < codes.length; i++) {
          codes[i] = w.path("codes").get(i).asInt();
        }
        float[] out = t2w.stream(codes, w.path("last").asBoolean());
        assertThat(out).hasSize(w.path("samples").asInt());
        System.arraycopy(out, 0, audio, at, out.length);
        at += out.length;
      }
      return audio;
    }
  }
}
