package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;

import diagnostic_msgs.msg.dds.DiagnosticArray;
import diagnostic_msgs.msg.dds.DiagnosticStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.duplexnode.ingest.audio.AudioChunk;
import org.duplexnode.ingest.audio.AudioIngest;
import org.duplexnode.ingest.audio.AudioIngestConfig;
import org.duplexnode.ingest.audio.AudioStreamSink;
import org.duplexnode.ingest.image.ImageIngest;
import org.duplexnode.ports.ConversationHealth;
import org.duplexnode.ports.NodeClock;
import org.duplexnode.ports.RawImage;
import org.duplexnode.testing.OfflineTransport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The inputs status of /diagnostics over the real ingest stages, on a fake monotonic clock:
 * rejected frames and audio appear by input and reason and keep the status WARN while recent,
 * gaps in the audio stream are reported as lost audio, and "falling behind" clears once the node
 * keeps up again.
 */
@Tag("integration")
class InputDiagnosticsTest {
  static final long S = 1_000_000_000L;
  final AtomicLong monotonic = new AtomicLong(1000 * S);
  final AudioIngest audio = new AudioIngest(AudioIngestConfig.defaults(), new DiscardingSink());
  final ImageIngest images = new ImageIngest();
  final DiagnosticsPublisher diagnostics = new DiagnosticsPublisher(new OfflineTransport(),
      NodeClock.system(), List::of, 5, monotonic::get);

  InputDiagnosticsTest() {
    diagnostics.reportIngest(() -> org.duplexnode.ingest.IngestHealthCount.of(audio.counters(), images.rejectionCounts()));
  }

  static Map<String, String> values(DiagnosticStatus s) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < s.getValues().size(); i++) {
      out.put(s.getValues().get(i).getKeyAsString(), s.getValues().get(i).getValueAsString());
    }
    return out;
  }

  static DiagnosticStatus status(DiagnosticArray a, String suffix) {
    for (int i = 0; i < a.getStatus().size(); i++) {
      if (a.getStatus().get(i).getNameAsString().endsWith(suffix)) {
        return a.getStatus().get(i);
      }
    }
    throw new AssertionError("no status " + suffix);
  }

  DiagnosticStatus inputs() {
    return status(diagnostics.publishOnce(), ": inputs");
  }

  /** 100 ms of 16 kHz mono audio stamped at {@code stampNanos}. */
  static AudioChunk tenth(long stampNanos) {
    return AudioChunk.ofShorts(stampNanos, 16000, 1, new short[1600]);
  }

  @Test
  void rejectedFramesAndAudioAreListedByInputAndReasonAndWarnWhileRecent() {
    assertThat(inputs().getMessageAsString()).isEqualTo("inputs ok");
    images.accept(new RawImage(1, "camera", -1, -1, "rgb8", false, 12, new byte[12]));
    audio.accept(AudioChunk.ofShorts(1, 1000, 1, new short[10]));
    audio.accept(AudioChunk.ofShorts(2, 1000, 1, new short[10]));

    DiagnosticStatus warn = inputs();
    assertThat(warn.getLevel()).isEqualTo(DiagnosticStatus.WARN);
    assertThat(warn.getMessageAsString()).isEqualTo(
        "3 input samples rejected recently (audio | bad sample rate: 2, image | bad dimensions: 1)");
    assertThat(values(warn)).containsEntry("rejected: image | bad dimensions", "1")
        .containsEntry("rejected: audio | bad sample rate", "2");

    monotonic.addAndGet(9 * S);
    assertThat(inputs().getLevel()).as("still recent").isEqualTo(DiagnosticStatus.WARN);
    monotonic.addAndGet(2 * S);
    DiagnosticStatus later = inputs();
    assertThat(later.getLevel()).isEqualTo(DiagnosticStatus.OK);
    assertThat(later.getMessageAsString()).isEqualTo("inputs ok");
    assertThat(values(later)).as("the counts stay").containsEntry("rejected: image | bad dimensions", "1");

    images.accept(new RawImage(1, "camera", -1, -1, "rgb8", false, 12, new byte[12]));
    assertThat(inputs().getMessageAsString()).isEqualTo(
        "1 input samples rejected recently (image | bad dimensions: 1)");
  }

  @Test
  void gapsInTheAudioStampsAreReportedAsLostAudio() {
    long t = 100 * S;
    for (int i = 0; i < 10; i++) {
      audio.accept(tenth(t));
      t += S / 10;
    }
    assertThat(inputs().getLevel()).isEqualTo(DiagnosticStatus.OK);
    t += 3 * S / 10; // three messages lost
    for (int i = 0; i < 5; i++) {
      audio.accept(tenth(t));
      t += S / 10;
    }
    DiagnosticStatus lost = inputs();
    assertThat(lost.getLevel()).isEqualTo(DiagnosticStatus.WARN);
    assertThat(lost.getMessageAsString()).isEqualTo(
        "audio lost recently: 1 gaps in the stream (0.300 s), 0 restarts after a longer gap");
    assertThat(values(lost)).containsEntry(DiagnosticsPublisher.AUDIO_GAPS, "1")
        .containsEntry(DiagnosticsPublisher.AUDIO_LOST_S, "0.300");

    t += 5 * S; // a burst longer than the ingest fills: the stream restarts
    audio.accept(tenth(t));
    assertThat(inputs().getMessageAsString()).isEqualTo(
        "audio lost recently: 1 gaps in the stream (0.300 s), 1 restarts after a longer gap");

    monotonic.addAndGet(11 * S);
    assertThat(inputs().getLevel()).isEqualTo(DiagnosticStatus.OK);
  }

  static ConversationHealth health(long units, double lastComputeS, int queueDepth, long dropped) {
    return new ConversationHealth(units, lastComputeS, 2.5, 0, 1.0, queueDepth, dropped, 0, 100, false, -1, -1,
        0, 0, 5, 0, "", "", 0);
  }

  @Test
  void fallingBehindClearsOnceTheNodeHasKeptUpForAWhile() {
    AtomicReference<ConversationHealth> now = new AtomicReference<>(health(10, 0.4, 0, 0));
    diagnostics.reportConversation(now::get);
    assertThat(conversation().getMessageAsString()).isEqualTo("keeping up");

    now.set(health(12, 2.5, 4, 16)); // a slow burst: a queue, 16 units dropped
    assertThat(conversation().getMessageAsString())
        .isEqualTo("falling behind: last unit 2.50 s of a 1.0 s budget, 4 units queued, 16 units dropped so far");

    monotonic.addAndGet(S);
    now.set(health(20, 0.5, 0, 16)); // drained, within budget
    assertThat(conversation().getLevel()).as("not yet long enough").isEqualTo(DiagnosticStatus.WARN);
    monotonic.addAndGet(3 * S);
    now.set(health(24, 0.5, 1, 16));
    assertThat(conversation().getLevel()).isEqualTo(DiagnosticStatus.WARN);
    monotonic.addAndGet(2 * S);
    now.set(health(26, 0.5, 0, 16));
    DiagnosticStatus caughtUp = conversation();
    assertThat(caughtUp.getLevel()).isEqualTo(DiagnosticStatus.OK);
    assertThat(caughtUp.getMessageAsString()).isEqualTo("keeping up");

    monotonic.addAndGet(S);
    now.set(health(26, 0.5, 0, 16)); // idle: no new unit, nothing queued
    assertThat(conversation().getLevel()).isEqualTo(DiagnosticStatus.OK);
    now.set(health(27, 0.5, 0, 17)); // one more drop: behind again at once
    assertThat(conversation().getLevel()).isEqualTo(DiagnosticStatus.WARN);
  }

  @Test
  void unitsDroppedLongAgoDoNotMakeAReportBehind() {
    ConversationHealth caughtUp = health(500, 0.3, 0, 16);
    assertThat(ConversationStatus.of(caughtUp, 0).level()).isEqualTo(DiagnosticStatus.OK);
  }

  DiagnosticStatus conversation() {
    return status(diagnostics.publishOnce(), ": conversation");
  }

  private static final class DiscardingSink implements AudioStreamSink {
    @Override
    public void streamStarted(long anchorNanos) {}

    @Override
    public void samples(float[] samples, int off, int len) {}

    @Override
    public void streamEnded() {}
  }
}
