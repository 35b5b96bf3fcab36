package org.duplexnode.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.duplexnode.model.spec.DecodeOptions;
import org.duplexnode.model.spec.SlidingWindow;
import org.duplexnode.model.spec.SpecialTokens;
import org.duplexnode.model.spec.TextDecoding;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The duplex protocol, token by token, against the rules of the release (minicpm-o-4.5-duplex.md, section 2). */
@Tag("unit")
class DuplexConversationTest {
  static final SpecialTokens T = SpecialTokens.minicpmO45();
  static final int A = 100;
  static final int B = 200;
  static final int C = 300;

  ScriptedLanguageModel llm;
  DuplexConversation conv;

  @BeforeEach
  void setUp() {
    llm = new ScriptedLanguageModel();
    conv = conversation(DecodeOptions.greedyDefaults(), ids -> Arrays.stream(ids).mapToObj(i -> "w").collect(Collectors.joining()));
  }

  DuplexConversation conversation(DecodeOptions o, TextDecoding text) {
    return new DuplexConversation(llm, T, o, new int[0], text);
  }

  static float[] audio(int rows) {
    float[] a = new float[rows * ScriptedLanguageModel.HIDDEN];
    for (int i = 0; i < rows; i++) {
      a[i * ScriptedLanguageModel.HIDDEN] = ScriptedLanguageModel.EMBED_MARK;
    }
    return a;
  }

  @Test
  void listeningUnitIsThirteenTokensAndSeventyNineWithAFrame() {
    conv.prepare(new int[] {1, 2}, audio(5), new int[] {3});
    assertThat(conv.systemLength()).isEqualTo(8);

    conv.prefill(null, audio(10));
    GeneratedUnit u = conv.generate();
    assertThat(u.tokens()).containsExactly(T.listen());
    assertThat(u.listening()).isTrue();
    assertThat(u.forcedListen()).isTrue();
    conv.finalizeUnit();

    conv.prefill(audio(64), audio(10));
    conv.generate();
    conv.finalizeUnit();
    assertThat(conv.unitLengths()).containsExactly(13, 79);

    List<Integer> unit2 = llm.fedTokens().subList(8 + 13, llm.fedTokens().size());
    assertThat(unit2.get(0)).isEqualTo(T.unitStart());
    assertThat(unit2.get(1)).isEqualTo(T.imageStart());
    assertThat(unit2.subList(2, 66)).containsOnly(-1);
    assertThat(unit2.get(66)).isEqualTo(T.imageEnd());
    assertThat(unit2.subList(67, 77)).containsOnly(-1);
    assertThat(unit2.subList(77, 79)).containsExactly(T.listen(), T.unitEnd());
  }

  @Test
  void aSpeakingUnitFeedsItsTokensAndKeepsStepsAfterTheFirstForTheTts() {
    conv = conversation(DecodeOptions.greedyDefaults().withForceListenUnits(0), ids -> "x".repeat(ids.length));
    conv.prepare(new int[0], null, new int[0]);
    // The prefill's logits choose speak; each feed's logits choose the next scripted token.
    llm.then(T.speak(), A, B, T.turnEos(), T.listen());
    conv.prefill(null, audio(10));
    GeneratedUnit u = conv.generate();
    assertThat(u.tokens()).containsExactly(T.speak(), A, B, T.turnEos(), T.listen());
    assertThat(u.listening()).isTrue();
    assertThat(u.endOfTurn()).isTrue();
    assertThat(u.text()).isEqualTo("xxx");
    assertThat(u.spoken()).extracting(SpokenToken::id).containsExactly(A, B, T.turnEos());
    assertThat(u.spoken()).extracting(SpokenToken::endOfTurn).containsExactly(false, false, true);
    // hidden states come from the forward of each token: positions 13, 14, 15 (1-based cache length)
    assertThat(u.spoken().get(0).hidden()[0]).isEqualTo(13f);
    // speak, A, B, turn_eos fed; listen deferred to finalize
    assertThat(llm.fedTokens().subList(11, 15)).containsExactly(T.speak(), A, B, T.turnEos());
    assertThat(conv.cacheLength()).isEqualTo(15);
    conv.finalizeUnit();
    assertThat(llm.fedTokens().subList(15, 17)).containsExactly(T.listen(), T.unitEnd());
  }

  @Test
  void listenInsideAnOpenTurnBecomesTtsBos() {
    conv = conversation(DecodeOptions.greedyDefaults().withForceListenUnits(0), ids -> "");
    conv.prepare(new int[0], null, new int[0]);
    llm.then(T.speak(), A, T.chunkEos());
    conv.prefill(null, audio(10));
    GeneratedUnit first = conv.generate();
    assertThat(first.tokens()).containsExactly(T.speak(), A, T.chunkEos());
    assertThat(conv.turnOpen()).isTrue();

    llm.then(T.listen(), B, T.chunkEos());
    conv.prefill(null, audio(10));
    GeneratedUnit second = conv.generate();
    assertThat(second.tokens()).containsExactly(T.ttsBos(), B, T.chunkEos());
    assertThat(second.listening()).isFalse();
  }

  @Test
  void theLastStepIsForcedToChunkEos() {
    conv = conversation(DecodeOptions.greedyDefaults().withForceListenUnits(0), ids -> "");
    conv.prepare(new int[0], null, new int[0]);
    int[] many = new int[30];
    Arrays.fill(many, A);
    many[0] = T.speak();
    for (int i = 1; i < many.length; i++) {
      many[i] = A + i;
    }
    llm.then(many);
    conv.prefill(null, audio(10));
    GeneratedUnit u = conv.generate();
    assertThat(u.tokens()).hasSize(20);
    assertThat(u.tokens().get(19)).isEqualTo(T.chunkEos());
    assertThat(u.terminator()).isEqualTo(T.chunkEos());
    assertThat(u.spoken()).hasSize(18);
    assertThat(conv.cacheLength()).isEqualTo(11 + 19);
  }

  @Test
  void aTokenThatWouldReachTwentyEightCharactersCutsTheUnit() {
    conv = conversation(DecodeOptions.greedyDefaults().withForceListenUnits(0), ids -> "12345".repeat(ids.length));
    conv.prepare(new int[0], null, new int[0]);
    llm.then(T.speak(), A, A + 1, A + 2, A + 3, A + 4, A + 5, A + 6);
    conv.prefill(null, audio(10));
    GeneratedUnit u = conv.generate();
    // 5 tokens make 25 characters; the 6th would make 30 >= 28
    assertThat(u.tokens()).containsExactly(T.speak(), A, A + 1, A + 2, A + 3, A + 4, T.chunkEos());
    assertThat(u.text()).hasSize(25);
  }

  @Test
  void forceListenClosesAnOpenTurnAndListens() {
    conv = conversation(DecodeOptions.greedyDefaults().withForceListenUnits(0), ids -> "");
    conv.prepare(new int[0], null, new int[0]);
    llm.then(T.speak(), A, T.chunkEos());
    conv.prefill(null, audio(10));
    conv.generate();
    conv.forceListen();
    conv.prefill(null, audio(10));
    GeneratedUnit u = conv.generate();
    assertThat(u.tokens()).containsExactly(T.turnEos(), T.listen());
    assertThat(u.endOfTurn()).isTrue();
    assertThat(u.listening()).isTrue();
    assertThat(u.forcedListen()).isTrue();
    assertThat(conv.turnOpen()).isFalse();
  }

  @Test
  void theFirstUnitsOfASessionAreForcedToListen() {
    conv.prepare(new int[0], null, new int[0]);
    for (int i = 0; i < 3; i++) {
      llm.then(T.speak(), A, T.chunkEos());
      conv.prefill(null, audio(10));
      assertThat(conv.generate().tokens()).containsExactly(T.listen());
      llm.script.clear();
    }
    llm.then(T.speak(), A, T.chunkEos());
    conv.prefill(null, audio(10));
    assertThat(conv.generate().tokens()).containsExactly(T.speak(), A, T.chunkEos());
  }

  @Test
  void theSystemPromptSegmentsAndTheUnitPrefixAreOneForwardEach() {
    conv.prepare(new int[] {1, 2, 4}, audio(5), new int[] {3, 5});
    conv.prefill(audio(64), audio(10));
    assertThat(llm.feedSizes).containsExactly(3, 5, 2, 77);
  }

  @Test
  void theCharacterRuleCountsCodePoints() {
    // one code point, two UTF-16 chars per token: 14 tokens are 28 chars but only 14 code points
    conv = conversation(DecodeOptions.greedyDefaults().withForceListenUnits(0),
        ids -> "\uD83D\uDE00".repeat(ids.length));
    conv.prepare(new int[0], null, new int[0]);
    int[] script = new int[20];
    script[0] = T.speak();
    for (int i = 1; i < script.length; i++) {
      script[i] = A + i;
    }
    llm.then(script);
    conv.prefill(null, audio(10));
    GeneratedUnit u = conv.generate();
    assertThat(u.spoken()).hasSize(18);
    assertThat(u.tokens().get(19)).isEqualTo(T.chunkEos());
  }

  @Test
  void onlyStepsAfterTheFirstMakeTheTextAndMeetTheCharacterRule() {
    // the first token is a text token, not <|speak|>: the release leaves it out of the unit's text
    conv = conversation(DecodeOptions.greedyDefaults().withForceListenUnits(0),
        ids -> Arrays.stream(ids).mapToObj(i -> i == A ? "a".repeat(40) : "b").collect(Collectors.joining()));
    conv.prepare(new int[0], null, new int[0]);
    llm.then(A, B, T.chunkEos());
    conv.prefill(null, audio(10));
    GeneratedUnit u = conv.generate();
    assertThat(u.tokens()).containsExactly(A, B, T.chunkEos());
    assertThat(u.text()).isEqualTo("b");
    assertThat(u.spoken()).extracting(SpokenToken::id).containsExactly(B);
  }

  @Test
  void textFedWithAUnitFollowsTheAudioAndTheLogitsStayTheAudios() {
    conv = conversation(DecodeOptions.greedyDefaults().withForceListenUnits(0), ids -> "");
    conv.prepare(new int[0], null, new int[0]);
    // speak: the audio forward's logits; 999: the text forward's, which generate must not use
    llm.then(T.speak(), 999, A, T.chunkEos());
    conv.prefill(null, audio(10), new int[] {7, 8});
    assertThat(llm.fedTokens().subList(11, 13)).containsExactly(7, 8);
    assertThat(conv.generate().tokens()).containsExactly(T.speak(), A, T.chunkEos());
    conv.finalizeUnit();
    assertThat(conv.unitLengths()).containsExactly(1 + 10 + 2 + 2 + 2);
  }

  @Test
  void theSlidingWindowDropsTheOldestWholeUnitsAndKeepsTheSystemPrompt() {
    conv = conversation(DecodeOptions.greedyDefaults().withForceListenUnits(100), ids -> "");
    conv.slidingWindow(60, 40);
    conv.prepare(new int[] {1, 2, 3, 4, 5}, null, new int[0]);
    for (int i = 0; i < 5; i++) {
      conv.prefill(null, audio(10));
      conv.generate();
      conv.finalizeUnit();
    }
    // 5 + 5 x 13 = 70 > 60: drop 13-token units from position 5 until at most 40 remain (3 units)
    assertThat(llm.evictions).hasSize(1);
    assertThat(llm.evictions.get(0)).containsExactly(5, 39);
    assertThat(conv.cacheLength()).isEqualTo(31);
    assertThat(conv.evictedUnits()).isEqualTo(3);
    assertThat(conv.systemLength()).isEqualTo(5);
  }

  @Test
  void theContextWindowKeepsWhatEvictedUnitsSaidBetweenPrefixAndSuffix() {
    conv = conversation(DecodeOptions.greedyDefaults().withForceListenUnits(0), ids -> "");
    conv.slidingWindow(new SlidingWindow(SlidingWindow.Mode.CONTEXT, 10_000, 9_000, 2, 3), new int[] {90, 91});
    conv.prepare(new int[] {1, 2}, audio(1), new int[] {3});
    assertThat(conv.systemLength()).isEqualTo(4);
    // unit 1 says A B and ends its turn (17 tokens), unit 2 listens (13), unit 3 says C (16)
    runUnit(T.speak(), A, B, T.turnEos(), T.chunkEos());
    runUnit(T.listen());
    assertThat(llm.splices).isEmpty();
    runUnit(T.speak(), C, T.turnEos(), T.chunkEos());
    // three units > 2: unit 1 leaves; [prefix 3][suffix 1][unit 1: 17] become [prefix 3][90 91 A B 3]
    assertThat(llm.splices).hasSize(1);
    assertThat(llm.splices.get(0)).containsExactly(3, 18, 5, 90, 91, A, B, 3);
    assertThat(conv.systemLength()).isEqualTo(8);
    assertThat(conv.cacheLength()).isEqualTo(8 + 13 + 16);
    assertThat(conv.previousTokens()).containsExactly(90, 91, A, B);
    // a listening unit leaves: nothing to add, the system part is rebuilt as it was
    runUnit(T.listen());
    assertThat(llm.splices.get(1)).containsExactly(3, 5 + 13, 5, 90, 91, A, B, 3);
    runUnit(T.speak(), C, C, T.turnEos(), T.chunkEos());
    runUnit(T.listen());
    runUnit(T.listen());
    // A B C C C: only the newest 3 tokens stay after the marker
    assertThat(conv.previousTokens()).containsExactly(90, 91, C, C, C);
    assertThat(conv.evictedUnits()).isEqualTo(5);
    assertThat(conv.cacheLength()).isEqualTo(conv.systemLength() + 13 + 13);
  }

  @Test
  void theContextWindowStillBoundsTokensWhenUnitsAreLong() {
    conv = conversation(DecodeOptions.greedyDefaults().withForceListenUnits(100), ids -> "");
    conv.slidingWindow(new SlidingWindow(SlidingWindow.Mode.CONTEXT, 40, 30, 24, 500), new int[] {90});
    conv.prepare(new int[] {1, 2, 3, 4, 5}, null, new int[0]);
    for (int i = 0; i < 4; i++) {
      runUnit();
    }
    // unit 3 makes 5 + 3 x 13 = 44 > 40: listening units leave until at most 30 remain (18), with no
    // text to keep; unit 4 makes 31, within the bound
    assertThat(conv.cacheLength()).isEqualTo(5 + 13 * 2);
    assertThat(conv.previousTokens()).isEmpty();
    assertThat(llm.evictions).hasSize(1);
  }

  private void runUnit(int... script) {
    llm.then(script);
    conv.prefill(null, audio(10));
    conv.generate();
    conv.finalizeUnit();
  }

  @Test
  void prefillFinalizesAPendingUnitFirst() {
    conv.prepare(new int[0], null, new int[0]);
    conv.prefill(null, audio(10));
    conv.generate();
    conv.prefill(null, audio(10));
    assertThat(conv.unitLengths()).containsExactly(13);
    assertThat(Collections.frequency(llm.fedTokens(), T.unitEnd())).isEqualTo(1);
  }
}
