package org.duplexnode.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.duplexnode.ports.PlaybackListener;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.testing.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The playback times the local speaker tells the echo canceller's reference, on a line whose
 * position does not move with what is heard: a sound server that takes what it is given at once
 * (PulseAudio through ALSA counts samples as played once they are in its own buffer). Read for each
 * slice, that position stamped every slice "now" and the far end fell apart (through PulseAudio:
 * an ERLE of 2.6 dB where the same room gave 36.6 with these times; docs/benchmarks.md).
 */
@Tag("unit")
class PlaybackTimelineTest {
  private static final long MS = 1_000_000L;

  /** Takes everything at once and says it has played it. */
  static final class GreedyServer implements LocalSpeaker.Line {
    final AtomicLong written = new AtomicLong();
    @Override public int write(byte[] pcm, int off, int len) {
      written.addAndGet(len / 2);
      return len;
    }
    @Override public void flush() { }
    @Override public void close() { }
    @Override public long playedFrames() { return written.get(); }
  }

  record Slice(long startNanos, int samples) {
    long endNanos() {
      return startNanos + samples * 1_000_000_000L / 24_000;
    }
  }

  /** A playback listener that keeps each slice's time and length. */
  private static PlaybackListener into(List<Slice> slices) {
    return new PlaybackListener() {
      @Override public void played(long startNanos, int rate, short[] pcm, int off, int len) {
        slices.add(new Slice(startNanos, len));
      }

      @Override public void cut(long atNanos) { }
    };
  }

  @Test
  void slicesOfAnUtterancePlayBackToBackAndAnUtteranceAfterAPauseStartsWhenWritten() {
    AtomicLong clock = new AtomicLong(5_000 * MS);
    GreedyServer line = new GreedyServer();
    List<Slice> slices = Collections.synchronizedList(new ArrayList<>());
    try (LocalSpeaker speaker = new LocalSpeaker(line)) {
      speaker.onPlayback(into(slices), clock::get);
      speaker.speech(new SpeechChunk(1, 0, 0, new short[24_000], true, true, false));
      Await.until("the first utterance written", Duration.ofSeconds(10), () -> line.written.get() == 24_000);
      // Two seconds on, the first utterance has long ended: the second starts as it is written.
      clock.addAndGet(2_000 * MS);
      speaker.speech(new SpeechChunk(2, 1, 0, new short[12_000], true, true, false));
      Await.until("the second utterance written", Duration.ofSeconds(10), () -> line.written.get() == 36_000);
    }
    List<Slice> all = List.copyOf(slices);
    assertThat(all.size()).as("several slices per utterance").isGreaterThan(4);
    assertThat(all.get(0).startNanos()).isEqualTo(5_000 * MS);
    int second = -1;
    long samples = 0;
    for (int i = 0; i < all.size(); i++) {
      if (samples == 24_000) {
        second = i;
      }
      samples += all.get(i).samples();
    }
    assertThat(second).as("the first utterance's slices end at a slice boundary").isPositive();
    for (int i = 1; i < all.size(); i++) {
      if (i != second) {
        assertThat(all.get(i).startNanos()).as("slice %d follows slice %d", i, i - 1)
            .isEqualTo(all.get(i - 1).endNanos());
      }
    }
    assertThat(all.get(second - 1).endNanos()).isEqualTo(6_000 * MS);
    assertThat(all.get(second).startNanos()).as("after the pause: when written").isEqualTo(7_000 * MS);
  }

  @Test
  void aSoundDeviceIsKeptPlayingSilenceBetweenUtterancesSoThatItsStreamNeverStartsAgain() throws Exception {
    AtomicLong clock = new AtomicLong(5_000 * MS);
    GreedyServer line = new GreedyServer();
    List<Slice> slices = Collections.synchronizedList(new ArrayList<>());
    long aheadFrames = LocalSpeaker.KEEP_AHEAD_MS * 24L;
    long secondAt;
    try (LocalSpeaker speaker = new LocalSpeaker(line, "", true)) {
      speaker.onPlayback(into(slices), clock::get);
      Thread.sleep(100);
      assertThat(line.written.get()).as("nothing before the first speech starts the stream").isZero();
      speaker.speech(new SpeechChunk(1, 0, 0, new short[12_000], true, true, false));
      Await.until("the utterance written", Duration.ofSeconds(10), () -> line.written.get() >= 12_000);
      // A second and a half later (the line kept playing silence meanwhile), the next utterance.
      for (int step = 0; step < 150; step++) {
        clock.addAndGet(10 * MS);
        long wanted = Math.max(12_000, (clock.get() - 5_000 * MS) * 24 / MS + aheadFrames);
        Await.until("the line kept ahead", Duration.ofSeconds(10), () -> line.written.get() >= wanted);
      }
      Thread.sleep(50);
      secondAt = line.written.get();
      assertThat(secondAt).as("silence written between the utterances").isGreaterThan(12_000 + 24_000);
      speaker.speech(new SpeechChunk(2, 1, 0, new short[2_400], true, true, false));
      Await.until("the second utterance written", Duration.ofSeconds(10),
          () -> line.written.get() >= secondAt + 2_400);
    }
    List<Slice> all = List.copyOf(slices);
    assertThat(all.get(0).startNanos()).isEqualTo(5_000 * MS);
    Slice last = all.get(all.size() - 1);
    assertThat(last.samples()).as("silence is not the robot's speech: the far end hears none of it").isEqualTo(2_400);
    assertThat(all.stream().mapToLong(Slice::samples).sum()).isEqualTo(12_000 + 2_400);
    // One stream from the first speech on: the next utterance plays when all written before it has played.
    assertThat(last.startNanos()).isEqualTo(5_000 * MS + secondAt * 1_000_000_000L / 24_000);
  }

  @Test
  void aStreamThatRanDryIsCountedAndStartsAgainAtTheWriteTime() throws Exception {
    AtomicLong clock = new AtomicLong(5_000 * MS);
    GreedyServer line = new GreedyServer();
    List<Slice> slices = Collections.synchronizedList(new ArrayList<>());
    try (LocalSpeaker speaker = new LocalSpeaker(line, "", true)) {
      speaker.onPlayback(into(slices), clock::get);
      speaker.speech(new SpeechChunk(1, 0, 0, new short[2_400], true, true, false));
      Await.until("the utterance written", Duration.ofSeconds(10), () -> line.written.get() >= 2_400);
      Thread.sleep(50);
      assertThat(speaker.health().streamRestarts()).isZero();
      long ranDryAt = line.written.get();
      // The player's thread fell a second behind (the clock jumped past all the line held).
      clock.addAndGet(1_000 * MS);
      Await.until("the restart counted", Duration.ofSeconds(10), () -> speaker.health().streamRestarts() == 1);
      long restartedAt = clock.get();
      Thread.sleep(50);
      long before = line.written.get();
      speaker.speech(new SpeechChunk(2, 1, 0, new short[2_400], true, true, false));
      Await.until("the second utterance written", Duration.ofSeconds(10),
          () -> line.written.get() >= before + 2_400);
      assertThat(speaker.health().streamRestarts()).as("counted once").isEqualTo(1);
      Slice last = slices.get(slices.size() - 1);
      assertThat(last.startNanos()).as("after the silence written since the stream started again at the clock's time")
          .isEqualTo(restartedAt + (before - ranDryAt) * 1_000_000_000L / 24_000);
    }
  }
}
