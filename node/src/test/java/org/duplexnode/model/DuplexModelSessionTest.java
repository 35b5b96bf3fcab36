package org.duplexnode.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.model.pkg.TinyPackage;
import org.duplexnode.model.spec.RuntimeOptions;
import org.duplexnode.model.spec.VisionFrame;
import org.duplexnode.testing.Processes;
import org.duplexnode.testing.TestFrames;
import org.duplexnode.testing.WavFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A minute of real speech (espeak-ng, with pauses) and frames through the tiny package: the
 * audio encoder's cache resets by the contract's rule, the LLM cache is the system prompt plus
 * every unit, and runs repeat exactly.
 */
@Tag("interop")
class DuplexModelSessionTest {
  static final Path FRAME = Path.of("../tensorrt-engines/tiny/golden/convo/frame.png");
  static final String[] SENTENCES = {
      "Good morning. I am looking for the meeting room on the second floor, next to the kitchen.",
      "Can you see the green light above the door? It means the room is free.",
      "Thank you. Please tell my colleague that I have arrived and that I will wait here.",
      "One more thing: where can I find a coffee machine in this building?"};
  static final int UNITS = 60;

  @TempDir
  static Path tmp;
  static OnnxRuntimeEngine engine;
  static DuplexModel model;
  static float[] speech;
  static VisionFrame frame;

  @BeforeAll
  static void setUp() throws Exception {
    speech = minuteOfSpeech();
    frame = TestFrames.fromPng(FRAME);
    engine = OnnxRuntimeEngine.cpu();
    model = DuplexModel.open(TinyPackage.DIR, engine, RuntimeOptions.greedyDecoding());
  }

  @AfterAll
  static void tearDown() {
    model.close();
    engine.close();
  }

  /** The sentences spoken by espeak-ng, each followed by 3 s of silence, repeated to exactly 60 s at 16 kHz. */
  static float[] minuteOfSpeech() throws Exception {
    List<float[]> parts = new ArrayList<>();
    for (int i = 0; i < SENTENCES.length; i++) {
      Path raw = tmp.resolve("s" + i + ".wav");
      Path wav = tmp.resolve("s" + i + "-16k.wav");
      Processes.run(List.of("espeak-ng", "-v", "en-us", "-s", "150", "-w", raw.toString(), SENTENCES[i]));
      Processes.run(List.of("sox", raw.toString(), "-r", "16000", "-c", "1", "-b", "16", wav.toString()));
      parts.add(WavFile.read(wav).monoFloats());
      parts.add(new float[3 * 16000]);
    }
    float[] out = new float[UNITS * 16000];
    for (int at = 0; at < out.length; ) {
      for (float[] p : parts) {
        int n = Math.min(p.length, out.length - at);
        System.arraycopy(p, 0, out, at, n);
        at += n;
      }
    }
    return out;
  }

  static List<UnitResult> session(DuplexModel m) {
    m.prepare();
    List<UnitResult> results = new ArrayList<>();
    for (int i = 0; i < UNITS; i++) {
      results.add(m.processUnit(Arrays.copyOfRange(speech, i * 16000, (i + 1) * 16000), i % 7 == 4 ? frame : null));
    }
    return results;
  }

  @Test
  void cachesFollowTheContractAndGreedyRunsRepeatExactly() {
    List<UnitResult> first = session(model);

    // audio encoder: 50 positions per unit; emptied before a unit that would reach 1500 (P + 52 >= 1500)
    for (int i = 0; i < UNITS; i++) {
      assertThat(first.get(i).audioEncoderPositions()).as("unit " + i).isEqualTo(50 * (i % 29 + 1));
    }
    assertThat(model.audioEncoderResets()).isEqualTo(2);

    // LLM: system prompt + every unit; a unit is its prefill (11, or 77 with a frame), the tokens fed
    // while generating (all but the terminator) and [terminator, </unit>]
    List<Integer> lengths = model.unitLengths();
    assertThat(lengths).hasSize(UNITS);
    int previous = model.systemLength();
    for (int i = 0; i < UNITS; i++) {
      UnitResult r = first.get(i);
      int expected = (i % 7 == 4 ? 77 : 11) + (r.tokens().size() - 1) + 2;
      assertThat(lengths.get(i)).as("unit " + i).isEqualTo(expected);
      assertThat(r.llmCacheLength()).as("unit " + i).isEqualTo(previous + expected);
      previous = r.llmCacheLength();
    }
    assertThat(model.llmCacheLength())
        .isEqualTo(model.systemLength() + lengths.stream().mapToInt(Integer::intValue).sum());

    // the speech made the model talk, and the pauses ended turns
    assertThat(first).anyMatch(r -> !r.isListen() && r.speechCodes().length == 25);
    assertThat(first).anyMatch(UnitResult::endOfTurn);
    assertThat(first).anyMatch(r -> r.isListen() && !r.forcedListen());

    List<UnitResult> second = session(model);
    for (int i = 0; i < UNITS; i++) {
      UnitResult a = first.get(i);
      UnitResult b = second.get(i);
      assertThat(b.tokens()).as("unit " + i).isEqualTo(a.tokens());
      assertThat(b.speechCodes()).as("unit " + i).isEqualTo(a.speechCodes());
      assertThat(b.audio()).as("unit " + i).isEqualTo(a.audio());
      assertThat(b.llmCacheLength()).as("unit " + i).isEqualTo(a.llmCacheLength());
    }
  }

  @Test
  void seededSamplingRepeatsExactly() {
    try (DuplexModel sampling = DuplexModel.open(TinyPackage.DIR, engine, RuntimeOptions.sampling(7))) {
      List<List<Integer>> runs = new ArrayList<>();
      List<List<Integer>> codes = new ArrayList<>();
      for (int run = 0; run < 2; run++) {
        sampling.prepare();
        List<Integer> tokens = new ArrayList<>();
        List<Integer> speechCodes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          UnitResult r = sampling.processUnit(Arrays.copyOfRange(speech, i * 16000, (i + 1) * 16000), null);
          tokens.addAll(r.tokens());
          Arrays.stream(r.speechCodes()).forEach(speechCodes::add);
        }
        runs.add(tokens);
        codes.add(speechCodes);
      }
      assertThat(runs.get(1)).isEqualTo(runs.get(0));
      assertThat(codes.get(1)).isEqualTo(codes.get(0)).isNotEmpty();
    }
  }

  @Test
  void aVoicePromptIsFedAsTenEmbeddingsPerSecondAndTheSessionStartsClean() {
    model.prepare();
    int plain = model.systemLength();
    UnitResult first = model.processUnit(Arrays.copyOfRange(speech, 0, 16000), null);
    // 2.5 s: the first unit takes 1.03 s, the second 1 s, the 0.47 s left is padded to a third
    model.prepare(model.defaultSystemText(), Arrays.copyOfRange(speech, 16000, 16000 + 40000));
    assertThat(model.systemLength()).isEqualTo(plain + 30);
    UnitResult withVoice = model.processUnit(Arrays.copyOfRange(speech, 0, 16000), null);
    // the prompt's audio is not in the session's audio stream: the encoder starts from nothing
    assertThat(withVoice.audioEncoderPositions()).isEqualTo(first.audioEncoderPositions());
    assertThat(withVoice.llmCacheLength() - model.systemLength()).isEqualTo(first.llmCacheLength() - plain);
    // a tail under 0.1 s is dropped
    model.prepare(model.defaultSystemText(), Arrays.copyOfRange(speech, 16000, 16000 + 16480 + 1000));
    assertThat(model.systemLength()).isEqualTo(plain + 10);
    assertThatThrownBy(() -> model.prepare("x", new float[16000 * 61])).hasMessageContaining("longer than 60 s");
  }

  @Test
  void forceListenClosesTheTurnAndTheNextUnitListens() {
    model.prepare();
    UnitResult r = null;
    int i = 0;
    while (i < 20 && (r == null || r.isListen())) {
      r = model.processUnit(Arrays.copyOfRange(speech, i * 16000, (i + 1) * 16000), null);
      i++;
    }
    assertThat(r.isListen()).as("the speech opens a turn").isFalse();
    model.forceListen();
    UnitResult forced = model.processUnit(Arrays.copyOfRange(speech, i * 16000, (i + 1) * 16000), null);
    assertThat(forced.isListen()).isTrue();
    assertThat(forced.forcedListen()).isTrue();
    assertThat(forced.endOfTurn()).isTrue();
    assertThat(forced.audio()).hasSize(24000).containsOnly(0f);
  }

  @Test
  void badInputIsRefusedBeforeAnythingChanges() {
    model.prepare();
    model.processUnit(Arrays.copyOfRange(speech, 0, 16000), null);
    int cache = model.llmCacheLength();
    assertThatThrownBy(() -> model.processUnit(new float[100], null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100 samples do not complete a unit");
    VisionFrame tooWide = new VisionFrame(1, 71, new float[3 * 14 * 14 * 71], new long[71]);
    assertThatThrownBy(() -> model.processUnit(new float[16000], tooWide))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the 70x70 position table");
    assertThatThrownBy(() -> model.processMel(new float[80 * 10], 11, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(model.llmCacheLength()).isEqualTo(cache);
    assertThat(model.processUnit(Arrays.copyOfRange(speech, 16000, 32000), null).unitIndex()).isEqualTo(1);
  }
}
