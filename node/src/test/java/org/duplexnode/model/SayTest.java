package org.duplexnode.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.model.pkg.TinyPackage;
import org.duplexnode.model.spec.RuntimeOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A text the node is told to say is spoken by the tiny package's real graphs as the model's own
 * turn: the units speak exactly its tokens (then close the turn), the TTS and Token2Wav turn them
 * into 24 kHz speech, and the LLM cache holds them afterwards.
 */
@Tag("integration")
class SayTest {
  static final String TEXT = "The package for Ana has arrived at the front desk.";
  static OnnxRuntimeEngine engine;
  static DuplexModel model;

  @BeforeAll
  static void open() {
    engine = OnnxRuntimeEngine.cpu();
    model = DuplexModel.open(TinyPackage.DIR, engine, RuntimeOptions.greedyDecoding());
  }

  @AfterAll
  static void close() {
    model.close();
    engine.close();
  }

  @Test
  void aSaidTextIsSpokenWholeAsTheModelsTurnAndRemembered() {
    model.prepare();
    float[] silence = new float[16000];
    List<UnitResult> units = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      units.add(model.processUnit(silence, null)); // the forced-listen units of a new session
    }
    int queued = model.say(TEXT);
    assertThat(queued).isPositive();
    StringBuilder said = new StringBuilder();
    int speaking = 0;
    boolean ended = false;
    for (int i = 0; i < 12 && !ended; i++) {
      UnitResult r = model.processUnit(new float[16000], null);
      units.add(r);
      assertThat(r.isListen()).as("unit %d speaks until the text is said", r.unitIndex()).isFalse();
      said.append(r.text());
      speaking++;
      assertThat(r.audio()).as("24 kHz speech for unit %d", r.unitIndex()).isNotEmpty();
      ended = r.endOfTurn();
    }
    assertThat(ended).as("the turn closes after the text").isTrue();
    assertThat(said.toString().strip()).isEqualTo(TEXT);
    assertThat(model.tokensToSay()).isZero();
    // 28 characters at most per unit (the release's rule): the text takes several units.
    assertThat(speaking).isGreaterThanOrEqualTo(TEXT.length() / 28);
    // Every said token went through the LLM: the first speaking unit's tokens start with <|speak|>.
    UnitResult first = units.get(4);
    assertThat(first.tokens().get(0)).isEqualTo(151706);
    assertThat(model.llmCacheLength()).isGreaterThan(model.systemLength() + queued);
  }

  @Test
  void aForceListenDropsWhatIsLeftToSay() {
    model.prepare();
    float[] silence = new float[16000];
    for (int i = 0; i < 4; i++) {
      model.processUnit(silence, null);
    }
    model.say(TEXT);
    UnitResult speaking = model.processUnit(new float[16000], null);
    assertThat(speaking.isListen()).isFalse();
    model.forceListen();
    UnitResult cut = model.processUnit(new float[16000], null);
    assertThat(cut.isListen()).isTrue();
    assertThat(cut.endOfTurn()).isTrue();
    assertThat(model.tokensToSay()).isZero();
  }
}
