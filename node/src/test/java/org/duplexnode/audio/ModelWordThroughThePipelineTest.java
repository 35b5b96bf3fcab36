package org.duplexnode.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.duplexnode.ingest.SelfVoiceGate;
import org.duplexnode.ingest.image.ModelImage;
import org.duplexnode.outputs.KindRules;
import org.duplexnode.pipeline.ConversationPipeline;
import org.duplexnode.pipeline.PipelineSettings;
import org.duplexnode.pipeline.UnitProcessor;
import org.duplexnode.ports.OutputEvent;
import org.duplexnode.ports.PlaybackListener;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.StateUpdate;
import org.duplexnode.session.AudioUnit;
import org.duplexnode.session.QueuePolicy;
import org.duplexnode.testing.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The model's word on a listening stop, as the node wires it: the conversation pipeline's model
 * thread composes each unit and sends its state to the local speaker among the outputs. A scripted
 * model speaks from the first unit on; the voice detector's onset (told the speaker directly) stops
 * it in the third unit; the unit that heard the voice either goes on speaking or ends the turn.
 */
@Tag("integration")
class ModelWordThroughThePipelineTest {
  private static final long S = 1_000_000_000L;
  private static final long MS = 1_000_000L;
  private static final long T0 = 1_000 * S;
  private static final int LISTEN_MS = 500;

  /** Speaks a second of sound every unit until told the user was heard; from the next unit it listens. */
  private static final class Speaking implements UnitProcessor {
    final AtomicBoolean heardTheUser = new AtomicBoolean();

    @Override public void prepare() { }

    @Override
    public Processed process(AudioUnit audio, ModelImage frame, boolean forceListen) {
      if (heardTheUser.get() || forceListen) {
        return new Processed(true, forceListen, "", new float[0], true, 10);
      }
      float[] speech = new float[24_000];
      java.util.Arrays.fill(speech, 0.1f);
      return new Processed(false, false, "word ", speech, false, 10);
    }

    @Override public void close() { }
  }

  @Test
  void aStopWaitsForTheUnitThatHeardTheVoiceAndResumesWhenItStillSpeaks() throws Exception {
    Speaking model = new Speaking();
    Run run = start(model);
    run.stopAt(T0 + 2_200 * MS);
    run.feedUntil(T0 + 2_200 * MS + (LISTEN_MS + 100) * MS);
    assertThat(run.speaker.listening()).as("past the listen time, the model's word still to come").isTrue();
    run.feedUntil(T0 + 3_100 * MS); // the unit ending at 3.0 s heard 800 ms of the voice
    run.awaitState(T0 + 3 * S);
    run.tick(30);
    assertThat(run.speaker.listening()).as("the model went on: resumed").isFalse();
    assertThat(run.speaker.stopsResumed()).isEqualTo(1);
    assertThat(run.speaker.heldByModel()).isZero();
    run.close();
  }

  @Test
  void aUnitThatHeardTheVoiceAndEndedTheTurnHoldsTheStop() throws Exception {
    Speaking model = new Speaking();
    Run run = start(model);
    run.stopAt(T0 + 2_200 * MS);
    model.heardTheUser.set(true);
    run.feedUntil(T0 + 3_100 * MS);
    run.awaitState(T0 + 3 * S);
    assertThat(run.speaker.heldByModel()).isEqualTo(1);
    assertThat(run.speaker.listening()).isFalse();
    run.tick(LISTEN_MS + 30);
    assertThat(run.speaker.stopsResumed()).isZero();
    assertThat(run.speaker.health().bargeIn().bargeInsTheModelEnded()).isEqualTo(1);
    run.close();
  }

  private Run start(Speaking model) {
    AtomicLong clock = new AtomicLong(T0);
    SimulatedSoundCard card = new SimulatedSoundCard(clock, 4_800);
    LocalSpeaker speaker = new LocalSpeaker(card);
    speaker.onPlayback(PlaybackListener.NONE, clock::get);
    speaker.bargeIn(new BargeIn(BargeIn.Mode.STOP, 20, LISTEN_MS));
    List<OutputEvent> events = new CopyOnWriteArrayList<>();
    PipelineSettings settings = new PipelineSettings(QueuePolicy.BLOCK, 4, 2.0, SelfVoiceGate.Mode.OFF, 20, 3.0,
        KindRules.none(), "cam", "mic", "spk");
    ConversationPipeline pipeline = ConversationPipeline.start(settings, model, speaker.andThen(events::add), null,
        clock::get);
    return new Run(clock, card, speaker, pipeline, events);
  }

  private static final class Run {
    final AtomicLong clock;
    final SimulatedSoundCard card;
    final LocalSpeaker speaker;
    final ConversationPipeline pipeline;
    final List<OutputEvent> events;
    long fedUntil = T0;

    Run(AtomicLong clock, SimulatedSoundCard card, LocalSpeaker speaker, ConversationPipeline pipeline,
        List<OutputEvent> events) {
      this.clock = clock;
      this.card = card;
      this.speaker = speaker;
      this.pipeline = pipeline;
      this.events = events;
    }

    /** Feeds the microphone (silence, 100 ms messages) and the card's clock up to {@code until}. */
    void feedUntil(long until) throws Exception {
      while (fedUntil < until) {
        ByteBuffer b = ByteBuffer.allocate(3200).order(ByteOrder.LITTLE_ENDIAN);
        pipeline.input().onAudio(new RawAudio(fedUntil, "mic", 16000, 1, "S16LE", b.array()));
        fedUntil += 100 * MS;
        card.settle(speaker::idle, 10_000);
        clock.set(fedUntil);
        speaker.cancelledFrame(fedUntil, false);
      }
    }

    /** Feeds up to {@code at}, the speaker playing the model's speech, and has the detector hear a voice there. */
    void stopAt(long at) throws Exception {
      feedUntil(at);
      Await.until("the speaker playing", Duration.ofSeconds(20), () -> speaker.health().samples() > 0);
      awaitState(at / S * S); // the model has reported a unit: the speaker waits for its word
      speaker.voiceOnset(at);
      assertThat(speaker.listening()).as("stopped, listening").isTrue();
    }

    /** Waits for the state of the unit whose audio ends about {@code unitEnd} (its last message's stamp). */
    void awaitState(long unitEnd) {
      Await.until("the state of the unit ending at " + unitEnd, Duration.ofSeconds(20), () -> events.stream()
          .anyMatch(e -> e instanceof StateUpdate s && Math.abs(s.stampNs() - unitEnd) <= 10 * MS));
    }

    /** Moves the microphone's clock on by {@code ms} in 10 ms frames. */
    void tick(int ms) throws Exception {
      SpeakerSteps.tick(card, speaker, clock, ms);
    }

    void close() throws Exception {
      pipeline.close();
      speaker.close();
    }
  }
}
