package org.duplexnode.model.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.duplexnode.engine.Graph;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.testing.Processes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export script's tiny path, as CI runs it: Debian's torch writes every graph of the contract,
 * and each one loads on ONNX Runtime with the ports the contract names (the tiny package's sizes).
 */
@Tag("interop")
class TinyExportPathTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path out;

  @Test
  void theTinyExportWritesEveryGraphOfTheContract() throws Exception {
    Processes.run(List.of("/usr/bin/python3", ROOT.resolve("tensorrt-engines/export_minicpmo.py").toString(),
        "--random", "tiny", "--out", out.toString()));
    Manifest sizes = Manifest.read(ROOT.resolve("tensorrt-engines/tiny-model"));
    try (OnnxRuntimeEngine engine = OnnxRuntimeEngine.cpu()) {
      for (String name : GraphContract.graphNames()) {
        Path file = out.resolve(name + ".onnx");
        assertThat(file).as(name).exists();
        Graph g = engine.load(name, file);
        try {
          assertThat(GraphContract.check(name, g.inputs(), g.outputs(), sizes)).as(name).isEmpty();
        } finally {
          g.close();
        }
      }
    }
    assertThat(Files.readString(out.resolve("export_report.json"))).contains("\"random\": \"tiny\"");
  }
}
