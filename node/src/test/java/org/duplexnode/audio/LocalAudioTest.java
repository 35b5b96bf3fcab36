package org.duplexnode.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.duplexnode.outputs.KindRules;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.ConversationControl;
import org.duplexnode.ports.InputPort;
import org.duplexnode.ports.MuteRequest;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.RawCompressedImage;
import org.duplexnode.ports.RawImage;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.WatchRequest;
import org.duplexnode.testing.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local speaker and microphone over stand-in sound-card lines, and the kind rules file. */
@Tag("unit")
class LocalAudioTest {
  @TempDir Path dir;

  @Test
  void theSpeakerPlaysInOrderAndFlushesOnInterruption() throws Exception {
    List<Integer> played = new CopyOnWriteArrayList<>();
    AtomicInteger flushes = new AtomicInteger();
    CountDownLatch gate = new CountDownLatch(1);
    LocalSpeaker speaker = new LocalSpeaker(new LocalSpeaker.Line() {
      @Override public int write(byte[] pcm, int off, int len) {
        try {
          gate.await(10, TimeUnit.SECONDS); // a slow sound card: chunks queue up
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        played.add(len);
        return len;
      }
      @Override public void flush() { flushes.incrementAndGet(); }
      @Override public void close() { }
    });
    speaker.speech(new SpeechChunk(1, 0, 0, new short[10], true, false, false));
    speaker.speech(new SpeechChunk(1, 1, 0, new short[20], false, false, false));
    speaker.speech(new SpeechChunk(1, 2, 0, new short[30], false, false, false));
    speaker.speech(new SpeechChunk(1, 3, 0, new short[0], false, true, true));
    assertThat(flushes.get()).isEqualTo(1);
    assertThat(speaker.queued()).isZero();
    speaker.speech(new SpeechChunk(2, 4, 0, new short[40], true, false, false));
    gate.countDown();
    Await.until("the next utterance to play", java.time.Duration.ofSeconds(10), () -> played.contains(80));
    assertThat(played).doesNotContain(40, 60);
    speaker.close();
  }

  @Test
  void theMicrophoneStampsBlocksAndStopsWhenTheLineCloses() throws Exception {
    List<RawAudio> got = new CopyOnWriteArrayList<>();
    AtomicInteger reads = new AtomicInteger();
    InputPort sink = new InputPort() {
      @Override public void onImage(RawImage image) { }
      @Override public void onCompressedImage(RawCompressedImage image) { }
      @Override public void onAudio(RawAudio audio) { got.add(audio); }
      @Override public void onFarEnd(RawAudio audio) { }
      @Override public void onWatchRequest(WatchRequest request) { }
      @Override public void onCommandRefused(CommandReply reply) { }
      @Override public void onControl(ConversationControl control) { }
      @Override public void onForceListen(long stampNanos, String reason) { }
      @Override public void onMute(MuteRequest request) { }
    };
    LocalMicrophone mic = new LocalMicrophone(new LocalMicrophone.Line() {
      @Override public int read(byte[] b) { return reads.incrementAndGet() <= LocalMicrophone.WARM_UP_BLOCKS ? b.length : -1; }
      @Override public void close() { }
    }, sink, () -> 1_000_000_000L, "mic");
    mic.start();
    Await.until("the warm-up's blocks", java.time.Duration.ofSeconds(10),
        () -> got.size() == LocalMicrophone.WARM_UP_BLOCKS);
    // stamped by sample count from the earliest bound the reads give: the clock stood still, so
    // the last read (300 ms of audio at 1 s) says the stream began at 0.7 s; 20 ms blocks
    assertThat(got).extracting(RawAudio::stampNanos).startsWith(700_000_000L, 720_000_000L, 740_000_000L)
        .endsWith(980_000_000L);
    assertThat(got.get(0).sampleRate()).isEqualTo(16000);
    assertThat(got.get(0).data()).hasSize(LocalMicrophone.BLOCK_BYTES);
    mic.close();
  }

  @Test
  void anInterruptionStopsTheChunkBeingWrittenAtTheNextSlice() throws Exception {
    List<Integer> slices = new CopyOnWriteArrayList<>();
    CountDownLatch firstSlice = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    LocalSpeaker speaker = new LocalSpeaker(new LocalSpeaker.Line() {
      @Override public int write(byte[] pcm, int off, int len) {
        slices.add(len);
        firstSlice.countDown();
        try {
          interrupted.await(10, TimeUnit.SECONDS); // the device is busy with this slice
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return len;
      }
      @Override public void flush() { }
      @Override public void close() { }
    });
    speaker.speech(new SpeechChunk(1, 0, 0, new short[24_000], true, false, false)); // 1 s: ten slices
    assertThat(firstSlice.await(10, TimeUnit.SECONDS)).isTrue();
    speaker.speech(new SpeechChunk(1, 1, 0, new short[0], false, true, true));
    interrupted.countDown();
    speaker.speech(new SpeechChunk(2, 2, 0, new short[100], true, true, false));
    Await.until("the next utterance", java.time.Duration.ofSeconds(10), () -> slices.contains(200));
    assertThat(slices).containsExactly(4800, 200); // one 100 ms slice of the cut second, then the next
    assertThat(speaker.health().errors()).isZero();
    speaker.close();
  }

  @Test
  void aFailingWriteIsCountedAndTheNextChunkStillPlays() throws Exception {
    List<Integer> played = new CopyOnWriteArrayList<>();
    LocalSpeaker speaker = new LocalSpeaker(new LocalSpeaker.Line() {
      @Override public int write(byte[] pcm, int off, int len) {
        if (len == 20) {
          throw new IllegalStateException("device unplugged");
        }
        if (len == 40) {
          return 8; // the device took only part
        }
        played.add(len);
        return len;
      }
      @Override public void flush() { }
      @Override public void close() { }
    });
    speaker.speech(new SpeechChunk(1, 0, 0, new short[10], true, false, false));
    speaker.speech(new SpeechChunk(1, 1, 0, new short[20], false, false, false));
    speaker.speech(new SpeechChunk(1, 2, 0, new short[30], false, true, false));
    Await.until("the third chunk", java.time.Duration.ofSeconds(10), () -> played.contains(60));
    assertThat(speaker.health().errors()).isEqualTo(2);
    assertThat(speaker.health().lastError()).contains("took 8 of 40 bytes");
    assertThat(LocalAudioStatus.of(List.of(speaker.health()), 0).level())
        .isEqualTo(org.duplexnode.ports.StatusReport.Level.WARN);
    assertThat(LocalAudioStatus.of(List.of(speaker.health()), 2).level())
        .isEqualTo(org.duplexnode.ports.StatusReport.Level.OK);
    speaker.close();
  }

  @Test
  void theMicrophoneWaitsOnAnEmptyDeviceAndCountsAFailedRead() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    List<RawAudio> got = new CopyOnWriteArrayList<>();
    LocalMicrophone mic = new LocalMicrophone(new LocalMicrophone.Line() {
      @Override public int read(byte[] b) {
        int n = reads.incrementAndGet();
        if (n <= 20) {
          return 0; // nothing captured yet
        }
        throw new IllegalStateException("device gone");
      }
      @Override public void close() { }
    }, listener(got), () -> 1_000_000_000L, "mic");
    mic.start();
    Await.until("the failed read", java.time.Duration.ofSeconds(10), () -> mic.health().errors() == 1);
    Await.until("capture to end", java.time.Duration.ofSeconds(10), () -> !mic.health().running());
    assertThat(reads.get()).isEqualTo(21);
    assertThat(got).isEmpty();
    assertThat(mic.health().lastError()).contains("device gone");
    LocalAudioStatus status = LocalAudioStatus.of(List.of(mic.health()), 0);
    assertThat(status.level()).isEqualTo(org.duplexnode.ports.StatusReport.Level.ERROR);
    assertThat(status.message()).contains("microphone not running: read failed: device gone");
    mic.close();
  }

  @Test
  void microphoneStampsFollowTheSampleCountThroughJitterAndJumpAfterLostSamples() throws Exception {
    // Read times of 20 ms blocks: the warm-up's blocks on time, one read 60 ms late (kept on the
    // count), then 300 ms lost for good: the stamps jump once LATE_BLOCKS blocks in a row say so.
    int warmUp = LocalMicrophone.WARM_UP_BLOCKS;
    int lostFrom = warmUp + 2;
    int jumpAt = lostFrom + LocalMicrophone.StampCorrection.LATE_BLOCKS - 1;
    long[] readAt = new long[jumpAt + 4];
    for (int k = 0; k < readAt.length; k++) {
      readAt[k] = (k + 1) * 20L + (k == warmUp ? 60 : 0) + (k >= lostFrom ? 300 : 0);
    }
    AtomicInteger i = new AtomicInteger();
    AtomicInteger reads = new AtomicInteger();
    List<RawAudio> got = new CopyOnWriteArrayList<>();
    LocalMicrophone mic = new LocalMicrophone(new LocalMicrophone.Line() {
      @Override public int read(byte[] b) { return reads.incrementAndGet() <= readAt.length ? b.length : -1; }
      @Override public void close() { }
    }, listener(got), () -> readAt[Math.min(i.getAndIncrement(), readAt.length - 1)] * 1_000_000L, "mic");
    mic.start();
    Await.until("all blocks", java.time.Duration.ofSeconds(10), () -> got.size() == readAt.length);
    List<Long> expected = new java.util.ArrayList<>();
    for (int k = 0; k < readAt.length; k++) {
      expected.add(k * 20L + (k >= jumpAt ? 300 : 0));
    }
    assertThat(got).extracting(a -> a.stampNanos() / 1_000_000L).containsExactlyElementsOf(expected);
    assertThat(mic.resyncs()).isEqualTo(1);
    mic.close();
  }

  private static InputPort listener(List<RawAudio> got) {
    return new InputPort() {
      @Override public void onImage(RawImage image) { }
      @Override public void onCompressedImage(RawCompressedImage image) { }
      @Override public void onAudio(RawAudio audio) { got.add(audio); }
      @Override public void onFarEnd(RawAudio audio) { }
      @Override public void onWatchRequest(WatchRequest request) { }
      @Override public void onCommandRefused(CommandReply reply) { }
      @Override public void onControl(ConversationControl control) { }
      @Override public void onForceListen(long stampNanos, String reason) { }
      @Override public void onMute(MuteRequest request) { }
    };
  }

  @Test
  void theRealOutputOpensOrFailsWithAMessageNamingTheParameter() {
    // Whatever this machine has: a usable output, or an error that says which option needs one.
    try {
      LocalSpeaker.openDefault().close();
    } catch (IllegalStateException e) {
      assertThat(e).hasMessageContaining("audio.local_speaker").hasMessageContaining("no audio output");
    }
  }

  @Test
  void kindRulesComeFromAYamlFile() throws Exception {
    Path f = dir.resolve("kinds.yaml");
    Files.writeString(f, "rules:\n  - {match: \"(?i)green\", kind: green_light}\n  - {match: door, kind: door}\n");
    KindRules rules = KindRules.load(f);
    assertThat(rules.kindOf("The light is GREEN")).isEqualTo("green_light");
    assertThat(rules.kindOf("the door opened")).isEqualTo("door");
    assertThat(rules.kindOf("hello")).isEqualTo("utterance");
    Files.writeString(f, "rules:\n  - {match: \"(\", kind: x}\n");
    assertThatThrownBy(() -> KindRules.load(f)).hasMessageContaining("rule 1");
  }
}
