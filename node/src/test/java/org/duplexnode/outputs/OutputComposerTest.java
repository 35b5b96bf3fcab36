package org.duplexnode.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.duplexnode.ingest.vad.UserSpeech;
import org.duplexnode.ports.OutputEvent;
import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.TranscriptUpdate;
import org.duplexnode.ports.Watch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Scenario tests of the outputs stage with scripted model outcomes. */
@Tag("unit")
class OutputComposerTest {
  static final long S = 1_000_000_000L;

  final List<long[]> userSpeechSpans = new ArrayList<>();
  WatchBook watches;
  OutputComposer composer;

  @BeforeEach
  void setUp() {
    watches = new WatchBook();
    UserSpeech vad = (from, to) -> userSpeechSpans.stream().anyMatch(s -> s[0] < to && s[1] > from);
    composer = new OutputComposer(vad, watches, new KindRules(List.of(KindRules.Rule.of("green", "green_light"))),
        2.0, () -> 100 * S);
  }

  static UnitOutcome listen(long i) {
    return new UnitOutcome(i, i * S, (i + 1) * S, -1, "", true, "", new float[0], false, false, 0, 0, 0);
  }

  static UnitOutcome speak(long i, String text, boolean endOfTurn) {
    return new UnitOutcome(i, i * S, (i + 1) * S, i * S + 500, "camera_color_optical_frame", false, text,
        new float[] {0.5f, -2f, Float.NaN}, endOfTurn, false, 0, 0, 0);
  }

  static UnitOutcome forced(long i) {
    return new UnitOutcome(i, i * S, (i + 1) * S, -1, "", true, "", new float[0], false, true, 0, 0, 0);
  }

  @Test
  void anAnsweredQuestionIsNotProactive() {
    userSpeechSpans.add(new long[] {2 * S, 4 * S});
    assertThat(composer.compose(listen(3))).isEmpty();
    List<OutputEvent> first = composer.compose(speak(4, "Hello", false));
    assertThat(first).hasSize(2);
    SpeechChunk c = (SpeechChunk) first.get(0);
    assertThat(c.first()).isTrue();
    assertThat(c.utteranceId()).isEqualTo(1);
    assertThat(c.pcm()).containsExactly((short) 16384, (short) -32767, (short) 0);
    TranscriptUpdate t = (TranscriptUpdate) first.get(1);
    assertThat(t.proactive()).isFalse();
    assertThat(t.isFinal()).isFalse();

    List<OutputEvent> last = composer.compose(speak(5, " there.", true));
    TranscriptUpdate fin = (TranscriptUpdate) last.get(1);
    assertThat(fin.textSoFar()).isEqualTo("Hello there.");
    assertThat(fin.isFinal()).isTrue();
    assertThat(fin.interrupted()).isFalse();
    assertThat(((SpeechChunk) last.get(0)).last()).isTrue();
    assertThat(composer.speaking()).isFalse();
  }

  @Test
  void anUnpromptedAlertAfterAWatchIsProactiveAndAttributed() {
    watches.add("w1", "tell me when the light turns green", true, 0, 0);
    watches.add("w2", "tell me when someone waves", false, 0, 0);
    composer.compose(listen(10));
    List<OutputEvent> ev = composer.compose(speak(11, "The light is green now.", false));
    ProactiveAlert a = (ProactiveAlert) ev.get(2);
    assertThat(a.watchId()).isEqualTo("w1");
    assertThat(a.watchCondition()).isEqualTo("tell me when the light turns green");
    assertThat(a.kind()).isEqualTo("green_light");
    assertThat(a.frameId()).isEqualTo("camera_color_optical_frame");
    assertThat(a.frameStampNs()).isEqualTo(11 * S + 500);
    assertThat(a.audioStampNs()).isEqualTo(12 * S);
    assertThat(a.latencyS()).isEqualTo(88.0);
    assertThat(((TranscriptUpdate) ev.get(1)).proactive()).isTrue();
    assertThat(watches.active()).extracting(Watch::id).containsExactly("w2");
  }

  @Test
  void anUnpromptedRemarkAboutNoWatchIsAnEventWithoutWatchAndConsumesNone() {
    watches.add("w1", "tell me when the light turns green", true, 0, 0);
    composer.compose(listen(10));
    List<OutputEvent> ev = composer.compose(speak(11, "What a lovely afternoon.", false));
    ProactiveAlert a = (ProactiveAlert) ev.get(2);
    assertThat(a.watchId()).isEmpty();
    assertThat(a.watchCondition()).isEmpty();
    assertThat(watches.active()).extracting(Watch::id, Watch::firedCount).containsExactly(
        org.assertj.core.groups.Tuple.tuple("w1", 0));
  }

  @Test
  void forceListenCutsTheUtteranceAndPlayersCanTell() {
    composer.compose(speak(1, "One", false));
    List<OutputEvent> ev = composer.compose(forced(2));
    SpeechChunk c = (SpeechChunk) ev.get(0);
    assertThat(c.last()).isTrue();
    assertThat(c.interrupted()).isTrue();
    TranscriptUpdate t = (TranscriptUpdate) ev.get(1);
    assertThat(t.isFinal()).isTrue();
    assertThat(t.interrupted()).isTrue();
    assertThat(t.textSoFar()).isEqualTo("One");
    assertThat(composer.speaking()).isFalse();
    assertThat(composer.compose(speak(3, "Two", false)).get(0)).extracting("utteranceId").isEqualTo(2L);
  }

  @Test
  void userTalkingOverTheNodeMarksTheEndAsBargeIn() {
    composer.compose(speak(1, "A long", false));
    userSpeechSpans.add(new long[] {2 * S + 100, 3 * S});
    composer.compose(speak(2, " story", false));
    List<OutputEvent> ev = composer.compose(speak(3, "", true));
    assertThat(((TranscriptUpdate) ev.get(1)).interrupted()).isTrue();
  }

  @Test
  void anInterruptionAboutAWatchInTheMiddleOfSmallTalkIsAnEvent() {
    watches.add("f16", "tell me when we reach floor 16", true, 0, 0);
    userSpeechSpans.add(new long[] {0, 30 * S}); // the user is chatting all along
    composer.compose(listen(10));
    List<OutputEvent> first = composer.compose(speak(11, "Oh, ", false));
    assertThat(first).noneMatch(e -> e instanceof ProactiveAlert); // nothing yet says it is about a watch
    List<OutputEvent> second = composer.compose(speak(12, "hey, floor 16!", false));
    ProactiveAlert early = (ProactiveAlert) second.get(2);
    assertThat(early.isFinal()).isFalse();
    assertThat(early.watchId()).isEqualTo("f16");
    assertThat(early.text()).isEqualTo("Oh, hey, floor 16!");
    assertThat(early.audioStampNs()).isEqualTo(13 * S);
    assertThat(((TranscriptUpdate) second.get(1)).proactive()).isTrue();

    List<OutputEvent> last = composer.compose(speak(13, " We are here.", true));
    ProactiveAlert fin = (ProactiveAlert) last.get(2);
    assertThat(fin.isFinal()).isTrue();
    assertThat(fin.eventId()).isEqualTo(early.eventId());
    assertThat(fin.text()).isEqualTo("Oh, hey, floor 16! We are here.");
    assertThat(fin.watchId()).isEqualTo("f16");
    assertThat(watches.active()).isEmpty(); // the once-watch fired once, not twice
  }

  @Test
  void anAnswerDuringAConversationIsNoEventEvenWithWatchesArmed() {
    watches.add("f16", "tell me when we reach floor 16", true, 0, 0);
    userSpeechSpans.add(new long[] {0, 30 * S});
    composer.compose(listen(10));
    List<OutputEvent> all = new ArrayList<>(composer.compose(speak(11, "I am fine, thank you.", false)));
    all.addAll(composer.compose(speak(12, " And how are you today?", true)));
    assertThat(all).noneMatch(e -> e instanceof ProactiveAlert);
    assertThat(all).filteredOn(e -> e instanceof TranscriptUpdate)
        .allMatch(e -> !((TranscriptUpdate) e).proactive());
    assertThat(watches.active()).extracting(Watch::firedCount).containsExactly(0);
  }

  @Test
  void anUnpromptedUtteranceGivesAnEarlyEventAndAFinalOneWithTheWholeText() {
    watches.add("w1", "tell me when the light turns green", false, 0, 0);
    composer.compose(listen(10));
    ProactiveAlert early = (ProactiveAlert) composer.compose(speak(11, "Look, ", false)).get(2);
    assertThat(early.isFinal()).isFalse();
    assertThat(early.watchId()).isEmpty(); // the first words name no watch
    composer.compose(speak(12, "the light turned ", false));
    ProactiveAlert fin = (ProactiveAlert) composer.compose(speak(13, "green.", true)).get(2);
    assertThat(fin.isFinal()).isTrue();
    assertThat(fin.eventId()).isEqualTo(early.eventId());
    assertThat(fin.text()).isEqualTo("Look, the light turned green.");
    assertThat(fin.watchId()).isEqualTo("w1"); // the whole utterance does
    assertThat(fin.kind()).isEqualTo("green_light");
    assertThat(fin.audioStampNs()).isEqualTo(14 * S);
  }

  @Test
  void aForceListenEndsAProactiveUtteranceWithItsFinalEvent() {
    composer.compose(listen(10));
    ProactiveAlert early = (ProactiveAlert) composer.compose(speak(11, "Excuse me, ", false)).get(2);
    List<OutputEvent> cut = composer.compose(forced(12));
    ProactiveAlert fin = (ProactiveAlert) cut.get(2);
    assertThat(fin.isFinal()).isTrue();
    assertThat(fin.eventId()).isEqualTo(early.eventId());
    assertThat(fin.text()).isEqualTo("Excuse me, ");
  }
}
