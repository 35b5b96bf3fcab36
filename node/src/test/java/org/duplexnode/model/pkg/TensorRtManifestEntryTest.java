package org.duplexnode.model.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifest entries of graphs served by TensorRT engines (docs/model-contract.md 2.1). */
@Tag("unit")
class TensorRtManifestEntryTest {
  @TempDir
  Path dir;

  Manifest manifest(String entry) throws Exception {
    Files.writeString(dir.resolve(Manifest.FILE_NAME), "{\"graphs\": {\"llm_step\": " + entry + "}}");
    return Manifest.read(dir);
  }

  @Test
  void anEngineInTheFolderOfItsCacheKeyWithItsOnnxIsAccepted() throws Exception {
    assertThat(PackageGraphs.tensorRtEntry(manifest("{\"file\": \"engines/trt10.3.0-sm87-int4-llm/llm_step.plan\","
        + " \"backend\": \"tensorrt\", \"precision\": \"int4-weight\", \"onnx\": \"llm_step.onnx\","
        + " \"cache_key\": \"trt10.3.0-sm87-int4-llm\"}"), "llm_step")).isEmpty();
  }

  @Test
  void aMissingOrMismatchedCacheKeyAndAMissingOnnxAreNamed() throws Exception {
    assertThat(PackageGraphs.tensorRtEntry(manifest("{\"file\": \"engines/x/llm_step.plan\", \"backend\": \"tensorrt\"}"),
        "llm_step")).containsExactly(
            "llm_step: backend tensorrt needs cache_key trt<version>-sm<cc>-<precision>, found ''",
            "llm_step: backend tensorrt needs onnx (the graph the engine was built from)");
    assertThat(PackageGraphs.tensorRtEntry(manifest("{\"file\": \"engines/trt10.3.0-sm87-fp16/llm_step.plan\","
        + " \"backend\": \"tensorrt\", \"onnx\": \"llm_step.onnx\", \"cache_key\": \"trt10.13.0-sm110-fp16\"}"),
        "llm_step")).containsExactly(
            "llm_step: engine engines/trt10.3.0-sm87-fp16/llm_step.plan is not in the folder of its cache_key "
                + "trt10.13.0-sm110-fp16");
  }
}
