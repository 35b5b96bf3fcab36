package org.duplexnode.sinks;

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
import org.duplexnode.outputs.SpeechChunk;
import org.duplexnode.sources.LocalMicrophone;
import org.duplexnode.sources.RawAudio;
import org.duplexnode.sources.RawCompressedImage;
import org.duplexnode.sources.RawImage;
import org.duplexnode.sources.SourceListener;
import org.duplexnode.sources.WatchRequest;
import org.duplexnode.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local speaker and microphone over stand-in sound-card lines, and the kind rules file. */
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
    speaker.accept(new SpeechChunk(1, 0, 0, new short[10], true, false, false));
    speaker.accept(new SpeechChunk(1, 1, 0, new short[20], false, false, false));
    speaker.accept(new SpeechChunk(1, 2, 0, new short[30], false, false, false));
    speaker.accept(new SpeechChunk(1, 3, 0, new short[0], false, true, true));
    assertThat(flushes.get()).isEqualTo(1);
    assertThat(speaker.queued()).isZero();
    speaker.accept(new SpeechChunk(2, 4, 0, new short[40], true, false, false));
    gate.countDown();
    Await.until("the next utterance to play", java.time.Duration.ofSeconds(10), () -> played.contains(80));
    assertThat(played).doesNotContain(40, 60);
    speaker.close();
  }

  @Test
  void theMicrophoneStampsBlocksAndStopsWhenTheLineCloses() throws Exception {
    List<RawAudio> got = new CopyOnWriteArrayList<>();
    AtomicInteger reads = new AtomicInteger();
    SourceListener sink = new SourceListener() {
      @Override public void onImage(RawImage image) { }
      @Override public void onCompressedImage(RawCompressedImage image) { }
      @Override public void onAudio(RawAudio audio) { got.add(audio); }
      @Override public void onWatchRequest(WatchRequest request) { }
      @Override public void onForceListen(long stampNanos, String reason) { }
    };
    LocalMicrophone mic = new LocalMicrophone(new LocalMicrophone.Line() {
      @Override public int read(byte[] b) { return reads.incrementAndGet() <= 3 ? b.length : -1; }
      @Override public void close() { }
    }, sink, () -> 1_000_000_000L, "mic");
    mic.start();
    Await.until("three blocks", java.time.Duration.ofSeconds(10), () -> got.size() == 3);
    // stamped by sample count from the earliest bound the reads give: the clock stood still, so
    // the third read (300 ms of audio at 1 s) says the stream began at 0.7 s
    assertThat(got).extracting(RawAudio::stampNanos).containsExactly(700_000_000L, 800_000_000L, 900_000_000L);
    assertThat(got.get(0).sampleRate()).isEqualTo(16000);
    assertThat(got.get(0).data()).hasSize(3200);
    mic.close();
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
