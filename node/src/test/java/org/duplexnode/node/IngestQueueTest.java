package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.ConversationControl;
import org.duplexnode.ports.InputPort;
import org.duplexnode.ports.MuteRequest;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.RawCompressedImage;
import org.duplexnode.ports.RawImage;
import org.duplexnode.ports.WatchRequest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class IngestQueueTest {
  /** Records what reaches ingest; blocks on the first audio record until released. */
  static final class Ingest implements InputPort {
    final List<String> got = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch blocked = new CountDownLatch(1);

    @Override public void onImage(RawImage image) { got.add("image"); }
    @Override public void onCompressedImage(RawCompressedImage image) { got.add("image"); }

    @Override
    public void onFarEnd(RawAudio audio) { }

    @Override
    public void onAudio(RawAudio audio) {
      if (audio.stampNanos() == 0) {
        blocked.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (audio.stampNanos() < 0) {
        throw new IllegalStateException("bad record");
      }
      got.add("audio " + audio.stampNanos());
    }

    @Override public void onWatchRequest(WatchRequest request) { got.add("watch " + request.watchId()); }
    @Override public void onCommandRefused(CommandReply reply) { got.add("refused " + reply.requestId()); }
    @Override public void onControl(ConversationControl control) { got.add("control " + control.requestId()); }
    @Override public void onForceListen(long stampNanos, String reason) { got.add("force_listen"); }
    @Override public void onMute(MuteRequest request) { got.add("mute " + request.muted()); }
  }

  static RawAudio audio(long stamp) {
    return new RawAudio(stamp, "mic", 16000, 1, "S16LE", new byte[320]);
  }

  final NodeThreads threads = new NodeThreads();

  @Test
  void liveAFullQueueDropsTheNewRecordAndCountsItButNeverACommand() throws Exception {
    Ingest ingest = new Ingest();
    AtomicInteger forceListens = new AtomicInteger();
    IngestQueue q = new IngestQueue(ingest, 2, 1 << 20, IngestQueue.WhenFull.DROP, threads.named("ingest"),
        forceListens::incrementAndGet);
    q.onAudio(audio(0)); // taken by the ingest thread, which then blocks in it
    assertThat(ingest.blocked.await(5, TimeUnit.SECONDS)).isTrue();
    q.onAudio(audio(1));
    q.onAudio(audio(2));
    q.onAudio(audio(3)); // the queue holds 2: dropped at once, the caller does not wait
    q.onWatchRequest(new WatchRequest("", WatchRequest.Action.ADD, "w1", "the light turns green", 0, true));
    q.onForceListen(4, "behaviour");
    assertThat(q.notIngested()).containsExactly(java.util.Map.entry("audio | " + IngestQueue.QUEUE_FULL, 1L));
    ingest.release.countDown();
    q.finish();
    assertThat(ingest.got).containsExactly("audio 0", "audio 1", "audio 2", "watch w1", "force_listen");
    assertThat(forceListens).hasValue(1);
  }

  @Test
  void inAReplayTheReaderWaitsAndNothingIsLost() throws Exception {
    Ingest ingest = new Ingest();
    IngestQueue q = new IngestQueue(ingest, 2, 1 << 20, IngestQueue.WhenFull.WAIT, threads.named("ingest"), () -> { });
    Thread reader = new Thread(() -> {
      for (long t = 0; t < 6; t++) {
        q.onAudio(audio(t));
      }
    });
    reader.start();
    assertThat(ingest.blocked.await(5, TimeUnit.SECONDS)).isTrue();
    reader.join(300);
    assertThat(reader.isAlive()).as("the reader waits for room").isTrue();
    ingest.release.countDown();
    reader.join(5000);
    q.finish();
    assertThat(ingest.got).containsExactly("audio 0", "audio 1", "audio 2", "audio 3", "audio 4", "audio 5");
    assertThat(q.notIngested()).isEmpty();
  }

  @Test
  void aRecordWhoseIngestThrowsIsCountedAndTheThreadGoesOn() throws Exception {
    Ingest ingest = new Ingest();
    ingest.release.countDown();
    IngestQueue q = new IngestQueue(ingest, 8, 1 << 20, IngestQueue.WhenFull.DROP, threads.named("ingest"), () -> { });
    q.onAudio(audio(-1));
    q.onAudio(audio(7));
    q.finish();
    q.onAudio(audio(8)); // after the end of input
    assertThat(ingest.got).containsExactly("audio 7");
    assertThat(q.notIngested()).containsEntry("audio | " + IngestQueue.FAILED, 1L)
        .containsEntry("audio | " + IngestQueue.STOPPED, 1L);
  }
}
