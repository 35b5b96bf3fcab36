package org.duplexnode.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.StateUpdate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** ~/state at once when the user's voice comes over the node's speech: once per utterance, only while it is heard. */
@Tag("unit")
class BargeInNoticeTest {
  private static final long S = 1_000_000_000L;
  private final List<StateUpdate> sent = new ArrayList<>();
  private final AtomicLong playingUntil = new AtomicLong(Long.MIN_VALUE);
  private final BargeInNotice notice = new BargeInNotice(playingUntil::get);

  BargeInNoticeTest() {
    notice.sendTo(OutputPort.ofEach(e -> {
      notice.seen(e);
      sent.add((StateUpdate) e);
    }));
  }

  private static StateUpdate unit(long index, boolean speaking, long utterance) {
    return new StateUpdate(index * S, speaking, index, utterance, 0.2, 1.0, 0, 0, 0, 0, 300, false);
  }

  @Test
  void aVoiceOverTheSpeechIsToldAtOnceOncePerUtterance() {
    notice.voiceOnset(S / 2);
    assertThat(sent).as("no unit yet: nothing to say").isEmpty();
    notice.seen(unit(4, true, 2));
    notice.voiceOnset(4 * S + 300_000_000L);
    notice.voiceOnset(4 * S + 332_000_000L);
    assertThat(sent).hasSize(1);
    StateUpdate told = sent.get(0);
    assertThat(told.bargeIn()).isTrue();
    assertThat(told.stampNs()).as("stamped with the onset").isEqualTo(4 * S + 300_000_000L);
    assertThat(told.utteranceId()).isEqualTo(2);
    assertThat(told.unitIndex()).isEqualTo(4);
    notice.seen(unit(5, true, 3));
    notice.voiceOnset(5 * S + 100_000_000L);
    assertThat(sent).as("the next utterance is told again").hasSize(2);
  }

  @Test
  void aVoiceWhileNothingIsSaidOrPlayedIsNotABargeIn() {
    notice.seen(unit(7, false, 2));
    notice.voiceOnset(7 * S + 200_000_000L);
    assertThat(sent).isEmpty();
    playingUntil.set(7 * S + 500_000_000L); // the local speaker still plays the utterance's end
    notice.voiceOnset(7 * S + 400_000_000L);
    assertThat(sent).hasSize(1);
    notice.seen(unit(8, false, 3));
    notice.voiceOnset(8 * S + 600_000_000L);
    assertThat(sent).as("played out").hasSize(1);
  }

  @Test
  void aVoiceOverAFarEndThatIsNotTheNodesIsToldOncePerStretchOfVoice() {
    AtomicLong farEndUntil = new AtomicLong(Long.MIN_VALUE);
    BargeInNotice overPlayer = new BargeInNotice(() -> Long.MIN_VALUE, farEndUntil::get);
    overPlayer.sendTo(OutputPort.ofEach(e -> sent.add((StateUpdate) e)));
    overPlayer.seen(unit(3, false, 0));
    overPlayer.voiceOnset(3 * S + 100_000_000L);
    assertThat(sent).as("nothing plays").isEmpty();
    farEndUntil.set(6 * S); // the robot's player plays until 6 s (echo delay included)
    overPlayer.voiceOnset(3 * S + 200_000_000L);
    overPlayer.voiceOnset(3 * S + 232_000_000L);
    for (int w = 0; w < BargeInNotice.QUIET_WINDOWS - 1; w++) {
      overPlayer.noVoice(3 * S + 264_000_000L + w * 32_000_000L);
    }
    overPlayer.voiceOnset(3 * S + 600_000_000L);
    assertThat(sent).as("one stretch of voice, one notice; a short pause is not a new one").hasSize(1);
    assertThat(sent.get(0).stampNs()).isEqualTo(3 * S + 200_000_000L);
    for (int w = 0; w < BargeInNotice.QUIET_WINDOWS; w++) {
      overPlayer.noVoice(4 * S + w * 32_000_000L);
    }
    overPlayer.voiceOnset(5 * S);
    assertThat(sent).as("the user speaks again over the player").hasSize(2);
    for (int w = 0; w < BargeInNotice.QUIET_WINDOWS; w++) {
      overPlayer.noVoice(5 * S + 500_000_000L + w * 32_000_000L);
    }
    overPlayer.voiceOnset(6 * S + 100_000_000L);
    assertThat(sent).as("the player has stopped").hasSize(2);
  }
}
