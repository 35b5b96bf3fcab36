package org.duplexnode.engine.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tensorrt-engines/build_engines.py --dry-run against the tiny package: the exact trtexec lines and its refusals. */
@Tag("interop")
class EngineBuildScriptTest {
  static final Path SCRIPT = Path.of("../tensorrt-engines/build_engines.py").toAbsolutePath().normalize();
  static final Path PKG = Path.of("../tensorrt-engines/tiny-model").toAbsolutePath().normalize();
  static final Path QUANTIZE = SCRIPT.resolveSibling("quantize_weights.py");

  @TempDir
  Path engines;

  record Run(int exit, String out) {}

  Run run(String target, String precision, String freeGb, String... graphs) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", SCRIPT.toString(), "--package", PKG.toString(),
        "--target", target, "--precision", precision, "--trt-version", "10.3.0", "--compute-capability", "8.7",
        "--free-memory-gb", freeGb, "--engines-dir", engines.toString(), "--trtexec", "trtexec", "--dry-run",
        "--graphs"));
    cmd.addAll(List.of(graphs));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out);
  }

  @Test
  void printsOneTrtexecLinePerGraphWithProfilesPrecisionAndCacheKey() throws Exception {
    Run r = run("orin-agx-jp6", "int4-llm", "60", "llm_step", "tts_proj");
    assertThat(r.exit()).as(r.out()).isZero();
    String key = engines.resolve("trt10.3.0-sm87-int4-llm").toString();
    assertThat(r.out().lines()).containsExactly(
        "target orin-agx-jp6: Jetson AGX Orin 64 GB, JetPack 6.1/6.2",
        "cache key trt10.3.0-sm87-int4-llm",
        "memory check: need 2.00 GB (int4-llm, KV cache 4096 tokens, workspace 2 GB), free 60.0 GB - reserve 6 GB"
            + " = 54.00 GB: ok",
        "/usr/bin/python3 " + QUANTIZE + " " + PKG.resolve("llm_step.onnx") + " --out " + key
            + "/llm_step.int4.onnx --precision int4 --block-size 128",
        "trtexec --onnx=" + key + "/llm_step.int4.onnx"
            + " --minShapes=inputs_embeds:1x1x16,position_ids:1x1,past_keys:0x2x2x8,past_values:0x2x2x8"
            + " --optShapes=inputs_embeds:1x1x16,position_ids:1x1,past_keys:2048x2x2x8,past_values:2048x2x2x8"
            + " --maxShapes=inputs_embeds:1x128x16,position_ids:1x128,past_keys:4096x2x2x8,past_values:4096x2x2x8"
            + " --stronglyTyped --memPoolSize=workspace:2048M --saveEngine=" + key + "/llm_step.plan --skipInference",
        "trtexec --onnx=" + PKG.resolve("tts_proj.onnx")
            + " --minShapes=llm_hidden:1x16 --optShapes=llm_hidden:20x16 --maxShapes=llm_hidden:64x16"
            + " --fp16 --memPoolSize=workspace:2048M --saveEngine=" + key + "/tts_proj.plan --skipInference");
    assertThat(engines.resolve("trt10.3.0-sm87-int4-llm")).as("a dry run builds nothing").doesNotExist();
  }

  @Test
  void int8LlmQuantisesIntoTheEngineCacheBuildsFromThereAndRecordsItInTheManifest(@TempDir Path pkg)
      throws Exception {
    Files.copy(PKG.resolve("manifest.json"), pkg.resolve("manifest.json"));
    Files.copy(PKG.resolve("llm_step.onnx"), pkg.resolve("llm_step.onnx"));
    // trtexec stands in as a script that records its arguments and writes the engine it is asked for
    Path trtexec = engines.resolve("trtexec");
    Files.writeString(trtexec, String.join("\n", "#!/bin/sh", "echo \"$@\" >> \"$(dirname \"$0\")/trtexec.args\"",
        "for a in \"$@\"; do case \"$a\" in --saveEngine=*) echo plan > \"${a#--saveEngine=}\";; esac; done", ""));
    assertThat(trtexec.toFile().setExecutable(true)).isTrue();
    List<String> cmd = List.of("/usr/bin/python3", SCRIPT.toString(), "--package", pkg.toString(), "--target",
        "orin-agx-jp6", "--precision", "int8-llm", "--trt-version", "10.3.0", "--compute-capability", "8.7",
        "--free-memory-gb", "60", "--trtexec", trtexec.toString(), "--graphs", "llm_step", "--write-manifest");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();

    Path cache = pkg.resolve("engines/trt10.3.0-sm87-int8-llm");
    Path quantised = cache.resolve("llm_step.int8.onnx");
    assertThat(quantised).exists();
    assertThat(Files.mismatch(pkg.resolve("llm_step.onnx"), PKG.resolve("llm_step.onnx")))
        .as("the package's own graph is not rewritten").isEqualTo(-1);
    assertThat(Files.readString(engines.resolve("trtexec.args"))).contains("--onnx=" + quantised)
        .contains("--stronglyTyped");
    assertThat(Files.readString(cache.resolve("llm_step.int8.onnx.quant.json"))).contains("\"precision\": \"int8\"");
    String manifest = Files.readString(pkg.resolve("manifest.tensorrt.json"));
    assertThat(manifest).contains("\"precision\": \"int8-weight\"")
        .contains("\"onnx\": \"engines/trt10.3.0-sm87-int8-llm/llm_step.int8.onnx\"")
        .contains("\"source_onnx\": \"llm_step.onnx\"")
        .contains("\"engines/trt10.3.0-sm87-int8-llm/llm_step.int8.onnx\": {");
  }

  @Test
  void refusesToBuildWhatDoesNotFitTheMemory() throws Exception {
    Run r = run("orin-nx-jp6", "fp16", "7", "hift");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).contains("= 1.00 GB: DOES NOT FIT").contains("refusing to build").doesNotContain("trtexec --onnx");
  }

  @Test
  void neverRebuildsAnExistingEngineSilently() throws Exception {
    Path existing = engines.resolve("trt10.3.0-sm87-fp16/hift.plan");
    Files.createDirectories(existing.getParent());
    Files.writeString(existing, "engine");
    Run r = run("orin-agx-jp6", "fp16", "60", "hift");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.out()).contains(existing + " exists (cache key trt10.3.0-sm87-fp16)").contains("--rebuild");
    assertThat(Files.readString(existing)).isEqualTo("engine");
  }

  @Test
  void refusesATensorRtMajorTheTargetDoesNotShip() throws Exception {
    List<String> cmd = List.of("/usr/bin/python3", SCRIPT.toString(), "--package", PKG.toString(), "--target",
        "thor-jp7", "--trt-version", "11.2.0", "--compute-capability", "11.0", "--free-memory-gb", "100",
        "--engines-dir", engines.toString(), "--dry-run");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isNotZero();
    assertThat(out).contains("TensorRT 11.2.0 found, target thor-jp7 ships 10.13");
  }
}
