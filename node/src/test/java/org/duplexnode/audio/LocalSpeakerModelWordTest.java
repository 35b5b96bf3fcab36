package org.duplexnode.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.duplexnode.audio.SpeakerSteps.constant;
import static org.duplexnode.audio.SpeakerSteps.ramp;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.duplexnode.ports.PlaybackListener;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.StateUpdate;
import org.duplexnode.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A listening stop takes the model's word where the model reports its units (`~/state` of each
 * unit reaches the speaker): the first unit that heard 500 ms of the voice still speaking the
 * utterance lets it resume; a unit that heard any of it and ended the utterance keeps it stopped.
 * On a simulated sound card whose clock the test moves; each test's speaker has its model report a
 * unit, then plays 2 s of utterance 1 and is 100 ms into it when the test begins.
 */
@Tag("unit")
class LocalSpeakerModelWordTest {
  private static final long MS = 1_000_000L;
  private static final int LISTEN_MS = 500;
  private static final short[] SPEECH = ramp(48_000);

  private final AtomicLong clock = new AtomicLong(1_000_000 * MS);
  private SimulatedSoundCard card;
  private LocalSpeaker speaker;
  /** Where the test's voice begins, and how much of the utterance the card held when it stopped. */
  private long onset;
  private long stoppedAt;

  @BeforeEach
  void speaking() throws Exception {
    card = new SimulatedSoundCard(clock, 4_800);
    speaker = new LocalSpeaker(card);
    speaker.onPlayback(PlaybackListener.NONE, clock::get);
    speaker.bargeIn(new BargeIn(BargeIn.Mode.STOP, 20, LISTEN_MS));
    speaker.speech(new SpeechChunk(1, 0, clock.get(), SPEECH, true, false, false));
    speaker.state(unit(clock.get(), true, 1));
    card.settle(speaker::idle, 10_000);
    clock.addAndGet(100 * MS);
    card.settle(speaker::idle, 10_000);
    onset = clock.get();
  }

  @AfterEach
  void close() {
    speaker.close();
  }

  /** The detector's onset at {@link #onset}: the speaker falls silent and listens. */
  private void stop() {
    speaker.voiceOnset(onset);
    stoppedAt = card.acceptedFrames();
    assertThat(speaker.listening()).isTrue();
  }

  @Test
  void aStopWaitsPastTheListenTimeForTheModelAndResumesWhenItsUnitThatHeardTheVoiceStillSpeaks() throws Exception {
    stop();
    speaker.state(unit(onset + 300 * MS, true, 1)); // heard too little of the voice to count
    tick(LISTEN_MS + 200);
    assertThat(speaker.listening()).as("past the listen time, no voice: it waits for the model's word").isTrue();
    assertThat(card.acceptedFrames()).isEqualTo(stoppedAt);

    speaker.state(unit(onset + 1_300 * MS, true, 1));
    tick(20);
    assertThat(speaker.listening()).isFalse();
    assertThat(speaker.stopsResumed()).isEqualTo(1);
    assertThat(speaker.heldByModel()).isZero();
    SpeakerSteps.playToTheEnd(card, speaker, clock);
    assertThat(card.acceptedFrames()).as("every sample once").isEqualTo(SPEECH.length);
    assertThat(card.frame(stoppedAt)).isEqualTo(SPEECH[(int) stoppedAt]);
  }

  @Test
  void theModelsUnitThatEndedTheUtteranceOnTheVoiceDropsItAtOnceWithItsLaterChunks() throws Exception {
    stop();
    tick(200);
    // The model's last chunk of the utterance, then its state: it listens, having heard the voice.
    speaker.speech(new SpeechChunk(1, 2, onset + 700 * MS, new short[0], false, true, false));
    speaker.state(unit(onset + 700 * MS, false, 0));
    assertThat(speaker.listening()).as("dropped on the model's word, before the listen time").isFalse();
    assertThat(speaker.heldByModel()).isEqualTo(1);
    assertThat(speaker.health().bargeIn().bargeInsTheModelEnded()).isEqualTo(1);
    speaker.speech(new SpeechChunk(2, 3, onset + 1_700 * MS, constant(2_400, 7_000), true, true, false));
    tick(LISTEN_MS + 100);
    Await.until("the next utterance on the card", Duration.ofSeconds(10),
        () -> card.acceptedFrames() >= stoppedAt + 2_400);
    assertThat(card.frame(stoppedAt)).as("the model's next utterance plays; the stopped one's rest never")
        .isEqualTo((short) 7_000);
    assertThat(speaker.bargeInsUndone()).isZero();
  }

  @Test
  void anUtteranceTheModelEndedWithinTheVoicesFirstHalfSecondStaysStopped() {
    stop();
    speaker.speech(new SpeechChunk(1, 1, onset + 200 * MS, new short[0], false, true, false));
    assertThat(speaker.listening()).as("a unit that heard 200 ms of the voice ended it").isFalse();
    assertThat(speaker.heldByModel()).isEqualTo(1);
  }

  @Test
  void anInterruptedLastChunkIsTheModelsWordTooAndCutsWhatIsQueued() throws Exception {
    stop();
    // The composer marks the turn end interrupted where ~/user_speech heard the user during it.
    speaker.speech(new SpeechChunk(1, 2, onset + 900 * MS, new short[0], false, true, true));
    assertThat(speaker.listening()).isFalse();
    assertThat(speaker.heldByModel()).isEqualTo(1);
    tick(LISTEN_MS + SpeakerBargeIn.MODEL_WAIT_MS + 100);
    assertThat(card.acceptedFrames()).isEqualTo(stoppedAt);
    assertThat(speaker.bargeInsUndone()).isZero();
  }

  @Test
  void anUtteranceTheModelEndedBeforeTheVoiceBeganIsLeftToTheDetector() throws Exception {
    // Its last chunk came from a unit that ended 50 ms before the voice: the model had not heard it.
    speaker.speech(new SpeechChunk(1, 1, onset - 50 * MS, new short[0], false, true, false));
    speaker.state(unit(onset - 50 * MS, false, 0));
    stop();
    speaker.state(unit(onset + 950 * MS, false, 0));
    assertThat(speaker.heldByModel()).isZero();
    tick(LISTEN_MS + 20);
    assertThat(speaker.listening()).as("no voice within the listen time: resumed").isFalse();
    assertThat(speaker.stopsResumed()).isEqualTo(1);
  }

  @Test
  void aModelThatFallsBehindLeavesTheStopToTheDetectorTwoSecondsPastTheListenTime() throws Exception {
    stop();
    tick(LISTEN_MS + SpeakerBargeIn.MODEL_WAIT_MS - 20);
    assertThat(speaker.listening()).isTrue();
    tick(40);
    assertThat(speaker.listening()).isFalse();
    assertThat(speaker.stopsResumed()).isEqualTo(1);
  }

  @Test
  void aPitchOfItsOwnWithinTheEchosTailWaitsForTheModelWhichMayOverruleIt() throws Exception {
    stop();
    speaker.voiceOnset(onset + 60 * MS, () -> true);
    assertThat(speaker.listening()).as("the model's word on it still to come").isTrue();
    speaker.state(unit(onset + 800 * MS, true, 1));
    tick(LISTEN_MS + 20);
    assertThat(speaker.listening()).as("the model went on: the room's tail, not a voice").isFalse();
    assertThat(speaker.stopsResumed()).isEqualTo(1);
    assertThat(speaker.heldByPitch()).isZero();
  }

  @Test
  void aPitchOfItsOwnDropsTheUtteranceWhereTheModelsWordDoesNotCome() throws Exception {
    stop();
    speaker.voiceOnset(onset + 60 * MS, () -> true);
    tick(LISTEN_MS + SpeakerBargeIn.MODEL_WAIT_MS + 20);
    assertThat(speaker.listening()).isFalse();
    assertThat(speaker.heldByPitch()).isEqualTo(1);
    assertThat(speaker.stopsResumed()).isZero();
    SpeakerSteps.playToTheEnd(card, speaker, clock);
    assertThat(card.acceptedFrames()).isEqualTo(stoppedAt);
  }

  @Test
  void aVoiceThatGoesOnDropsTheUtteranceWhateverTheModelSays() throws Exception {
    stop();
    speaker.state(unit(onset + 600 * MS, true, 1));
    tick(250);
    speaker.voiceOnset(clock.get());
    assertThat(speaker.listening()).isFalse();
    tick(LISTEN_MS + 100);
    assertThat(card.acceptedFrames()).isEqualTo(stoppedAt);
    assertThat(speaker.bargeInsUndone()).isZero();
  }

  @Test
  void theNodesNoticeOfAVoiceIsNotAUnit() throws Exception {
    SimulatedSoundCard own = new SimulatedSoundCard(clock, 4_800);
    try (LocalSpeaker fresh = new LocalSpeaker(own)) {
      fresh.onPlayback(PlaybackListener.NONE, clock::get);
      fresh.bargeIn(new BargeIn(BargeIn.Mode.STOP, 20, LISTEN_MS));
      fresh.speech(new SpeechChunk(1, 0, 0, SPEECH, true, false, false));
      own.settle(fresh::idle, 10_000);
      clock.addAndGet(100 * MS);
      own.settle(fresh::idle, 10_000);
      fresh.state(unit(clock.get(), true, 1).bargeInAt(clock.get()));
      fresh.voiceOnset(clock.get());
      SpeakerSteps.tick(own, fresh, clock, LISTEN_MS + 20);
      assertThat(fresh.stopsResumed()).as("no unit reported: the detector alone, at the listen time").isEqualTo(1);
    }
  }

  private static StateUpdate unit(long endNanos, boolean speaking, long utterance) {
    return new StateUpdate(endNanos, speaking, 0, utterance, 0.2, 1.0, 0, 0, 0, 0, 0);
  }

  private void tick(int ms) throws Exception {
    SpeakerSteps.tick(card, speaker, clock, ms);
  }
}
