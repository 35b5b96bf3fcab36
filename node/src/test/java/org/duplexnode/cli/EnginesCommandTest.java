package org.duplexnode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.duplexnode.model.pkg.TinyPackage;
import org.duplexnode.testing.Processes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code duplex-node engines check} on the tiny package and on broken copies of it. */
@Tag("interop")
class EnginesCommandTest {
  @TempDir
  Path tmp;

  record Outcome(int exit, List<String> lines) {}

  static Outcome check(Path dir) {
    PrintStream out = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int exit = DuplexNodeCommand.execute("engines", "check", dir.toString());
      return new Outcome(exit, buf.toString(StandardCharsets.UTF_8).lines().toList());
    } finally {
      System.setOut(out);
    }
  }

  Path copy() throws Exception {
    return TinyPackage.copyTo(tmp.resolve("pkg"));
  }

  static void breakInput(Path pkg, String graph, String... how) throws Exception {
    Path file = pkg.resolve(graph + ".onnx");
    Path broken = pkg.resolve(graph + ".broken.onnx");
    List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/python3", "src/test/python/break_graph_input.py",
        file.toString(), broken.toString()));
    cmd.addAll(List.of(how));
    Processes.run(cmd);
    Files.move(broken, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void theTinyPackagePassesWithASummary() {
    Outcome o = check(TinyPackage.DIR);
    assertThat(o.exit()).isZero();
    assertThat(o.lines()).anyMatch(l -> l.startsWith("package ") && l.contains("minicpm-o-4.5-tiny-random"));
    assertThat(o.lines()).contains("graphs: 10 loaded on onnxruntime, inputs and outputs as the contract says");
  }

  /** Points one graph's manifest entry at {@code entry} (and lists {@code file} among the package's files). */
  static void retarget(Path pkg, String graph, String entryJson, String file) throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode m =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(pkg.resolve("manifest.json").toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("graphs")).set(graph, json.readTree(entryJson));
    if (file != null) {
      byte[] bytes = Files.readAllBytes(pkg.resolve(file));
      String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
      ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("files")).set(file,
          json.readTree("{\"bytes\": " + bytes.length + ", \"sha256\": \"" + sha + "\"}"));
    }
    json.writerWithDefaultPrettyPrinter().writeValue(pkg.resolve("manifest.json").toFile(), m);
  }

  @Test
  void eachGraphGoesToTheEngineOfItsBackendAndAnUnavailableOneIsNamed() throws Exception {
    Path pkg = copy();
    Path plan = pkg.resolve("engines/trt10.3-sm87-fp16/tts_step.plan");
    Files.createDirectories(plan.getParent());
    Files.write(plan, new byte[] {1, 2, 3});
    retarget(pkg, "tts_step", "{\"file\": \"engines/trt10.3-sm87-fp16/tts_step.plan\", \"backend\": \"tensorrt\","
        + " \"precision\": \"fp16\", \"onnx\": \"tts_step.onnx\", \"cache_key\": \"trt10.3-sm87-fp16\"}",
        "engines/trt10.3-sm87-fp16/tts_step.plan");
    retarget(pkg, "hift", "{\"file\": \"hift.onnx\", \"backend\": \"openvino\", \"precision\": \"fp32\"}", null);
    Outcome o = check(pkg);
    assertThat(o.exit()).isEqualTo(1);
    // the other graphs load on ONNX Runtime; TensorRT is asked for tts_step only, and says why it cannot run here
    assertThat(o.lines()).anyMatch(l -> l.startsWith("tts_step: ") && l.contains("TensorRT"));
    assertThat(o.lines()).contains("hift: backend 'openvino', this runtime runs 'onnxruntime', 'tensorrt'");
    assertThat(o.lines()).noneMatch(l -> l.startsWith("llm_step") || l.startsWith("dit_step"));
  }

  @Test
  void aMissingGraphIsNamed() throws Exception {
    Path pkg = copy();
    Files.delete(pkg.resolve("tts_step.onnx"));
    Outcome o = check(pkg);
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.lines()).containsExactly("tts_step.onnx: missing (named in manifest.json)");
  }

  @Test
  void aWrongInputNameIsNamedWithTheGraph() throws Exception {
    Path pkg = copy();
    breakInput(pkg, "llm_step", "rename", "past_keys", "past_key");
    Outcome o = check(pkg);
    assertThat(o.exit()).isEqualTo(1);
    // the rename shortens the graph by one byte per use of the name
    long shipped = Files.size(TinyPackage.DIR.resolve("llm_step.onnx"));
    assertThat(o.lines()).containsExactly(
        "llm_step.onnx: " + (shipped - 2) + " bytes, files says " + shipped,
        "llm_step: input past_keys missing (has [inputs_embeds, position_ids, past_key, past_values])",
        "llm_step: unexpected input past_key");
  }

  @Test
  void aWrongElementTypeIsNamedWithTheInput() throws Exception {
    Path pkg = copy();
    breakInput(pkg, "tts_step", "int32", "position_ids");
    Outcome o = check(pkg);
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.lines()).containsExactly(
        "tts_step.onnx: 360926 bytes, files says 360861",
        "tts_step.position_ids: element type int32, contract says int64");
  }

  @Test
  void aMissingTableIsNamed() throws Exception {
    Path pkg = copy();
    Files.delete(pkg.resolve("tts_emb_code.f16.bin"));
    Outcome o = check(pkg);
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.lines()).containsExactly("tts_emb_code.f16.bin: missing (named in manifest.json)");
  }

  @Test
  void aTableOfTheWrongSizeIsNamed() throws Exception {
    Path pkg = copy();
    Path noise = pkg.resolve("t2w_noise.f32.bin");
    Files.write(noise, new byte[100]);
    Outcome o = check(pkg);
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.lines()).containsExactly(
        "t2w_noise.f32.bin: 100 bytes, files says 16000",
        "token2wav.noise: t2w_noise.f32.bin holds 100 bytes, shape and dtype need 16000");
  }

  @Test
  void badJsonIsOneLineWithItsPosition() throws Exception {
    Path pkg = copy();
    String json = Files.readString(pkg.resolve("manifest.json"));
    Files.writeString(pkg.resolve("manifest.json"), json.substring(0, 200));
    Outcome o = check(pkg);
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.lines()).hasSize(1);
    assertThat(o.lines().get(0)).startsWith("manifest.json is not valid JSON (line ");
  }

  @Test
  void missingKeysAndChangedReleaseSizesAreEachALine() throws Exception {
    Path pkg = copy();
    String json = Files.readString(pkg.resolve("manifest.json"))
        .replace("\"hidden_size\": 16,", "")
        .replace("\"frames_per_chunk\": 50", "\"frames_per_chunk\": 48")
        .replace("\"dtype\": \"float16\"", "\"dtype\": \"float64\"");
    Files.writeString(pkg.resolve("manifest.json"), json);
    Outcome o = check(pkg);
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.lines()).contains(
        "manifest.json: llm.hidden_size missing",
        "manifest.json: audio.encoder.frames_per_chunk is 48, the contract fixes 50",
        "manifest.json: embeddings.tables.llm_embed.dtype is \"float64\", expected \"float16\" or \"float32\"");
  }
}
