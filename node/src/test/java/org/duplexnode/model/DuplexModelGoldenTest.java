package org.duplexnode.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.model.pkg.TinyPackage;
import org.duplexnode.model.spec.RuntimeOptions;
import org.duplexnode.model.spec.VisionFrame;
import org.duplexnode.testing.TestFrames;
import org.duplexnode.testing.WavFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Java runtime over the tiny package's ONNX graphs against the Python reference loop's
 * golden run (tensorrt-engines/tiny/golden/convo, PyTorch modules): same tokens, flags and TTS
 * codes, audio within float tolerance.
 */
@Tag("integration")
class DuplexModelGoldenTest {
  static final Path GOLDEN = Path.of("../tensorrt-engines/tiny/golden/convo");
  /**
   * Largest |Java - golden| allowed per audio sample. The graphs match PyTorch within about 4e-6
   * per output; Token2Wav chains t2w_encoder, five Euler steps and hift, and the speech is at
   * most 0.5 in magnitude (tanh x 0.5), so errors stay near 1e-5. 1e-4 is the golden README's
   * float tolerance; a wrong cache, window or cross-fade moves samples by 1e-2 or more.
   */
  static final float AUDIO_TOLERANCE = 1e-4f;

  static JsonNode golden;
  static float[] goldenAudio;
  static final List<UnitResult> results = new ArrayList<>();
  static int systemLength;
  static long fullPasses;

  @BeforeAll
  static void runTheConversation() throws IOException {
    golden = new ObjectMapper().readTree(GOLDEN.resolve("golden.json").toFile());
    goldenAudio = floats(GOLDEN.resolve("audio.f32.bin"));
    float[] wav = WavFile.read(GOLDEN.resolve("input.wav")).monoFloats();
    VisionFrame red = TestFrames.fromPng(GOLDEN.resolve("frame-red.png"));
    VisionFrame green = TestFrames.fromPng(GOLDEN.resolve("frame.png"));
    try (OnnxRuntimeEngine engine = OnnxRuntimeEngine.cpu();
         DuplexModel model = DuplexModel.open(TinyPackage.DIR, engine, RuntimeOptions.greedyDecoding())) {
      model.prepare(golden.path("system_text").textValue());
      systemLength = model.systemLength();
      for (int i = 0; i < wav.length / 16000; i++) {
        float[] samples = java.util.Arrays.copyOfRange(wav, i * 16000, (i + 1) * 16000);
        results.add(model.processUnit(samples, i == 3 ? red : i == 8 ? green : null));
      }
      fullPasses = model.decoderFullPasses();
    }
  }

  @AfterAll
  static void clear() {
    results.clear();
  }

  static float[] floats(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] f = new float[b.remaining() / 4];
    b.asFloatBuffer().get(f);
    return f;
  }

  static List<Integer> ints(JsonNode a) {
    List<Integer> out = new ArrayList<>();
    a.forEach(n -> out.add(n.intValue()));
    return out;
  }

  @Test
  void theSystemPromptTakesThePositionsItTookInPython() {
    JsonNode prepare = golden.path("prepare");
    assertThat(systemLength).isEqualTo(prepare.path("prefix_ids").size() + prepare.path("suffix_ids").size());
  }

  @Test
  void everyTokenIsDecidedFromTheGraphsShortlist() {
    // llm_step's top_values/top_ids decide every token; none needed a pass over the 151748 logits
    assertThat(fullPasses).isZero();
  }

  @Test
  void everyUnitChoosesTheSameTokensAndFlags() {
    JsonNode units = golden.path("units");
    assertThat(results).hasSize(units.size());
    for (int i = 0; i < units.size(); i++) {
      JsonNode u = units.get(i);
      UnitResult r = results.get(i);
      String at = "unit " + i;
      assertThat(r.unitIndex()).as(at).isEqualTo(u.path("index").longValue());
      assertThat(r.tokens()).as(at).isEqualTo(ints(u.path("generated")));
      assertThat(r.isListen()).as(at).isEqualTo(u.path("is_listen").booleanValue());
      assertThat(r.forcedListen()).as(at).isEqualTo(u.path("forced_listen").booleanValue());
      assertThat(r.endOfTurn()).as(at).isEqualTo(u.path("end_of_turn").booleanValue());
      assertThat(r.text()).as(at).isEqualTo(u.path("text").textValue());
      assertThat(r.textTokens()).as(at).isEqualTo(u.path("text_ids").size());
      assertThat(r.llmCacheLength()).as(at).isEqualTo(u.path("finalize").path("llm_cache_len").intValue());
    }
  }

  @Test
  void speakingUnitsGiveTheSameTtsCodes() {
    JsonNode units = golden.path("units");
    int speaking = 0;
    for (int i = 0; i < units.size(); i++) {
      JsonNode tts = units.get(i).path("tts");
      List<Integer> expected = tts.isNull() ? List.of() : ints(tts.path("codes"));
      assertThat(java.util.Arrays.stream(results.get(i).speechCodes()).boxed().toList()).as("unit " + i)
          .isEqualTo(expected);
      speaking += tts.isNull() ? 0 : 1;
    }
    assertThat(speaking).isEqualTo(4);
  }

  @Test
  void audioMatchesWithinFloatTolerance() {
    JsonNode units = golden.path("units");
    float worst = 0;
    for (int i = 0; i < units.size(); i++) {
      JsonNode a = units.get(i).path("audio");
      float[] got = results.get(i).audio();
      int n = a.path("samples").intValue();
      assertThat(got).as("unit " + i + " samples").hasSize(n);
      int off = a.path("offset").intValue();
      for (int k = 0; k < n; k++) {
        worst = Math.max(worst, Math.abs(got[k] - goldenAudio[off + k]));
      }
    }
    System.out.printf("largest audio difference from the golden run: %.3g%n", worst);
    assertThat(worst).isLessThan(AUDIO_TOLERANCE);
    // the speaking units are not silent: a comparison of zeros with zeros would prove nothing
    float[] hello = results.get(3).audio();
    float peak = 0;
    for (float v : hello) {
      peak = Math.max(peak, Math.abs(v));
    }
    assertThat(peak).isGreaterThan(0.1f);
  }

  /**
   * The Java streaming log-mel (org.duplexnode.ingest.audio.mel) behind the release's unit
   * chunker gives the mel the Python reference fed its encoder (host_dsp.py).
   */
  @Test
  void theMelOfEveryUnitMatchesThePythonFrontEnd() throws IOException {
    float[] wav = WavFile.read(GOLDEN.resolve("input.wav")).monoFloats();
    float[] goldenMel = floats(GOLDEN.resolve("mel.f32.bin"));
    UnitAudioChunker chunker = new UnitAudioChunker(16000, 1035, 1000, 160);
    org.duplexnode.ingest.audio.mel.StreamingLogMel mel = new org.duplexnode.ingest.audio.mel.StreamingLogMel();
    float worst = 0;
    for (int i = 0; i < golden.path("units").size(); i++) {
      JsonNode m = golden.path("units").get(i).path("mel");
      var chunk = mel.accept(chunker.push(java.util.Arrays.copyOfRange(wav, i * 16000, (i + 1) * 16000)));
      assertThat(chunk.frames()).as("unit " + i).isEqualTo(m.path("frames").intValue());
      int off = m.path("offset").intValue();
      for (int k = 0; k < chunk.values().length; k++) {
        worst = Math.max(worst, Math.abs(chunk.values()[k] - goldenMel[off + k]));
      }
    }
    System.out.printf("largest mel difference from the Python front end: %.3g%n", worst);
    assertThat(worst).isLessThan(1e-4f);
  }

  @Test
  void theAudioEncoderCacheGrowsBy50PerUnit() {
    for (int i = 0; i < results.size(); i++) {
      assertThat(results.get(i).audioEncoderPositions()).isEqualTo(50 * (i + 1));
    }
  }
}
