package org.duplexnode.audio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.ports.PlaybackListener;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.testing.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The local speaker when the user starts speaking over it: stop, duck or off, on a simulated sound card. */
@Tag("unit")
class LocalSpeakerBargeInTest {
  private static final long MS = 1_000_000L;

  private final AtomicLong clock = new AtomicLong(1_000_000 * MS);
  private final SimulatedSoundCard card = new SimulatedSoundCard(clock);
  private final LocalSpeaker speaker = new LocalSpeaker(card);

  LocalSpeakerBargeInTest() {
    speaker.onPlayback(PlaybackListener.NONE, clock::get);
  }

  @Test
  void stopSilencesTheUtteranceAtOnceAndDropsItsLaterChunks() throws Exception {
    speaker.bargeIn(new BargeIn(BargeIn.Mode.STOP, 20));
    speakHalfASecond(1, 0);
    clock.addAndGet(100 * MS);
    speaker.voiceOnset(clock.get());
    assertThat(card.flushes()).isEqualTo(1);
    assertThat(card.acceptedFrames()).as("nothing left to play past now").isEqualTo(2_400);
    assertThat(speaker.bargeIns()).isEqualTo(1);
    speaker.speech(new SpeechChunk(1, 1, 0, tone(2_400, 5_000), false, true, false));
    speaker.speech(new SpeechChunk(2, 2, 0, tone(2_400, 7_000), true, true, false));
    Await.until("the next utterance on the card", Duration.ofSeconds(10), () -> card.acceptedFrames() >= 4_800);
    assertThat(card.frame(2_400)).as("the model's next utterance plays; the stopped one's rest never").isEqualTo(
        (short) 7_000);
    assertThat(card.acceptedFrames()).isEqualTo(4_800);
    speaker.close();
  }

  @Test
  void duckPlaysTheRestOfTheUtteranceLower() throws Exception {
    speaker.bargeIn(new BargeIn(BargeIn.Mode.DUCK, 20));
    speakHalfASecond(1, 0);
    clock.addAndGet(100 * MS);
    speaker.voiceOnset(clock.get());
    assertThat(card.flushes()).isEqualTo(1);
    speaker.speech(new SpeechChunk(1, 1, 0, tone(2_400, 10_000), false, true, false));
    Await.until("the rest on the card", Duration.ofSeconds(10), () -> card.acceptedFrames() >= 4_800);
    assertThat(card.frame(2_400)).as("20 dB lower").isEqualTo((short) 1_000);
    speaker.close();
  }

  @Test
  void duckPlaysWhatTheCardHeldAgainLowerSoNoSpeechIsLost() throws Exception {
    SimulatedSoundCard small = new SimulatedSoundCard(clock, 4_800); // 200 ms, as a real line's buffer fills
    LocalSpeaker speaker = new LocalSpeaker(small);
    speaker.onPlayback(PlaybackListener.NONE, clock::get);
    speaker.bargeIn(new BargeIn(BargeIn.Mode.DUCK, 20));
    speaker.speech(new SpeechChunk(1, 0, 0, tone(24_000, 10_000), true, true, false));
    small.settle(speaker::idle, 10_000);
    clock.addAndGet(100 * MS);
    small.settle(speaker::idle, 10_000);
    assertThat(small.acceptedFrames()).as("the writer waits on a full card").isEqualTo(7_200);

    speaker.voiceOnset(clock.get());
    for (int i = 0; i < 20 && !speaker.idle(); i++) {
      small.settle(speaker::idle, 10_000);
      clock.addAndGet(100 * MS);
    }
    Await.until("the utterance handed over", Duration.ofSeconds(10), speaker::idle);
    assertThat(small.flushes()).isEqualTo(1);
    assertThat(small.frame(2_399)).as("played before the duck").isEqualTo((short) 10_000);
    assertThat(small.frame(2_400)).as("from where the card was, 20 dB lower").isEqualTo((short) 1_000);
    assertThat(small.frame(23_999)).isEqualTo((short) 1_000);
    assertThat(small.acceptedFrames()).as("every sample of the utterance played once").isEqualTo(24_000);
    speaker.close();
  }

  @Test
  void aDuckPlaysAgainWhatTheCardHeldOfTheChunkBeforeToo() throws Exception {
    SimulatedSoundCard small = new SimulatedSoundCard(clock, 4_800); // 200 ms
    LocalSpeaker speaker = new LocalSpeaker(small);
    speaker.onPlayback(PlaybackListener.NONE, clock::get);
    speaker.bargeIn(new BargeIn(BargeIn.Mode.DUCK, 20));
    // One utterance in two chunks: the card takes all of the first and the start of the second.
    speaker.speech(new SpeechChunk(1, 0, 0, tone(2_400, 10_000), true, false, false));
    speaker.speech(new SpeechChunk(1, 1, 0, tone(24_000, 8_000), false, true, false));
    small.settle(speaker::idle, 10_000);
    assertThat(small.acceptedFrames()).as("the card full, nothing played yet").isEqualTo(4_800);

    speaker.voiceOnset(clock.get());
    for (int i = 0; i < 40 && !speaker.idle(); i++) {
      small.settle(speaker::idle, 10_000);
      clock.addAndGet(100 * MS);
    }
    Await.until("the utterance handed over", Duration.ofSeconds(10), speaker::idle);
    small.settle(speaker::idle, 10_000);
    assertThat(small.flushes()).isEqualTo(1);
    assertThat(small.acceptedFrames()).as("every frame of both chunks, once").isEqualTo(26_400);
    assertThat(small.frame(0)).as("the first chunk, which the card held, again and lower").isEqualTo((short) 1_000);
    assertThat(small.frame(2_399)).isEqualTo((short) 1_000);
    assertThat(small.frame(2_400)).as("then the second from its start").isEqualTo((short) 800);
    assertThat(small.frame(26_399)).isEqualTo((short) 800);
    speaker.close();
  }

  @Test
  void underStopACueSilencesAtOnceAndOneTheDetectorDoesNotConfirmPlaysOnFromWhereItWas() throws Exception {
    SimulatedSoundCard small = new SimulatedSoundCard(clock, 4_800);
    LocalSpeaker speaker = playingASecond(small, BargeInPolicy.fixed(new BargeIn(BargeIn.Mode.STOP, 20)), 1);

    speaker.cancelledFrame(clock.get(), true);
    assertThat(small.flushes()).as("silenced at once, before any onset").isEqualTo(1);
    assertThat(speaker.cueDucks()).isEqualTo(1);
    assertThat(speaker.listening()).as("waiting for the detector, not listening after a stop").isFalse();
    for (int i = 0; i < 24; i++) {
      small.settle(speaker::idle, 10_000);
      clock.addAndGet(10 * MS);
      speaker.cancelledFrame(clock.get(), false);
    }
    assertThat(small.acceptedFrames()).as("nothing written while it waits").isEqualTo(2_400);
    small.settle(speaker::idle, 10_000);
    clock.addAndGet(10 * MS);
    speaker.cancelledFrame(clock.get(), false);
    assertThat(speaker.cueRestores()).as("250 ms after the cue: no voice, it plays on").isEqualTo(1);
    playToTheEnd(small, speaker);
    assertThat(small.flushes()).as("playing on needs no flush").isEqualTo(1);
    assertThat(small.acceptedFrames()).as("every sample of the utterance played once").isEqualTo(24_000);
    clock.addAndGet(1_000 * MS); // the card plays what it holds
    short[] heard = small.heard();
    int gap = heard.length - 24_000;
    assertThat(gap).as("the silence: 250 ms, give or take a frame of 10 ms").isBetween(240 * 24, 260 * 24);
    assertThat(heard[2_399]).isEqualTo((short) 10_000);
    assertThat(java.util.Arrays.copyOfRange(heard, 2_400, 2_400 + gap)).containsOnly((short) 0);
    assertThat(java.util.Arrays.copyOfRange(heard, 2_400 + gap, heard.length)).as("then at its level to the end")
        .containsOnly((short) 10_000);
    assertThat(speaker.bargeIns()).isZero();
    assertThat(speaker.bargeInsUndone()).as("no barge-in was confirmed, so none is undone").isZero();
    speaker.close();
  }

  @Test
  void underDuckACueDucksAtOnceAndOneTheDetectorDoesNotConfirmIsUndoneWithNothingLost() throws Exception {
    SimulatedSoundCard small = new SimulatedSoundCard(clock, 4_800);
    LocalSpeaker speaker = playingASecond(small, BargeInPolicy.fixed(new BargeIn(BargeIn.Mode.DUCK, 20)), 1);

    speaker.cancelledFrame(clock.get(), true);
    assertThat(small.flushes()).as("ducked at once, before any onset").isEqualTo(1);
    assertThat(speaker.cueDucks()).isEqualTo(1);
    // The canceller's frames go on, no cue and no onset: a cough, a door; 250 ms later the duck is undone.
    for (int i = 0; i < 25; i++) {
      small.settle(speaker::idle, 10_000);
      clock.addAndGet(10 * MS);
      speaker.cancelledFrame(clock.get(), false);
    }
    assertThat(small.flushes()).isEqualTo(2);
    assertThat(speaker.cueRestores()).isEqualTo(1);
    for (int i = 0; i < 20 && !speaker.idle(); i++) {
      small.settle(speaker::idle, 10_000);
      clock.addAndGet(100 * MS);
    }
    Await.until("the utterance handed over", Duration.ofSeconds(10), speaker::idle);
    assertThat(small.frame(2_399)).isEqualTo((short) 10_000);
    assertThat(small.frame(2_400)).as("from the cue, 20 dB lower").isEqualTo((short) 1_000);
    int back = 2_400;
    while (back < 24_000 && small.frame(back) == 1_000) {
      back++;
    }
    assertThat(back).as("at its level again 250 ms after the cue (frame 8,400), give or take 10 ms")
        .isBetween(8_160, 8_640);
    assertThat(small.frame(back)).isEqualTo((short) 10_000);
    assertThat(small.frame(23_999)).isEqualTo((short) 10_000);
    assertThat(small.acceptedFrames()).as("every sample of the utterance played once").isEqualTo(24_000);
    assertThat(speaker.bargeIns()).isZero();
    speaker.close();
  }

  @Test
  void theDetectorsOnsetAfterACueStopsOrKeepsTheDuckAsThePolicySays() throws Exception {
    SimulatedSoundCard small = new SimulatedSoundCard(clock, 4_800);
    LocalSpeaker stopping = playingASecond(small, BargeInPolicy.fixed(new BargeIn(BargeIn.Mode.STOP, 20)), 1);
    stopping.cancelledFrame(clock.get(), true);
    clock.addAndGet(60 * MS);
    assertThat(small.acceptedFrames()).as("silent from the cue").isEqualTo(2_400);
    stopping.voiceOnset(clock.get());
    assertThat(small.flushes()).as("the cue's silence, then the stop").isEqualTo(2);
    assertThat(stopping.bargeIns()).isEqualTo(1);
    assertThat(stopping.bargeInStops()).isEqualTo(1);
    stopping.speech(new SpeechChunk(1, 1, 0, tone(2_400, 10_000), false, true, false));
    small.settle(stopping::idle, 10_000);
    assertThat(small.acceptedFrames()).as("stopped: the utterance's later chunk never plays").isEqualTo(2_400);
    clock.addAndGet(10 * MS);
    stopping.cancelledFrame(clock.get(), true);
    clock.addAndGet(400 * MS);
    stopping.cancelledFrame(clock.get(), false);
    assertThat(small.flushes()).as("stopped: no more ducks, nothing undone").isEqualTo(2);
    assertThat(stopping.cueRestores()).isZero();
    stopping.close();

    SimulatedSoundCard other = new SimulatedSoundCard(clock, 4_800);
    LocalSpeaker ducking = playingASecond(other, BargeInPolicy.fixed(new BargeIn(BargeIn.Mode.DUCK, 20)), 2);
    ducking.cancelledFrame(clock.get(), true);
    for (int i = 0; i < 46; i++) {
      other.settle(ducking::idle, 10_000);
      clock.addAndGet(10 * MS);
      ducking.cancelledFrame(clock.get(), false);
      if (i == 5) {
        ducking.voiceOnset(clock.get());
      }
    }
    for (int i = 0; i < 20 && !ducking.idle(); i++) {
      other.settle(ducking::idle, 10_000);
      clock.addAndGet(100 * MS);
    }
    Await.until("the utterance handed over", Duration.ofSeconds(10), ducking::idle);
    assertThat(other.flushes()).as("the cue's duck only").isEqualTo(1);
    assertThat(ducking.bargeIns()).isEqualTo(1);
    assertThat(ducking.cueRestores()).isZero();
    assertThat(other.frame(23_999)).as("still 20 dB lower to the end").isEqualTo((short) 1_000);
    assertThat(other.acceptedFrames()).isEqualTo(24_000);
    ducking.close();
  }

  @Test
  void noCueDucksTheEndOfAnUtteranceAlreadyHandedOverWhole() throws Exception {
    // A cue's duck could only cut it (nothing to undo it from); the detector's plays it again lower.
    speaker.bargeIn(new BargeIn(BargeIn.Mode.DUCK, 20));
    speakHalfASecond(1, 0);
    Await.until("handed over", Duration.ofSeconds(10), speaker::idle);
    clock.addAndGet(100 * MS);
    speaker.cancelledFrame(clock.get(), true);
    assertThat(card.flushes()).isZero();
    assertThat(speaker.cueDucks()).isZero();
    speaker.voiceOnset(clock.get());
    assertThat(card.flushes()).as("the detector's onset still ducks").isEqualTo(1);
    Await.until("what the card held played again", Duration.ofSeconds(10), () -> card.acceptedFrames() >= 12_000);
    assertThat(card.acceptedFrames()).as("every sample once").isEqualTo(12_000);
    assertThat(card.frame(11_999)).as("lower").isEqualTo((short) 1_000);
    speaker.close();
  }

  @Test
  void nothingHappensWhenOffOrWhenNothingPlays() throws Exception {
    speaker.bargeIn(BargeIn.off());
    speakHalfASecond(1, 0);
    speaker.voiceOnset(clock.get());
    speaker.cancelledFrame(clock.get(), true);
    assertThat(card.flushes()).isZero();
    assertThat(speaker.cueDucks()).isZero();
    speaker.bargeIn(new BargeIn(BargeIn.Mode.STOP, 20));
    clock.addAndGet(600 * MS);
    speaker.voiceOnset(clock.get());
    speaker.cancelledFrame(clock.get(), true);
    assertThat(card.flushes()).as("the utterance had ended").isZero();
    assertThat(speaker.bargeIns()).isZero();
    speaker.close();
  }

  /** As ~/set_parameters does it: the value set in the parameters, then applied. */
  private static void set(ParameterSet p, java.util.Map<String, java.util.function.Consumer<Object>> changeable,
                          String name, com.fasterxml.jackson.databind.JsonNode value) {
    p.set(name, value, "set_parameters");
    changeable.get(name).accept(value);
  }

  @Test
  void aBehaviourChangesThePolicyWhileTheNodeRunsAndTheNextOnsetFollowsIt() throws Exception {
    ParameterSet p = new ParameterSet(NodeParameters.all());
    p.set(NodeParameters.ECHO_CANCEL, TextNode.valueOf("speex"), "test");
    speaker.bargeIn(BargeIn.from(p));
    var changeable = BargeInParameters.appliedTo(speaker, p);
    assertThat(changeable).containsOnlyKeys(NodeParameters.BARGE_IN, NodeParameters.BARGE_IN_DUCK_DB,
        NodeParameters.BARGE_IN_LISTEN_MS);

    // About to turn: the robot's own echo may be taken for the user, so it only lets itself be ducked, 6 dB.
    set(p, changeable, NodeParameters.BARGE_IN, TextNode.valueOf("duck"));
    set(p, changeable, NodeParameters.BARGE_IN_DUCK_DB, com.fasterxml.jackson.databind.node.DoubleNode.valueOf(6));
    speakHalfASecond(1, 0);
    clock.addAndGet(100 * MS);
    speaker.voiceOnset(clock.get());
    speaker.speech(new SpeechChunk(1, 1, 0, tone(2_400, 10_000), false, true, false));
    Await.until("the rest on the card", Duration.ofSeconds(10), () -> card.acceptedFrames() >= 4_800);
    assertThat(card.frame(2_400)).as("ducked 6 dB, not stopped").isEqualTo((short) Math.round(10_000 * Math.pow(10, -6 / 20.0)));
    assertThat(speaker.health().bargeIn()).as("what /diagnostics shows")
        .isEqualTo(new LocalAudioHealth.BargeInState("duck 6 dB", 1, 0, 0));

    // Turned, off: a voice onset changes nothing.
    set(p, changeable, NodeParameters.BARGE_IN, TextNode.valueOf("off"));
    long flushes = card.flushes();
    speaker.speech(new SpeechChunk(2, 2, 0, tone(12_000, 10_000), true, false, false));
    Await.until("the next utterance on the card", Duration.ofSeconds(10), () -> card.acceptedFrames() >= 16_800);
    speaker.voiceOnset(clock.get());
    assertThat(card.flushes()).isEqualTo(flushes);
    assertThat(speaker.bargeIns()).isEqualTo(1);
    assertThat(speaker.health().bargeIn().policy()).isEqualTo("off");
    speaker.close();
  }

  @Test
  void whileTheRobotMovesAnOnsetDucksInsteadOfStoppingAndOnceTheHoldHasPassedItStopsAgain() throws Exception {
    MovingBargeIn moving = new MovingBargeIn(new BargeIn(BargeIn.Mode.STOP, 20), BargeIn.Mode.DUCK, 2_000 * MS,
        clock::get);
    speaker.bargeIn(moving);
    moving.motion(true);
    speakHalfASecond(1, 0);
    clock.addAndGet(100 * MS);
    speaker.voiceOnset(clock.get());
    speaker.speech(new SpeechChunk(1, 1, 0, tone(2_400, 10_000), false, true, false));
    Await.until("the rest on the card", Duration.ofSeconds(10), () -> card.acceptedFrames() >= 4_800);
    assertThat(card.frame(2_400)).as("ducked 20 dB while turning, not stopped").isEqualTo((short) 1_000);
    assertThat(speaker.health().bargeIn()).as("what /diagnostics shows").isEqualTo(
        new LocalAudioHealth.BargeInState("duck 20 dB", 1, 0, 0, new LocalAudioHealth.MotionState("duck", true, 1, 1)));

    // The robot stops; the hold runs from the last command that moved it.
    moving.motion(false);
    clock.addAndGet(1_900 * MS);
    assertThat(speaker.health().bargeIn().policy()).as("within the hold").isEqualTo("duck 20 dB");
    clock.addAndGet(200 * MS);
    assertThat(speaker.health().bargeIn().policy()).isEqualTo("stop");
    speaker.speech(new SpeechChunk(2, 2, 0, tone(12_000, 7_000), true, false, false));
    Await.until("the next utterance on the card", Duration.ofSeconds(10), () -> card.acceptedFrames() >= 16_800);
    long accepted = card.acceptedFrames();
    speaker.voiceOnset(clock.get());
    speaker.speech(new SpeechChunk(2, 3, 0, tone(2_400, 7_000), false, true, false));
    Thread.sleep(200);
    assertThat(speaker.bargeIns()).isEqualTo(2);
    assertThat(speaker.bargeInStops()).as("the duck while turning, then this stop").isEqualTo(1);
    assertThat(card.acceptedFrames()).as("stopped: the rest of the utterance never reaches the card")
        .isLessThanOrEqualTo(accepted);
    assertThat(speaker.health().bargeIn().motion()).isEqualTo(new LocalAudioHealth.MotionState("duck", false, 2, 1));
    speaker.close();
  }

  @Test
  void aCueUnderStopThatTheDetectorConfirmsOnceTheRobotMovesPlaysOnLower() throws Exception {
    SimulatedSoundCard small = new SimulatedSoundCard(clock, 4_800);
    MovingBargeIn moving = stopThatWhileMovingIs(BargeIn.Mode.DUCK);
    LocalSpeaker speaker = playingASecond(small, moving, 1);
    speaker.cancelledFrame(clock.get(), true);
    assertThat(small.acceptedFrames()).as("silenced").isEqualTo(2_400);
    moving.motion(true); // the robot starts to turn: a barge-in only ducks
    clock.addAndGet(60 * MS);
    speaker.voiceOnset(clock.get());
    assertThat(speaker.bargeIns()).isEqualTo(1);
    assertThat(speaker.bargeInStops()).isZero();
    playToTheEnd(small, speaker);
    assertThat(small.acceptedFrames()).as("every sample once").isEqualTo(24_000);
    assertThat(small.frame(2_400)).as("on from where the cue silenced it, 20 dB lower").isEqualTo((short) 1_000);
    assertThat(small.frame(23_999)).isEqualTo((short) 1_000);
    assertThat(speaker.cueRestores()).isZero();
    speaker.close();
  }

  @Test
  void aCuesSilenceIsUndoneEvenWhenThePolicyTurnedOffMeanwhile() throws Exception {
    SimulatedSoundCard small = new SimulatedSoundCard(clock, 4_800);
    MovingBargeIn moving = stopThatWhileMovingIs(BargeIn.Mode.OFF);
    LocalSpeaker speaker = playingASecond(small, moving, 1);
    speaker.cancelledFrame(clock.get(), true);
    assertThat(speaker.cueDucks()).isEqualTo(1);

    moving.motion(true); // the robot starts to turn: barge-in off
    for (int i = 0; i < 25; i++) {
      small.settle(speaker::idle, 10_000);
      clock.addAndGet(10 * MS);
      speaker.cancelledFrame(clock.get(), i == 3);
    }
    assertThat(speaker.cueRestores()).as("not left silent for the rest of the utterance").isEqualTo(1);
    small.settle(speaker::idle, 10_000);
    assertThat(small.acceptedFrames()).as("playing on").isGreaterThan(2_400);
    assertThat(small.flushes()).isEqualTo(1);
    assertThat(speaker.cueDucks()).as("off: the later cue ducks nothing").isEqualTo(1);
    speaker.close();
  }

  @Test
  void withoutALocalSpeakerNothingIsChangeable() {
    assertThat(BargeInParameters.appliedTo((LocalSpeaker) null, new ParameterSet(NodeParameters.all()))).isEmpty();
  }

  @Test
  void autoStopsOnlyWhereTheEchoIsCancelled() {
    ParameterSet p = new ParameterSet(NodeParameters.all());
    assertThat(BargeIn.from(p).mode()).isEqualTo(BargeIn.Mode.OFF);
    p.set(NodeParameters.ECHO_CANCEL, TextNode.valueOf("speex"), "test");
    assertThat(BargeIn.from(p).mode()).isEqualTo(BargeIn.Mode.STOP);
    assertThat(BargeIn.from(p).label()).as("listening by default").isEqualTo("stop, listens 1000 ms");
    p.set(NodeParameters.BARGE_IN, TextNode.valueOf("duck"), "test");
    assertThat(BargeIn.from(p)).isEqualTo(new BargeIn(BargeIn.Mode.DUCK, 20, 1000));
    assertThat(BargeIn.from(p).duckGain()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
  }

  /** A policy that stops, and while the robot moves (and 2 s after) is at most {@code whileMoving}. */
  private MovingBargeIn stopThatWhileMovingIs(BargeIn.Mode whileMoving) {
    return new MovingBargeIn(new BargeIn(BargeIn.Mode.STOP, 20), whileMoving, 2_000 * MS, clock::get);
  }

  /** Moves the clock on in steps of 100 ms until the speaker has handed {@code card} all it had. */
  private void playToTheEnd(SimulatedSoundCard card, LocalSpeaker speaker) throws Exception {
    for (int i = 0; i < 20 && !speaker.idle(); i++) {
      card.settle(speaker::idle, 10_000);
      clock.addAndGet(100 * MS);
    }
    Await.until("the utterance handed over", Duration.ofSeconds(10), speaker::idle);
  }

  /** A speaker on {@code card} (a small one: 200 ms), 100 ms into utterance {@code utterance} of 1 s. */
  private LocalSpeaker playingASecond(SimulatedSoundCard card, BargeInPolicy policy, long utterance)
      throws InterruptedException {
    LocalSpeaker s = new LocalSpeaker(card);
    s.onPlayback(PlaybackListener.NONE, clock::get);
    s.bargeIn(policy);
    s.speech(new SpeechChunk(utterance, 0, 0, tone(24_000, 10_000), true, true, false));
    card.settle(s::idle, 10_000);
    clock.addAndGet(100 * MS);
    card.settle(s::idle, 10_000);
    return s;
  }

  private void speakHalfASecond(long utterance, long unit) throws Exception {
    speaker.speech(new SpeechChunk(utterance, unit, 0, tone(12_000, 10_000), true, false, false));
    Await.until("the chunk on the card", Duration.ofSeconds(10), () -> card.acceptedFrames() >= 12_000);
  }

  private static short[] tone(int n, int value) {
    short[] s = new short[n];
    Arrays.fill(s, (short) value);
    return s;
  }
}
