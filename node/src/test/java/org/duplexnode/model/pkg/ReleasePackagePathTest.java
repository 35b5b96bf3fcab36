package org.duplexnode.model.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.duplexnode.bag.Bag;
import org.duplexnode.bag.BagMessage;
import org.duplexnode.cli.DuplexNodeCommand;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.node.ReplayRun;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.testing.Processes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release path at small widths, as CI runs it: a random-weight checkpoint folder in the release's
 * format, make_package on it (tensorrt-engines/release_harness.py), then the node's own package check
 * and a replay of the demo bag through the package on ONNX Runtime.
 */
@Tag("integration")
class ReleasePackagePathTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path DEMO_BAG = ROOT.resolve("node/src/demo/sample-bag");

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  @Test
  void aCheckpointInTheReleasesFormatBecomesAPackageTheNodeChecksAndReplays() throws Exception {
    Processes.run(List.of("/usr/bin/python3", ROOT.resolve("tensorrt-engines/release_harness.py").toString(),
        "--widths", "tiny", "--layers", "1", "--work", work.toString()));
    Path pkg = work.resolve("package");

    // every release graph on the node's ONNX Runtime computes what the release's modules compute in PyTorch
    Map<String, Double> parity = GraphVectors.maxAbsDifference(pkg, work.resolve("vectors"));
    assertThat(parity.keySet()).anyMatch(k -> k.startsWith("llm_step/")).anyMatch(k -> k.startsWith("tts_step/"))
        .anyMatch(k -> k.startsWith("apm_stream/")).anyMatch(k -> k.startsWith("siglip/"))
        .anyMatch(k -> k.startsWith("resampler/")).anyMatch(k -> k.startsWith("audio_adapter/"))
        .anyMatch(k -> k.startsWith("tts_proj/")).anyMatch(k -> k.startsWith("t2w_encoder/"))
        .anyMatch(k -> k.startsWith("dit_step/")).anyMatch(k -> k.startsWith("hift/"));
    assertThat(parity.values()).as(parity.toString()).allMatch(d -> d <= 1e-4);
    // Token2Wav is the checkpoint's (assets/token2wav), its voice computed from the checkpoint's default voice WAV
    String token2wav = JSON.readTree(pkg.resolve("manifest.json").toFile()).at("/model/token2wav").asText();
    assertThat(token2wav).startsWith("graphs from the checkpoint's assets/token2wav")
        .contains("voice caches computed through the release's voice path from HT_ref_audio.wav");

    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = DuplexNodeCommand.execute("engines", "check", pkg.toString());
    } finally {
      System.setOut(out);
    }
    String check = buf.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(check).isZero();
    assertThat(check).contains("minicpm-o-4.5-random-tiny-widths (MiniCPM-o 4.5, random weights)")
        .contains("graphs: 10 loaded on onnxruntime, inputs and outputs as the contract says")
        .contains("LLM: vocabulary 151748, hidden 128, 1 layers; TTS hidden 40; audio encoder hidden 32");

    ReplayRun.Outcome replay = ReplayRun.run(new ReplayRun.Options(DEMO_BAG, pkg, work.resolve("replay"), 0, false, 0,
        true, Optional.empty(), "release path"), RosArgs.empty(), new ParameterSet(NodeParameters.all()),
        new NodeIdentity("duplex_node", "/"), new PrintStream(new ByteArrayOutputStream()));
    assertThat(replay.modelFailure()).isEmpty();
    assertThat(replay.record().units()).hasSize(16);
    assertThat(replay.record().droppedUnits()).isZero();
    assertThat(replay.record().units().stream().filter(u -> u.speaking()).count()).isPositive();
    // a unit that goes on speaking yields one Token2Wav window: 1 s at 24 kHz, 48000 bytes of int16 in one message
    List<Integer> speechBytes = new ArrayList<>();
    try (Bag bag = Bag.open(replay.outputBag())) {
      for (var it = bag.messages(); it.hasNext(); ) {
        BagMessage m = it.next();
        if (m.topic().equals("/duplex_node/speech")) {
          speechBytes.add(m.data().length);
        }
      }
    }
    assertThat(speechBytes).isNotEmpty().anyMatch(n -> n >= 48000 && n < 48000 + 256);
  }

  /** Runs a module of tensorrt-engines' package; returns its exit status and output. */
  static Map.Entry<Integer, String> python(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-m"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(ROOT.resolve("tensorrt-engines").toFile())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).as(out).isTrue();
    return Map.entry(p.exitValue(), out);
  }

  @Test
  void aCheckpointThatIsIncompleteOrDoesNotFitItsConfigIsRefusedBeforeAnythingIsWritten() throws Exception {
    Path ckpt = work.resolve("checkpoint");
    Path pkg = work.resolve("package");
    assertThat(python("duplex_export.release.random_checkpoint", "--out", ckpt.toString()).getKey()).isZero();

    ObjectNode config = (ObjectNode) JSON.readTree(ckpt.resolve("config.json").toFile());
    config.put("num_hidden_layers", 2);
    JSON.writeValue(ckpt.resolve("config.json").toFile(), config);
    Map.Entry<Integer, String> deeper = python("duplex_export.release.make_package", ckpt.toString(),
        "--out", pkg.toString());
    assertThat(deeper.getKey()).as(deeper.getValue()).isEqualTo(2);
    assertThat(deeper.getValue()).contains("does not match the release's layout").contains("llm.model.layers.1.");
    assertThat(pkg).doesNotExist();

    Files.delete(ckpt.resolve("tokenizer.json"));
    Map.Entry<Integer, String> noTokenizer = python("duplex_export.release.make_package", ckpt.toString(),
        "--out", pkg.toString());
    assertThat(noTokenizer.getKey()).isEqualTo(2);
    assertThat(noTokenizer.getValue()).contains("has no tokenizer.json");
    assertThat(pkg).doesNotExist();
  }

  @Test
  void theReleaseModulesDoNotImportTheTinyModel() throws Exception {
    Path probe = work.resolve("probe.py");
    Files.writeString(probe, String.join("\n",
        "import sys",
        "sys.path.insert(0, sys.argv[1])",
        "import duplex_export.release.make_package, duplex_export.release.harness, duplex_export.release.selftest",
        "import duplex_export.export_minicpmo",
        "tiny = sorted(m for m in sys.modules if m.startswith('duplex_export.tiny'))",
        "assert not tiny, tiny",
        "import duplex_export.tiny.export_tiny",
        "assert 'duplex_export.tiny.tiny_modules' in sys.modules",
        ""));
    Processes.run(List.of("/usr/bin/python3", probe.toString(), ROOT.resolve("tensorrt-engines").toString()));
  }
}
