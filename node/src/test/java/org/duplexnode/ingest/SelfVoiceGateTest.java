package org.duplexnode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.duplexnode.ingest.audio.AudioStreamSink;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SelfVoiceGateTest {
  static final class Collect implements AudioStreamSink {
    final List<Float> samples = new ArrayList<>();
    long anchor = -1;
    @Override public void streamStarted(long anchorNanos) { anchor = anchorNanos; }
    @Override public void samples(float[] s, int off, int len) {
      for (int i = off; i < off + len; i++) {
        samples.add(s[i]);
      }
    }
    @Override public void streamEnded() { }
  }

  static List<Float> run(SelfVoiceGate.Mode mode, boolean speaking) {
    Collect c = new Collect();
    SelfVoiceGate g = new SelfVoiceGate(c, mode, 20, new AtomicBoolean(speaking));
    g.streamStarted(7);
    g.samples(new float[] {0.5f, -0.5f, 1f}, 1, 2);
    assertThat(c.anchor).isEqualTo(7);
    return c.samples;
  }

  @Test
  void mutesOrLowersTheMicrophoneOnlyWhileTheNodeSpeaks() {
    assertThat(run(SelfVoiceGate.Mode.GATE, true)).containsExactly(-0f, 0f);
    assertThat(run(SelfVoiceGate.Mode.GATE, false)).containsExactly(-0.5f, 1f);
    assertThat(run(SelfVoiceGate.Mode.ATTENUATE, true)).containsExactly(-0.05f, 0.1f);
    assertThat(run(SelfVoiceGate.Mode.OFF, true)).containsExactly(-0.5f, 1f);
  }

  @Test
  void gatesEachSampleHeardBeforeThePlaybacksEndEvenWhenTheSpeechIsNoLongerComposed() {
    Collect c = new Collect();
    // Playback heard until 1 s + 3 samples; the stream starts at 1 s.
    SelfVoiceGate g = new SelfVoiceGate(c, SelfVoiceGate.Mode.GATE, 20, new AtomicBoolean(false),
        () -> 1_000_000_000L + 3 * 62_500L);
    g.streamStarted(1_000_000_000L);
    g.samples(new float[] {1f, 1f}, 0, 2);
    g.samples(new float[] {1f, 1f, 1f}, 0, 3); // straddles the end
    assertThat(c.samples).containsExactly(0f, 0f, 0f, 1f, 1f);
  }

  @Test
  void withoutALocalSpeakerTheComposedSpeechDecides() {
    Collect c = new Collect();
    SelfVoiceGate g = new SelfVoiceGate(c, SelfVoiceGate.Mode.GATE, 20, new AtomicBoolean(false), () -> Long.MIN_VALUE);
    g.streamStarted(0);
    g.samples(new float[] {1f}, 0, 1);
    assertThat(c.samples).containsExactly(1f);
  }
}
