package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.duplexnode.ports.ConversationHealth;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.StateUpdate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SpeechTimingsTest {
  static final long S = 1_000_000_000L;
  final AtomicLong now = new AtomicLong();
  final SpeechTimings timings = new SpeechTimings(now::get);

  static SpeechChunk chunk(long unitEndNs, boolean first, boolean last, boolean interrupted) {
    return new SpeechChunk(1, 0, unitEndNs, new short[interrupted ? 0 : 240], first, last, interrupted);
  }

  static StateUpdate state(boolean speaking) {
    return new StateUpdate(0, speaking, 0, 1, 0.1, 1.0, 0, 0, 0, 0, 0);
  }

  ConversationHealth health() {
    return timings.applyTo(ConversationHealth.initial());
  }

  @Test
  void bargeInRunsFromTheForceListensArrivalToTheLastChunkPublished() {
    assertThat(health().bargeInStopS()).isEqualTo(-1);
    now.set(10 * S);
    timings.speech(chunk(9 * S + S / 2, true, false, false)); // the unit ended 0.5 s before
    timings.state(state(true));
    assertThat(health().firstSpeechLatencyS()).isEqualTo(0.5);

    now.set(10 * S + S / 5);
    timings.interruptAsked();
    now.set(10 * S + S / 2);
    timings.interruptAsked(); // a second request while the first waits does not restart the clock
    now.set(11 * S + S / 4);
    timings.speech(chunk(11 * S, false, true, true));
    timings.state(state(false));
    assertThat(health().bargeInStopS()).isEqualTo(1.05);
  }

  @Test
  void aForceListenWhileSilentMeasuresNothing() {
    now.set(2 * S);
    timings.interruptAsked();
    timings.state(state(false)); // the next unit: nothing was being said
    now.set(50 * S);
    timings.speech(chunk(49 * S, true, false, false));
    timings.speech(chunk(49 * S, false, true, true)); // cut by the user's voice, no force-listen
    assertThat(health().bargeInStopS()).isEqualTo(-1);
  }
}
