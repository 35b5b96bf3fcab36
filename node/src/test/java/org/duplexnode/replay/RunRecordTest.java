package org.duplexnode.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.ports.SpeechChunk;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A run's record keeps what happened, not the speech samples (they are in the output bag). */
@Tag("unit")
class RunRecordTest {
  @Test
  void speechIsRecordedWithoutItsSamplesButStillMarkedAudible() {
    RunRecord r = new RunRecord();
    r.event(new SpeechChunk(3, 7, 1_000, new short[24_000], true, false, false));
    r.event(new SpeechChunk(3, 8, 2_000, new short[0], false, true, true));
    SpeechChunk audible = r.speech().get(0);
    assertThat(audible.pcm()).hasSize(1);
    assertThat(audible.utteranceId()).isEqualTo(3);
    assertThat(audible.unitIndex()).isEqualTo(7);
    assertThat(audible.stampNs()).isEqualTo(1_000);
    assertThat(audible.first()).isTrue();
    SpeechChunk end = r.speech().get(1);
    assertThat(end.pcm()).isEmpty();
    assertThat(end.last()).isTrue();
    assertThat(end.interrupted()).isTrue();
  }

  @Test
  void anEarlyAndAFinalEventAreOneEventRaisedWhenTheEarlyOneWas() {
    RunRecord r = new RunRecord();
    r.event(new ProactiveAlert("e1", "utterance", "Oh, hey, floor 16!", "f16", "we reach floor 16", 3, 12, "cam", 5,
        13_000_000_000L, 0.2, false));
    r.event(new ProactiveAlert("e2", "utterance", "Look!", "", "", 4, 20, "", -1, 21_000_000_000L, 0.2, true));
    r.event(new ProactiveAlert("e1", "utterance", "Oh, hey, floor 16! We are here.", "f16", "we reach floor 16", 3, 13,
        "cam", 6, 14_000_000_000L, 0.3, true));
    assertThat(r.alerts()).extracting(ProactiveAlert::eventId, ProactiveAlert::text, ProactiveAlert::audioStampNs,
        ProactiveAlert::unitIndex, ProactiveAlert::isFinal).containsExactly(
        org.assertj.core.groups.Tuple.tuple("e1", "Oh, hey, floor 16! We are here.", 13_000_000_000L, 12L, true),
        org.assertj.core.groups.Tuple.tuple("e2", "Look!", 21_000_000_000L, 20L, true));
  }
}
