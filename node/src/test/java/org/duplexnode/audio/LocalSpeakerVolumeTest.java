package org.duplexnode.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.duplexnode.ports.PlaybackListener;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.testing.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code audio.local_speaker_volume_db}: the speaker plays its speech that much lower, and tells the
 * echo canceller's reference exactly what it played.
 */
@Tag("unit")
class LocalSpeakerVolumeTest {
  /** A line that keeps every sample written to it, taking {@code writeMs} for each write. */
  private static final class RecordingLine implements LocalSpeaker.Line {
    final List<Short> written = new CopyOnWriteArrayList<>();
    final long writeMs;

    RecordingLine(long writeMs) {
      this.writeMs = writeMs;
    }

    @Override public int write(byte[] pcm, int off, int len) {
      try {
        Thread.sleep(writeMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (int i = off; i + 1 < off + len; i += 2) {
        written.add((short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8)));
      }
      return len;
    }

    @Override public void flush() { }

    @Override public void close() { }
  }

  /** A playback listener that keeps every sample it is told of. */
  private static final class Reference implements PlaybackListener {
    final List<Short> told = new CopyOnWriteArrayList<>();

    @Override public void played(long startNanos, int rate, short[] pcm, int off, int len) {
      for (int i = off; i < off + len; i++) {
        told.add(pcm[i]);
      }
    }

    @Override public void cut(long atNanos) { }
  }

  private static short[] constant(int n, int value) {
    short[] s = new short[n];
    Arrays.fill(s, (short) value);
    return s;
  }

  @Test
  void theSpeechPlaysLowerAndTheReferenceIsWhatPlayed() throws Exception {
    RecordingLine line = new RecordingLine(0);
    Reference reference = new Reference();
    try (LocalSpeaker speaker = new LocalSpeaker(line)) {
      speaker.onPlayback(reference, System::nanoTime);
      speaker.volumeDb(-20);
      speaker.speech(new SpeechChunk(1, 0, 0, constant(2_400, 10_000), true, false, false));
      Await.until("the first chunk played", Duration.ofSeconds(10), () -> line.written.size() == 2_400);
      assertThat(speaker.health().volumeDb()).as("on /diagnostics").isEqualTo(-20.0);
      speaker.volumeDb(0);
      speaker.speech(new SpeechChunk(1, 1, 0, constant(2_400, 10_000), false, true, false));
      Await.until("the second chunk played", Duration.ofSeconds(10), () -> line.written.size() == 4_800);
    }
    assertThat(line.written.subList(0, 2_400)).as("-20 dB: a tenth").containsOnly((short) 1_000);
    assertThat(line.written.subList(2_400, 4_800)).as("0 dB again, from the next chunk").containsOnly((short) 10_000);
    assertThat(reference.told).as("the canceller's reference: the samples as played").isEqualTo(line.written);
  }

  @Test
  void aDuckPlaysLowerStillFromTheVolumeSet() throws Exception {
    RecordingLine line = new RecordingLine(20); // a second's chunk takes 200 ms to hand over: the duck comes within it
    try (LocalSpeaker speaker = new LocalSpeaker(line)) {
      speaker.onPlayback(PlaybackListener.NONE, System::nanoTime);
      speaker.volumeDb(-6.0206);
      speaker.bargeIn(new BargeIn(BargeIn.Mode.DUCK, 20));
      speaker.speech(new SpeechChunk(1, 0, 0, constant(24_000, 8_000), true, false, false));
      Await.until("the first slice played", Duration.ofSeconds(10), () -> !line.written.isEmpty());
      speaker.voiceOnset(System.nanoTime());
      Await.until("the chunk played out", Duration.ofSeconds(10), speaker::idle);
    }
    assertThat(line.written.get(0)).as("the volume alone: half").isEqualTo((short) 4_000);
    assertThat(line.written.get(line.written.size() - 1)).as("ducked 20 dB under the volume").isEqualTo((short) 400);
  }

  @Test
  void theSpeakerDoesNotAmplify() {
    try (LocalSpeaker speaker = new LocalSpeaker(new RecordingLine(0))) {
      assertThatThrownBy(() -> speaker.volumeDb(3)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at most 0");
      assertThatThrownBy(() -> speaker.volumeDb(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
      assertThat(speaker.volumeDb()).isZero();
    }
  }
}
