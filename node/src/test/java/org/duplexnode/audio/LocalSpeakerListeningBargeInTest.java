package org.duplexnode.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.duplexnode.audio.SpeakerSteps.constant;
import static org.duplexnode.audio.SpeakerSteps.ramp;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.duplexnode.ports.PlaybackListener;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.testing.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A barge-in that listens (audio.barge_in_listen_ms): a stopped utterance falls silent at the voice
 * onset and resumes, with nothing lost, unless the user's voice goes on once the robot's echo has
 * died away; a ducked one plays at its level again. On a simulated sound card whose clock the test
 * moves.
 */
@Tag("unit")
class LocalSpeakerListeningBargeInTest {
  private static final long MS = 1_000_000L;
  private static final int LISTEN_MS = 500;

  private final AtomicLong clock = new AtomicLong(1_000_000 * MS);

  @Test
  void aStopAfterWhichNoVoiceIsHeardResumesWhereItStoppedWithEverySamplePlayedOnce() throws Exception {
    SimulatedSoundCard card = new SimulatedSoundCard(clock, 4_800); // 200 ms, as a real line's buffer fills
    LocalSpeaker speaker = speaking(card, ramp(24_000));
    speaker.voiceOnset(clock.get());
    assertThat(card.flushes()).as("silent at the onset").isEqualTo(1);
    assertThat(speaker.bargeInStops()).isEqualTo(1);
    long stoppedAt = card.acceptedFrames();

    // The echo's tail: voiced windows in the first 200 ms after the stop are not the user's voice going on.
    speaker.voiceOnset(clock.get() + 100 * MS);
    tick(card, speaker, LISTEN_MS - 10);
    assertThat(card.acceptedFrames()).as("silent while it listens").isEqualTo(stoppedAt);
    tick(card, speaker, 20);
    assertThat(speaker.bargeInsUndone()).isEqualTo(1);
    playToTheEnd(card, speaker);

    assertThat(card.acceptedFrames()).as("every sample of the utterance played once").isEqualTo(24_000);
    for (int i = 0; i < 24_000; i += 997) {
      assertThat(card.frame(i)).as("frame %d in its place", i).isEqualTo(ramp(24_000)[i]);
    }
    assertThat(card.flushes()).isEqualTo(1);
    // What the room heard once the card has played it all: the part before the stop, the pause's
    // silence (510 ms), then the rest.
    clock.addAndGet(1_000 * MS);
    short[] heard = card.heard();
    int pause = heard.length - 24_000;
    assertThat(pause).isBetween(500 * 24, 530 * 24);
    assertThat(heard[(int) stoppedAt - 1]).isEqualTo(ramp(24_000)[(int) stoppedAt - 1]);
    assertThat(java.util.Arrays.copyOfRange(heard, (int) stoppedAt, (int) stoppedAt + pause)).containsOnly((short) 0);
    assertThat(heard[(int) stoppedAt + pause]).isEqualTo(ramp(24_000)[(int) stoppedAt]);
    speaker.close();
  }

  @Test
  void aVoiceThatGoesOnOnceTheEchoHasDiedAwayDropsTheUtteranceAndItsLaterChunks() throws Exception {
    SimulatedSoundCard card = new SimulatedSoundCard(clock, 4_800);
    LocalSpeaker speaker = speaking(card, ramp(24_000));
    speaker.voiceOnset(clock.get());
    long stoppedAt = card.acceptedFrames();
    // The stopped utterance's next chunk and the model's next utterance come while it listens.
    speaker.speech(new SpeechChunk(1, 1, 0, ramp(2_400), false, true, false));
    speaker.speech(new SpeechChunk(2, 2, 0, constant(2_400, 7_000), true, true, false));
    tick(card, speaker, 250);
    speaker.voiceOnset(clock.get());
    assertThat(speaker.listening()).isFalse();
    tick(card, speaker, LISTEN_MS);
    assertThat(speaker.bargeInsUndone()).isZero();
    Await.until("the next utterance on the card", Duration.ofSeconds(10),
        () -> card.acceptedFrames() >= stoppedAt + 2_400);
    assertThat(card.frame(stoppedAt)).as("the model's next utterance plays; the stopped one's rest never")
        .isEqualTo((short) 7_000);
    assertThat(card.acceptedFrames()).isEqualTo(stoppedAt + 2_400);
    speaker.close();
  }

  @Test
  void theEchoDelayIsWaitedForBeforeTheRoomsTailAndTheListenTime() throws Exception {
    SimulatedSoundCard card = new SimulatedSoundCard(clock, 4_800);
    LocalSpeaker speaker = new LocalSpeaker(card);
    speaker.echoDelay(() -> 300 * MS); // the microphone hears the speaker 300 ms after it plays
    speaker.onPlayback(PlaybackListener.NONE, clock::get);
    speaker.bargeIn(new BargeIn(BargeIn.Mode.STOP, 20, LISTEN_MS));
    speaker.speech(new SpeechChunk(1, 0, 0, ramp(48_000), true, false, false));
    card.settle(speaker::idle, 10_000);
    clock.addAndGet(100 * MS);
    card.settle(speaker::idle, 10_000);
    long stop = clock.get();
    speaker.voiceOnset(stop);
    speaker.voiceOnset(stop + 450 * MS);
    assertThat(speaker.listening()).as("still the echo of what played before the stop").isTrue();
    tick(card, speaker, 300 + LISTEN_MS - 10);
    assertThat(speaker.bargeInsUndone()).as("the listen time counts from when the echo arrives").isZero();
    speaker.voiceOnset(stop + 500 * MS);
    assertThat(speaker.listening()).as("a voice after the delay and the tail: the user's").isFalse();
    tick(card, speaker, 100);
    assertThat(speaker.bargeInsUndone()).isZero();
    speaker.close();
  }

  @Test
  void aStopInTheLastChunkHandedOverWholeResumesWhatTheCardHeld() throws Exception {
    SimulatedSoundCard card = new SimulatedSoundCard(clock); // takes the whole chunk at once
    LocalSpeaker speaker = speaking(card, ramp(12_000));
    Await.until("handed over", Duration.ofSeconds(10), speaker::idle);
    assertThat(card.acceptedFrames()).isEqualTo(12_000);
    speaker.voiceOnset(clock.get());
    assertThat(card.acceptedFrames()).as("the card's rest dropped").isEqualTo(2_400);
    tick(card, speaker, LISTEN_MS + 10);
    Await.until("played again", Duration.ofSeconds(10), () -> card.acceptedFrames() >= 12_000);
    assertThat(card.acceptedFrames()).isEqualTo(12_000);
    assertThat(card.frame(2_400)).isEqualTo(ramp(12_000)[2_400]);
    assertThat(card.frame(11_999)).isEqualTo(ramp(12_000)[11_999]);
    speaker.close();
  }

  @Test
  void aStopItsOwnEchoMadeCountsAsMotionSoThatTheNextOnsetWithinTheHoldOnlyDucks() throws Exception {
    SimulatedSoundCard card = new SimulatedSoundCard(clock, 4_800);
    MovingBargeIn moving = new MovingBargeIn(new BargeIn(BargeIn.Mode.STOP, 20, LISTEN_MS), BargeIn.Mode.DUCK,
        2_000 * MS, clock::get);
    LocalSpeaker speaker = speaking(card, ramp(48_000), moving);
    assertThat(speaker.health().bargeIn().policy()).isEqualTo("stop, listens 500 ms");
    speaker.voiceOnset(clock.get());
    tick(card, speaker, LISTEN_MS + 10);
    assertThat(speaker.bargeInsUndone()).isEqualTo(1);
    assertThat(moving.moving()).as("the echo path changed: held as after motion").isTrue();
    assertThat(speaker.health().bargeIn().policy()).isEqualTo("duck 20 dB");
    assertThat(speaker.health().bargeIn().bargeInsUndone()).isEqualTo(1);

    tick(card, speaker, 300);
    speaker.voiceOnset(clock.get());
    assertThat(speaker.bargeInStops()).as("ducked, not stopped again").isEqualTo(1);
    assertThat(speaker.bargeIns()).isEqualTo(2);
    assertThat(speaker.listening()).isFalse();
    // No voice holds that duck either: undone, and the hold runs again from there.
    tick(card, speaker, LISTEN_MS + 10);
    assertThat(speaker.bargeInsUndone()).isEqualTo(2);
    tick(card, speaker, 1_900);
    assertThat(speaker.health().bargeIn().policy()).as("within the new hold").isEqualTo("duck 20 dB");
    tick(card, speaker, 200);
    assertThat(speaker.health().bargeIn().policy()).as("after it").isEqualTo("stop, listens 500 ms");
    speaker.close();
  }

  @Test
  void aDuckNoVoiceHoldsPlaysAtItsLevelAgainAndOneAVoiceHoldsStays() throws Exception {
    SimulatedSoundCard card = new SimulatedSoundCard(clock, 4_800);
    LocalSpeaker speaker = speaking(card, constant(48_000, 10_000),
        BargeInPolicy.fixed(new BargeIn(BargeIn.Mode.DUCK, 20, LISTEN_MS)));
    speaker.voiceOnset(clock.get());
    tick(card, speaker, 300);
    assertThat(card.frame(card.acceptedFrames() - 1)).as("ducked while it listens").isEqualTo((short) 1_000);
    tick(card, speaker, LISTEN_MS - 300 + 10);
    assertThat(speaker.bargeInsUndone()).isEqualTo(1);
    assertThat(card.flushes()).as("the duck's, then its undoing's").isEqualTo(2);
    tick(card, speaker, 100);
    assertThat(card.frame(card.acceptedFrames() - 1)).as("at its level again").isEqualTo((short) 10_000);

    speaker.voiceOnset(clock.get());
    tick(card, speaker, 250);
    speaker.voiceOnset(clock.get());
    tick(card, speaker, LISTEN_MS);
    assertThat(speaker.bargeInsUndone()).as("the voice went on: the duck stays").isEqualTo(1);
    assertThat(card.frame(card.acceptedFrames() - 1)).isEqualTo((short) 1_000);
    speaker.close();
  }

  @Test
  void aDuckInTheLastChunkHandedOverWholePlaysWhatTheCardHeldAgainLowerThenAtItsLevelWhenUndone() throws Exception {
    SimulatedSoundCard card = new SimulatedSoundCard(clock); // takes the whole chunk at once
    LocalSpeaker speaker = speaking(card, constant(24_000, 10_000),
        BargeInPolicy.fixed(new BargeIn(BargeIn.Mode.DUCK, 20, LISTEN_MS)));
    Await.until("handed over", Duration.ofSeconds(10), speaker::idle);
    speaker.voiceOnset(clock.get());
    assertThat(card.flushes()).isEqualTo(1);
    Await.until("played again, lower", Duration.ofSeconds(10), () -> card.acceptedFrames() >= 24_000);
    assertThat(card.frame(23_999)).isEqualTo((short) 1_000);
    tick(card, speaker, LISTEN_MS + 10);
    assertThat(speaker.bargeInsUndone()).isEqualTo(1);
    Await.until("the end played again at its level", Duration.ofSeconds(10),
        () -> card.acceptedFrames() == 24_000 && card.frame(23_999) == 10_000);
    assertThat(card.flushes()).as("the duck's, then its undoing's").isEqualTo(2);
    speaker.close();
  }

  @Test
  void withNoListenTimeAStopDropsTheUtteranceAtOnce() throws Exception {
    SimulatedSoundCard card = new SimulatedSoundCard(clock, 4_800);
    LocalSpeaker speaker = speaking(card, ramp(24_000), 0);
    speaker.voiceOnset(clock.get());
    long stoppedAt = card.acceptedFrames();
    Await.until("nothing left to hand over", Duration.ofSeconds(10), speaker::idle);
    tick(card, speaker, LISTEN_MS + 10);
    assertThat(card.acceptedFrames()).isEqualTo(stoppedAt);
    assertThat(speaker.bargeInsUndone()).isZero();
    speaker.close();
  }

  @Test
  void aStopTheCancellersCueSilencedListensFromTheCueOnceTheDetectorConfirmsIt() throws Exception {
    SimulatedSoundCard card = new SimulatedSoundCard(clock, 4_800);
    LocalSpeaker speaker = speaking(card, ramp(24_000));
    long cue = clock.get();
    speaker.cancelledFrame(cue, true);
    long stoppedAt = card.acceptedFrames();
    tick(card, speaker, 100);
    speaker.voiceOnset(clock.get());
    assertThat(speaker.bargeInStops()).isEqualTo(1);
    assertThat(speaker.listening()).isTrue();
    assertThat(speaker.listeningSinceNanos()).as("silent since the cue, not the detector's onset").isEqualTo(cue);
    tick(card, speaker, LISTEN_MS - 110);
    assertThat(speaker.listening()).isTrue();
    tick(card, speaker, 20);
    assertThat(speaker.listening()).as("the listen time, from the cue").isFalse();
    assertThat(speaker.stopsResumed()).isEqualTo(1);
    assertThat(speaker.cueRestores()).as("the detector confirmed the cue").isZero();
    playToTheEnd(card, speaker);
    assertThat(card.acceptedFrames()).isEqualTo(24_000);
    assertThat(card.frame(stoppedAt)).isEqualTo(ramp(24_000)[(int) stoppedAt]);
    speaker.close();
  }

  @Test
  void aCueConfirmedAndAVoiceThatGoesOnDropTheUtterance() throws Exception {
    SimulatedSoundCard card = new SimulatedSoundCard(clock, 4_800);
    LocalSpeaker speaker = speaking(card, ramp(24_000));
    speaker.cancelledFrame(clock.get(), true);
    long stoppedAt = card.acceptedFrames();
    tick(card, speaker, 100);
    speaker.voiceOnset(clock.get());
    tick(card, speaker, 150);
    speaker.voiceOnset(clock.get());
    assertThat(speaker.listening()).as("250 ms after the cue: the user's voice going on").isFalse();
    tick(card, speaker, LISTEN_MS);
    assertThat(card.acceptedFrames()).isEqualTo(stoppedAt);
    assertThat(speaker.bargeInsUndone()).isZero();
    speaker.close();
  }

  @Test
  void withinTheEchosTailOnlyAVoiceUnlikeTheRobotsPitchDropsTheUtterance() throws Exception {
    SimulatedSoundCard card = new SimulatedSoundCard(clock, 4_800);
    LocalSpeaker speaker = speaking(card, ramp(24_000));
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    speaker.voiceOnset(clock.get(), () -> asked.incrementAndGet() > 0);
    assertThat(asked).as("not listening yet: the pitch is not asked").hasValue(0);
    assertThat(speaker.listening()).isTrue();
    long stoppedAt = card.acceptedFrames();
    speaker.voiceOnset(clock.get() + 60 * MS, () -> false);
    assertThat(speaker.listening()).as("at the robot's pitch, or none: perhaps its echo").isTrue();
    speaker.voiceOnset(clock.get() + 80 * MS, () -> true);
    assertThat(speaker.listening()).as("a pitch of its own: the user").isFalse();
    assertThat(speaker.heldByPitch()).isEqualTo(1);
    tick(card, speaker, LISTEN_MS + 100);
    assertThat(card.acceptedFrames()).as("dropped").isEqualTo(stoppedAt);
    assertThat(speaker.bargeInsUndone()).isZero();
    speaker.close();
  }

  @Test
  void aMicrophoneWhoseClockStopsLeavesTheStopStanding() throws Exception {
    SimulatedSoundCard card = new SimulatedSoundCard(clock, 4_800);
    LocalSpeaker speaker = speaking(card, ramp(24_000), 300);
    speaker.voiceOnset(clock.get());
    long stoppedAt = card.acceptedFrames();
    // No window and no frame comes: the player gives up after the listen time and its guard.
    Await.until("the stop stands", Duration.ofSeconds(10), () -> speaker.idle() && card.acceptedFrames() == stoppedAt
        && !speaker.listening());
    speaker.noVoice(clock.get() + 1_000 * MS);
    speaker.speech(new SpeechChunk(1, 1, 0, ramp(2_400), false, true, false));
    clock.addAndGet(100 * MS);
    Thread.sleep(100);
    assertThat(card.acceptedFrames()).as("the dropped utterance's later chunk never plays").isEqualTo(stoppedAt);
    assertThat(speaker.bargeInsUndone()).isZero();
    speaker.close();
  }

  private LocalSpeaker speaking(SimulatedSoundCard card, short[] pcm) throws Exception {
    return speaking(card, pcm, LISTEN_MS);
  }

  private LocalSpeaker speaking(SimulatedSoundCard card, short[] pcm, int listenMs) throws Exception {
    return speaking(card, pcm, BargeInPolicy.fixed(new BargeIn(BargeIn.Mode.STOP, 20, listenMs)));
  }

  /** A speaker with {@code policy}, 100 ms into {@code pcm} (one chunk). */
  private LocalSpeaker speaking(SimulatedSoundCard card, short[] pcm, BargeInPolicy policy) throws Exception {
    LocalSpeaker s = new LocalSpeaker(card);
    s.onPlayback(PlaybackListener.NONE, clock::get);
    s.bargeIn(policy);
    s.speech(new SpeechChunk(1, 0, 0, pcm, true, false, false));
    card.settle(s::idle, 10_000);
    clock.addAndGet(100 * MS);
    card.settle(s::idle, 10_000);
    return s;
  }

  private void tick(SimulatedSoundCard card, LocalSpeaker speaker, int ms) throws Exception {
    SpeakerSteps.tick(card, speaker, clock, ms);
  }

  private void playToTheEnd(SimulatedSoundCard card, LocalSpeaker speaker) throws Exception {
    SpeakerSteps.playToTheEnd(card, speaker, clock);
  }
}
