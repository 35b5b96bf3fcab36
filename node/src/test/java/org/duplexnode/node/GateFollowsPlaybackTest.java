package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.duplexnode.audio.LocalSpeaker;
import org.duplexnode.ingest.SelfVoiceGate;
import org.duplexnode.ingest.audio.AudioStreamSink;
import org.duplexnode.ingest.echo.EchoPath;
import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.FarEndReference;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.testing.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The self-voice gate as the live node wires it with a local speaker: the speaker tells the
 * far-end reference when each sample plays, and the gate stays closed for the microphone until the
 * last one has played, although the model finished composing the speech long before.
 */
@Tag("unit")
class GateFollowsPlaybackTest {
  private static final long S = 1_000_000_000L;

  /** A sound card that takes everything at once and has played {@code played} frames. */
  static final class Card implements LocalSpeaker.Line {
    final AtomicLong written = new AtomicLong();
    final AtomicLong played = new AtomicLong();
    @Override public int write(byte[] pcm, int off, int len) {
      written.addAndGet(len / 2);
      return len;
    }
    @Override public void flush() { }
    @Override public void close() { }
    @Override public long playedFrames() { return played.get(); }
  }

  /** Counts the microphone samples that pass the gate. */
  static final class Passed implements AudioStreamSink {
    int zero;
    int open;
    @Override public void streamStarted(long anchorNanos) { }
    @Override public void samples(float[] s, int off, int len) {
      for (int i = off; i < off + len; i++) {
        if (s[i] == 0f) {
          zero++;
        } else {
          open++;
        }
      }
    }
    @Override public void streamEnded() { }
  }

  private static float[] ones(int n) {
    float[] f = new float[n];
    java.util.Arrays.fill(f, 1f);
    return f;
  }

  @Test
  void theGateStaysClosedUntilTheLastSampleHasPlayed() {
    Card card = new Card();
    AtomicLong now = new AtomicLong(10 * S);
    FarEndReference reference = new FarEndReference();
    EchoPath echo = EchoPath.of(new EchoSettings(EchoSettings.Mode.OFF, 200, 40), reference, () -> null);
    try (LocalSpeaker speaker = new LocalSpeaker(card)) {
      speaker.onPlayback(reference, now::get);
      // The model composed one second of speech at 10 s and is done composing: speaking is false.
      speaker.speech(new SpeechChunk(1, 0, 0, new short[24_000], true, true, false));
      Await.until("the card to take the chunk", java.time.Duration.ofSeconds(10),
          () -> card.written.get() == 24_000);
    }
    // Nothing had played when it was handed over: it plays from 10 s to 11 s, heard 40 ms later.
    assertThat(echo.heardUntilNanos()).isEqualTo(11 * S + 40_000_000L);
    Passed passed = new Passed();
    SelfVoiceGate gate = new SelfVoiceGate(passed, SelfVoiceGate.Mode.GATE, 20, new AtomicBoolean(false),
        echo::heardUntilNanos);
    gate.streamStarted(10 * S + S / 2);
    for (int k = 0; k < 10; k++) {
      gate.samples(ones(1600), 0, 1600); // 10.5 .. 11.5 s in 100 ms blocks
    }
    assertThat(passed.zero).as("samples from 10.5 s to 11.04 s gated").isEqualTo(8640);
    assertThat(passed.open).isEqualTo(16_000 - 8640);
  }

  @Test
  void whatTheCardHasNotPlayedYetMovesThePlaybackLater() {
    Card card = new Card();
    AtomicLong now = new AtomicLong(10 * S);
    AtomicReference<Long> firstStart = new AtomicReference<>();
    FarEndReference reference = new FarEndReference() ;
    try (LocalSpeaker speaker = new LocalSpeaker(card)) {
      speaker.onPlayback(new org.duplexnode.ports.PlaybackListener() {
        @Override public void played(long startNanos, int rate, short[] pcm, int off, int len) {
          firstStart.compareAndSet(null, startNanos);
          reference.played(startNanos, rate, pcm, off, len);
        }
        @Override public void cut(long atNanos) {
          reference.cut(atNanos);
        }
      }, now::get);
      speaker.speech(new SpeechChunk(1, 0, 0, new short[12_000], true, false, false));
      Await.until("the first chunk", java.time.Duration.ofSeconds(10), () -> card.written.get() == 12_000);
      // 0.1 s later the card has played 2400 of the 12000 frames: 0.4 s are still in its buffer.
      now.set(10 * S + S / 10);
      card.played.set(2400);
      speaker.speech(new SpeechChunk(1, 1, 0, new short[2400], false, true, false));
      Await.until("the second chunk", java.time.Duration.ofSeconds(10), () -> card.written.get() == 14_400);
      assertThat(firstStart.get()).isEqualTo(10 * S);
      assertThat(reference.playingUntilNanos()).isEqualTo(10 * S + S / 10 + 4 * S / 10 + S / 10);
      // A barge-in at 10.2 s flushes the card: nothing plays after that.
      now.set(10 * S + 2 * S / 10);
      speaker.speech(new SpeechChunk(1, 2, 0, new short[0], false, true, true));
      assertThat(reference.playingUntilNanos()).isEqualTo(10 * S + 2 * S / 10);
    }
  }
}
