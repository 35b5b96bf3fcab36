package org.duplexnode.model.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
    // the voice holds the whole prompt and the runtime keeps its rows plus the last 100, as the release
    JsonNode t2w = JSON.readTree(pkg.resolve("manifest.json").toFile()).path("token2wav");
    assertThat(t2w.path("cache_policy").asText()).isEqualTo("prompt_and_recent");
    assertThat(t2w.path("cache_keep_recent").asInt()).isEqualTo(100);
    int promptFrames = t2w.path("prompt_frames").asInt();
    assertThat(promptFrames).isPositive();
    assertThat(t2w.at("/voice/enc_keys/shape/3").asInt()).isEqualTo(promptFrames / 2);
    assertThat(t2w.at("/voice/up_keys/shape/3").asInt()).isEqualTo(promptFrames);
    assertThat(t2w.at("/voice/dit_keys/shape/4").asInt()).isEqualTo(promptFrames);

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

  /** A 16-bit mono WAV: a gliding tone with harmonics, at a rate the voice path resamples from. */
  static void writeVoiceWav(Path path, int rate, double seconds, double pitch) throws Exception {
    int n = (int) (rate * seconds);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + 2 * n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * n).put("WAVE".getBytes(StandardCharsets.US_ASCII));
    b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate)
        .putInt(2 * rate).putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * n);
    double phase = 0;
    for (int i = 0; i < n; i++) {
      phase += 2 * Math.PI * pitch * (1 + 0.2 * i / n) / rate;
      double x = Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase);
      b.putShort((short) (6000 * x));
    }
    Files.write(path, b.array());
  }

  static float[] table(Path pkg, String name) throws Exception {
    java.nio.FloatBuffer f = java.nio.ByteBuffer.wrap(Files.readAllBytes(pkg.resolve(name)))
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] out = new float[f.remaining()];
    f.get(out);
    return out;
  }

  @Test
  void theVoiceCachesComeFromTheReferenceWavAndAnUnusableOneIsRefused() throws Exception {
    Path ckpt = work.resolve("checkpoint");
    assertThat(python("duplex_export.release.random_checkpoint", "--out", ckpt.toString()).getKey()).isZero();
    Path wav = work.resolve("other voice.wav");
    writeVoiceWav(wav, 22050, 3.2, 220);

    Path byDefault = work.resolve("default");
    Path byWav = work.resolve("voiced");
    Map.Entry<Integer, String> a = python("duplex_export.release.make_package", ckpt.toString(), "--out",
        byDefault.toString(), "--random-weights");
    assertThat(a.getKey()).as(a.getValue()).isZero();
    Map.Entry<Integer, String> b = python("duplex_export.release.make_package", ckpt.toString(), "--out",
        byWav.toString(), "--random-weights", "--voice", wav.toString());
    assertThat(b.getKey()).as(b.getValue()).isZero();
    assertThat(JSON.readTree(byDefault.resolve("manifest.json").toFile()).at("/model/token2wav").asText())
        .contains("from HT_ref_audio.wav (mel from HT_ref_audio.wav; codes and speaker embedding seeded random");
    assertThat(JSON.readTree(byWav.resolve("manifest.json").toFile()).at("/model/token2wav").asText())
        .contains("from other voice.wav (mel from other voice.wav;").contains(", 80 prompt codes");
    // the prompt mel (3.2 s at 50 Hz) conditions the flow set-up: every DiT step caches the whole prompt's keys,
    // 2 frames per prompt code, and the manifest says how many
    float[] keysDefault = table(byDefault, "voice/dit_keys.f32.bin");
    float[] keysWav = table(byWav, "voice/dit_keys.f32.bin");
    int framesDefault = JSON.readTree(byDefault.resolve("manifest.json").toFile()).at("/token2wav/prompt_frames").asInt();
    int framesWav = JSON.readTree(byWav.resolve("manifest.json").toFile()).at("/token2wav/prompt_frames").asInt();
    assertThat(framesWav).isEqualTo(160);
    assertThat(keysWav.length / framesWav).isEqualTo(keysDefault.length / framesDefault);
    assertThat(keysWav.length % framesWav).isZero();
    assertThat(java.util.Arrays.equals(keysWav, keysDefault)).as("DiT keys of two voices").isFalse();
    // HiFT starts from the mel of silence, so the first window's first 3840 samples are quiet as the release's are
    assertThat(table(byWav, "voice/hift_mel_cache.f32.bin")).hasSize(80 * 8).containsOnly((float) Math.log(1e-5));

    Path none = work.resolve("none");
    Map.Entry<Integer, String> missing = python("duplex_export.release.make_package", ckpt.toString(), "--out",
        none.toString(), "--random-weights", "--voice", work.resolve("absent.wav").toString());
    assertThat(missing.getKey()).as(missing.getValue()).isEqualTo(2);
    assertThat(missing.getValue()).contains("absent.wav not found");
    Files.writeString(work.resolve("not a wav.wav"), "text");
    Map.Entry<Integer, String> notWav = python("duplex_export.release.make_package", ckpt.toString(), "--out",
        none.toString(), "--random-weights", "--voice", work.resolve("not a wav.wav").toString());
    assertThat(notWav.getKey()).as(notWav.getValue()).isEqualTo(2);
    assertThat(notWav.getValue()).contains("not a wav.wav");
    // real weights need the release's speech tokenizer and speaker model, which the random checkpoint does not have
    Map.Entry<Integer, String> real = python("duplex_export.release.make_package", ckpt.toString(), "--out",
        none.toString());
    assertThat(real.getKey()).as(real.getValue()).isEqualTo(2);
    assertThat(real.getValue()).contains("the voice caches need speech_tokenizer_v2_25hz.onnx and campplus.onnx");
    assertThat(none).doesNotExist();
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
