package org.duplexnode.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import diagnostic_msgs.msg.dds.DiagnosticStatus;
import duplex_msgs.msg.dds.Transcript;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.duplexnode.ingest.SelfVoiceGate;
import org.duplexnode.ingest.image.ModelImage;
import org.duplexnode.outputs.KindRules;
import org.duplexnode.ports.ConversationHealth;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ros.ConversationStatus;
import org.duplexnode.ros.RosOutputs;
import org.duplexnode.session.AudioUnit;
import org.duplexnode.session.QueuePolicy;
import org.duplexnode.testing.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The model fails: one unit throws, a later one hangs past the unit time limit. The node reports
 * ERROR on the conversation status, discards the late unit's output, and goes on with the next
 * units as usual.
 */
@Tag("integration")
class ModelFaultTest {
  private static final long S = 1_000_000_000L;
  private static final int THROWS = 1;
  private static final int HANGS = 2;

  /** Speaks "unit N" for every unit; throws on one, blocks on another until released. */
  private static final class FaultyModel implements UnitProcessor {
    final List<Long> seen = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);

    @Override public void prepare() { }

    @Override
    public Processed process(AudioUnit audio, ModelImage frame, boolean forceListen) {
      int i = seen.size();
      seen.add(audio.index());
      if (i == THROWS) {
        throw new IllegalStateException("engine failed on this unit");
      }
      if (i == HANGS) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return new Processed(false, false, "unit" + i + ". ", new float[0], true, 10 + i);
    }

    @Override public void close() { }
  }

  @Test
  void failingAndHangingUnitsAreSkippedReportedAndTheNextUnitsRun() throws Exception {
    PipelineSettings settings = new PipelineSettings(QueuePolicy.BLOCK, 2, 2.0, SelfVoiceGate.Mode.OFF, 20, 3.0,
        KindRules.none(), "cam", "mic", "spk").withUnitTimeoutS(0.05);
    FaultyModel model = new FaultyModel();
    ConversationPipelineTest.Recording out = new ConversationPipelineTest.Recording();
    long t0 = 1000 * S;
    try (ConversationPipeline p = ConversationPipeline.start(settings, model,
        new RosOutputs(out, () -> t0, "spk", "mic"), null, () -> t0)) {
      Thread feeder = new Thread(() -> feed(p, t0, 65), "feeder");
      feeder.start();

      Await.until("the model to be on the hanging unit past its limit", Duration.ofSeconds(30),
          () -> p.health().stuckS() > 0);
      ConversationHealth stuck = p.health();
      assertThat(stuck.failedUnits()).isEqualTo(1);
      ConversationStatus whileStuck = ConversationStatus.of(stuck, stuck.failedUnits());
      assertThat(whileStuck.level()).isEqualTo(DiagnosticStatus.ERROR);
      assertThat(whileStuck.message()).contains("model stuck");

      model.release.countDown();
      feeder.join();
      p.finishInput();

      ConversationHealth after = p.health();
      assertThat(after.failedUnits()).isEqualTo(2);
      assertThat(after.timedOutUnits()).isEqualTo(1);
      assertThat(after.stuckS()).isZero();
      assertThat(ConversationStatus.of(after, 0).level()).isEqualTo(DiagnosticStatus.ERROR);
      assertThat(ConversationStatus.of(after, after.failedUnits()).level()).isEqualTo(DiagnosticStatus.OK);
      assertThat(p.unitsFailed()).isEqualTo(2);
      assertThat(model.seen.size()).isGreaterThan(HANGS + 2);
      assertThat(p.unitsProcessed()).isEqualTo(model.seen.size() - 2);
    }
    List<String> texts = out.sent.stream().filter(o -> o instanceof Transcript).map(o -> (Transcript) o)
        .map(t -> t.getTextSoFarAsString()).toList();
    assertThat(texts).anyMatch(t -> t.contains("unit0")).anyMatch(t -> t.contains("unit3"))
        .noneMatch(t -> t.contains("unit" + THROWS)).noneMatch(t -> t.contains("unit" + HANGS));
  }

  /** {@code count} messages of 100 ms of 16 kHz mono silence. */
  private static void feed(ConversationPipeline p, long t0, int count) {
    for (int k = 0; k < count; k++) {
      ByteBuffer b = ByteBuffer.allocate(3200).order(ByteOrder.LITTLE_ENDIAN);
      p.input().onAudio(new RawAudio(t0 + k * 100_000_000L, "mic", 16000, 1, "S16LE", b.array()));
    }
  }
}
