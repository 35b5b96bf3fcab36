package org.duplexnode.ingest.echo;

import static org.assertj.core.api.Assertions.assertThat;

import org.duplexnode.ports.SpeechChunk;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PublishedSpeechTest {
  private static final long S = 1_000_000_000L;

  private static SpeechChunk chunk(int samples, boolean interrupted) {
    return new SpeechChunk(1, 0, 0, FarEndReferenceTest.tone(500, 0, samples), false, false, interrupted);
  }

  private static double energy(FarEndReference ref, long fromNanos, int samples) {
    float[] x = new float[samples];
    ref.read(fromNanos, x, samples);
    double e = 0;
    for (float v : x) {
      e += v * v;
    }
    return e;
  }

  @Test
  void aChunkPlaysWhenPublishedOrRightAfterTheOneStillPlaying() {
    FarEndReference ref = new FarEndReference();
    long[] now = {S};
    PublishedSpeech speech = new PublishedSpeech(ref, () -> now[0]);
    speech.speech(chunk(12_000, false));
    assertThat(ref.playingUntilNanos()).isEqualTo(S + S / 2);
    now[0] = S + S / 10;
    speech.speech(chunk(12_000, false));
    assertThat(ref.playingUntilNanos()).as("queued behind the first").isEqualTo(2 * S);
    now[0] = 3 * S;
    speech.speech(chunk(2_400, false));
    assertThat(ref.playingUntilNanos()).as("after a pause: at once").isEqualTo(3 * S + S / 10);
    assertThat(energy(ref, S, 16_000)).isGreaterThan(1000);
    assertThat(energy(ref, 2 * S + S / 100, 14_000)).as("silence between").isZero();
  }

  @Test
  void anInterruptedUtteranceStopsAtOnce() {
    FarEndReference ref = new FarEndReference();
    long[] now = {S};
    PublishedSpeech speech = new PublishedSpeech(ref, () -> now[0]);
    speech.speech(chunk(48_000, false));
    now[0] = S + S / 2;
    speech.speech(new SpeechChunk(1, 1, 0, new short[0], false, true, true));
    assertThat(ref.playingUntilNanos()).isEqualTo(S + S / 2);
    assertThat(energy(ref, S + S / 2, 8_000)).isZero();
    assertThat(energy(ref, S, 8_000)).isGreaterThan(100);
    now[0] = S + S / 2 + S / 10;
    speech.speech(chunk(2_400, false));
    assertThat(ref.playingUntilNanos()).as("the next utterance plays as published").isEqualTo(S + 7 * S / 10);
  }
}
