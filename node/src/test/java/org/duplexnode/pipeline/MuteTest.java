package org.duplexnode.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.duplexnode.ingest.image.ModelImage;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.MuteRequest;
import org.duplexnode.ports.OutputEvent;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.StateUpdate;
import org.duplexnode.session.AudioUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ~/mute on the pipeline with a scripted model that speaks whenever it is not made to listen:
 * the mute is answered at once, the utterance in progress stops, the model hears silence and
 * listens at every muted unit, nothing is said, the state shows it, and unmuting restores all.
 */
@Tag("integration")
class MuteTest {
  static final long S = 1_000_000_000L;
  static final long T0 = 1000 * S;

  /** Says "la" with a little audio at every unit it is not made to listen; records what it got. */
  static final class SpeakingModel implements UnitProcessor {
    record Seen(long index, boolean forceListen, float loudest) {}

    final List<Seen> seen = new CopyOnWriteArrayList<>();

    @Override public void prepare() { }

    @Override
    public Processed process(AudioUnit audio, ModelImage frame, boolean forceListen) {
      float loudest = 0;
      for (float x : audio.samples()) {
        loudest = Math.max(loudest, Math.abs(x));
      }
      seen.add(new Seen(audio.index(), forceListen, loudest));
      if (forceListen) {
        return new Processed(true, true, "", new float[0], false, 10);
      }
      float[] speech = new float[2400];
      java.util.Arrays.fill(speech, 0.1f);
      return new Processed(false, false, "la ", speech, false, 10);
    }

    @Override public void close() { }
  }

  /** {@code messages} of 100 ms of a 440 Hz tone at half scale, from {@code fromNs}. */
  static void tone(ConversationPipeline p, long fromNs, int messages) {
    for (int k = 0; k < messages; k++) {
      ByteBuffer b = ByteBuffer.allocate(3200).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 1600; i++) {
        b.putShort((short) (16000 * Math.sin(2 * Math.PI * 440 * (k * 1600 + i) / 16000.0)));
      }
      p.input().onAudio(new RawAudio(fromNs + k * 100_000_000L, "mic", 16000, 1, "S16LE", b.array()));
    }
  }

  static <T> List<T> of(List<OutputEvent> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void muteSilencesTheMicrophoneStopsTheUtteranceAndUnmuteRestoresAll() throws Exception {
    SpeakingModel model = new SpeakingModel();
    List<OutputEvent> events = new CopyOnWriteArrayList<>();
    Map<String, Long> accepted;
    boolean mutedAtTheEnd;
    try (ConversationPipeline p = ConversationPipeline.start(WatchRepliesTest.settings(), model,
        OutputPort.ofEach(events::add), null, () -> T0)) {
      tone(p, T0, 30);
      p.input().onMute(new MuteRequest("m1", true));
      assertThat(p.controlHealth().muted()).isTrue();
      tone(p, T0 + 3 * S, 30);
      p.input().onMute(new MuteRequest("m2", true));
      p.input().onMute(new MuteRequest("m3", false));
      tone(p, T0 + 6 * S, 30);
      p.finishInput();
      accepted = p.controlHealth().accepted();
      mutedAtTheEnd = p.controlHealth().muted();
    }
    // Answered at once, stamped with the audio time they arrived at (the last message before them).
    assertThat(of(events, CommandReply.class)).extracting(CommandReply::requestId, CommandReply::command,
        CommandReply::accepted, CommandReply::message, CommandReply::stampNs).containsExactly(
            tuple("m1", "mute", true, "muted", T0 + 2_900_000_000L),
            tuple("m2", "mute", true, "muted (it already was)", T0 + 5_900_000_000L),
            tuple("m3", "mute", true, "unmuted", T0 + 5_900_000_000L));
    assertThat(accepted).containsEntry("mute", 3L);
    assertThat(mutedAtTheEnd).isFalse();

    // Units end near 0.97, 1.97, 2.97 s...: unit 2 was completed before the mute at 2.9-3.0 s
    // arrived, unit 3 is the first muted one, unit 5 the last (completed before the unmute).
    assertThat(model.seen).extracting(SpeakingModel.Seen::index, SpeakingModel.Seen::forceListen)
        .startsWith(tuple(0L, false), tuple(1L, false), tuple(2L, false), tuple(3L, true), tuple(4L, true),
            tuple(5L, true), tuple(6L, false), tuple(7L, false));
    assertThat(model.seen.get(2).loudest()).isGreaterThan(0.4f);
    assertThat(model.seen.get(4).loudest()).as("a muted unit's audio is silence").isZero();
    assertThat(model.seen.get(5).loudest()).isZero();
    assertThat(model.seen.get(7).loudest()).as("unmuted: the microphone again").isGreaterThan(0.4f);

    List<StateUpdate> states = of(events, StateUpdate.class);
    assertThat(states).extracting(StateUpdate::unitIndex, StateUpdate::muted, StateUpdate::speaking).startsWith(
        tuple(0L, false, true), tuple(1L, false, true), tuple(2L, false, true), tuple(3L, true, false),
        tuple(4L, true, false), tuple(5L, true, false), tuple(6L, false, true));

    // The utterance in progress ends at the first muted unit, interrupted; nothing is said until
    // the unmute, then a new utterance starts.
    List<SpeechChunk> speech = of(events, SpeechChunk.class);
    assertThat(speech).filteredOn(c -> c.unitIndex() >= 3 && c.unitIndex() <= 5)
        .extracting(SpeechChunk::unitIndex, c -> c.pcm().length, SpeechChunk::last, SpeechChunk::interrupted)
        .containsExactly(tuple(3L, 0, true, true));
    assertThat(speech).filteredOn(c -> c.unitIndex() == 6).singleElement()
        .satisfies(c -> assertThat(c.first()).isTrue())
        .satisfies(c -> assertThat(c.utteranceId()).isNotEqualTo(speech.get(0).utteranceId()));
  }

  @Test
  void aMuteBeforeAnyAudioIsStampedByTheNodeClockAndMutesTheFirstUnit() throws Exception {
    SpeakingModel model = new SpeakingModel();
    List<OutputEvent> events = new CopyOnWriteArrayList<>();
    try (ConversationPipeline p = ConversationPipeline.start(WatchRepliesTest.settings(), model,
        OutputPort.ofEach(events::add), null, () -> T0)) {
      p.input().onMute(new MuteRequest("", true));
      tone(p, T0 + 5 * S, 25);
      p.finishInput();
    }
    assertThat(of(events, CommandReply.class)).singleElement()
        .satisfies(r -> assertThat(r.stampNs()).isEqualTo(T0))
        .satisfies(r -> assertThat(r.requestId()).isEmpty());
    assertThat(model.seen).isNotEmpty().allSatisfy(u -> {
      assertThat(u.forceListen()).isTrue();
      assertThat(u.loudest()).isZero();
    });
    assertThat(of(events, SpeechChunk.class)).isEmpty();
    assertThat(of(events, StateUpdate.class)).isNotEmpty().allSatisfy(s -> assertThat(s.muted()).isTrue());
  }

  @Test
  void whatAModelSaysInAMutedUnitIsNotPublished() throws Exception {
    // A model that speaks even when made to listen: the mute still holds what it says back.
    UnitProcessor stubborn = new UnitProcessor() {
      @Override public void prepare() { }

      @Override
      public Processed process(AudioUnit audio, ModelImage frame, boolean forceListen) {
        return new Processed(false, false, "no ", new float[2400], false, 10);
      }

      @Override public void close() { }
    };
    List<OutputEvent> events = new CopyOnWriteArrayList<>();
    try (ConversationPipeline p = ConversationPipeline.start(WatchRepliesTest.settings(), stubborn,
        OutputPort.ofEach(events::add), null, () -> T0)) {
      tone(p, T0, 20);
      p.input().onMute(new MuteRequest("m", true));
      tone(p, T0 + 2 * S, 30);
      p.finishInput();
    }
    List<SpeechChunk> speech = of(events, SpeechChunk.class);
    assertThat(speech).filteredOn(c -> c.unitIndex() < 2).allSatisfy(c -> assertThat(c.pcm()).isNotEmpty());
    assertThat(speech).filteredOn(c -> c.unitIndex() >= 2)
        .extracting(SpeechChunk::unitIndex, c -> c.pcm().length, SpeechChunk::interrupted)
        .containsExactly(tuple(2L, 0, true));
    assertThat(of(events, org.duplexnode.ports.TranscriptUpdate.class)).filteredOn(t -> t.unitIndex() >= 2)
        .allSatisfy(t -> assertThat(t.text()).isEmpty());
  }
}
