package org.duplexnode.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import diagnostic_msgs.msg.dds.DiagnosticStatus;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.duplexnode.ingest.SelfVoiceGate;
import org.duplexnode.ingest.image.ModelImage;
import org.duplexnode.logging.LogLines;
import org.duplexnode.outputs.KindRules;
import org.duplexnode.ports.ConversationHealth;
import org.duplexnode.ports.OutputEvent;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.Watch;
import org.duplexnode.ports.WatchListChanged;
import org.duplexnode.ports.WatchRequest;
import org.duplexnode.ros.ConversationStatus;
import org.duplexnode.ros.RosOutputs;
import org.duplexnode.session.AudioUnit;
import org.duplexnode.session.QueuePolicy;
import org.duplexnode.testing.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * When the model dies: units that fail in a row, a session that cannot start, a unit that fails
 * with watches for the model. The pipeline reports the failure (health, /diagnostics status, the
 * failure future the commands stop on), closes its queue so that a blocking source never waits on
 * a dead model, and never lists a watch the model did not get.
 */
@Tag("integration")
class ModelFailureTest {
  private static final long S = 1_000_000_000L;
  private static final long T0 = 1000 * S;

  /** Listens on every unit; throws on the units (0-based call order) {@code fails} picks. */
  private static final class FailingModel implements UnitProcessor {
    final List<Long> seen = new CopyOnWriteArrayList<>();
    final List<List<String>> armed = new CopyOnWriteArrayList<>();
    private final IntPredicate fails;
    private final boolean prepareFails;

    FailingModel(IntPredicate fails, boolean prepareFails) {
      this.fails = fails;
      this.prepareFails = prepareFails;
    }

    @Override
    public void prepare() {
      if (prepareFails) {
        throw new IllegalStateException("LLM key cache is full: 20480 + 0 rows exceed its 8192");
      }
    }

    @Override
    public Processed process(AudioUnit audio, ModelImage frame, boolean forceListen) {
      int i = seen.size();
      seen.add(audio.index());
      if (fails.test(i)) {
        throw new IllegalStateException("engine failed on unit " + i);
      }
      return new Processed(true, false, "", new float[0], false, 10);
    }

    @Override
    public void armWatches(List<String> instructions) {
      armed.add(instructions);
    }

    @Override
    public void close() { }
  }

  private static PipelineSettings settings(int maxFailedUnits) {
    return new PipelineSettings(QueuePolicy.BLOCK, 2, 2.0, SelfVoiceGate.Mode.OFF, 20, 3.0, KindRules.none(), "cam",
        "mic", "spk").withMaxFailedUnits(maxFailedUnits);
  }

  private static ConversationPipeline start(PipelineSettings s, UnitProcessor model, List<OutputEvent> events) {
    return ConversationPipeline.start(s, model, new RosOutputs(new ConversationPipelineTest.Recording(), () -> T0,
        "spk", "mic").andThen(events::add), null, () -> T0);
  }

  /** Feeds {@code seconds} of silence from another thread; completes when every message was handed over. */
  private static CompletableFuture<Void> feed(ConversationPipeline p, int fromS, int seconds) {
    return CompletableFuture.runAsync(() -> {
      for (int k = fromS * 10; k < (fromS + seconds) * 10; k++) {
        ByteBuffer b = ByteBuffer.allocate(3200).order(ByteOrder.LITTLE_ENDIAN);
        p.input().onAudio(new RawAudio(T0 + k * 100_000_000L, "mic", 16000, 1, "S16LE", b.array()));
      }
    });
  }

  @Test
  void unitsFailingInARowEndTheModelAndNoSourceWaitsOnIt() throws Exception {
    FailingModel model = new FailingModel(i -> i >= 2, false);
    List<OutputEvent> events = new CopyOnWriteArrayList<>();
    try (LogLines log = new LogLines(ModelWorker.class);
         ConversationPipeline p = start(settings(4), model, events)) {
      // 60 s of input through a blocking queue of 2: only a closed queue lets the feeder through.
      feed(p, 0, 60).get(60, TimeUnit.SECONDS);
      Await.until("the model to fail", Duration.ofSeconds(30), () -> p.modelFailure().isPresent());

      assertThat(p.modelFailure().get()).contains("4 units in a row failed").contains("model.max_failed_units")
          .contains("engine failed on unit 5");
      assertThat(model.seen).hasSize(6);
      assertThat(p.unitsProcessed()).isEqualTo(2);
      assertThat(p.unitsFailed()).isEqualTo(4);
      ConversationHealth h = p.health();
      assertThat(h.modelFailed()).isTrue();
      assertThat(h.failedInARow()).isEqualTo(4);
      assertThat(h.lastFailure()).contains("engine failed on unit 5");
      ConversationStatus status = ConversationStatus.of(h, h.failedUnits());
      assertThat(status.level()).isEqualTo(DiagnosticStatus.ERROR);
      assertThat(status.message()).startsWith("model failed: 4 units in a row failed");

      CompletableFuture<String> told = new CompletableFuture<>();
      p.whenModelFails(told::complete);
      assertThat(told.get(1, TimeUnit.SECONDS)).isEqualTo(p.modelFailure().get());
      p.finishInput();
      // one line for the first failed unit, then the counted ones and the end
      assertThat(log.messages().stream().filter(m -> m.contains("failed in the model and is skipped"))).hasSize(1);
      assertThat(log.messages()).anyMatch(m -> m.contains("3 more like this"))
          .anyMatch(m -> m.startsWith("the model failed and the conversation stops"));
    }
  }

  @Test
  void aSessionThatCannotStartIsAFailedModelNotAHang() throws Exception {
    FailingModel model = new FailingModel(i -> false, true);
    List<OutputEvent> events = new CopyOnWriteArrayList<>();
    try (ConversationPipeline p = start(settings(10), model, events)) {
      feed(p, 0, 30).get(60, TimeUnit.SECONDS);
      Await.until("the model to fail", Duration.ofSeconds(30), () -> p.modelFailure().isPresent());
      assertThat(p.modelFailure().get()).startsWith("the model could not start its session")
          .contains("LLM key cache is full");
      assertThat(model.seen).isEmpty();
      ConversationStatus status = ConversationStatus.of(p.health(), 0);
      assertThat(status.level()).isEqualTo(DiagnosticStatus.ERROR);
      assertThat(status.message()).contains("could not start its session");
      assertThat(p.finishInput(10_000)).isTrue();
    }
  }

  @Test
  void aUnitThatFailsNowAndThenIsReportedWhileTheModelGoesOn() throws Exception {
    FailingModel model = new FailingModel(i -> i == 1 || i == 3, false);
    List<OutputEvent> events = new CopyOnWriteArrayList<>();
    try (ConversationPipeline p = start(settings(2), model, events)) {
      feed(p, 0, 4).get(60, TimeUnit.SECONDS); // units to 0.995, 1.995, 2.995, 3.995 s: the 2nd and 4th fail
      Await.until("four units", Duration.ofSeconds(30), () -> p.unitsFailed() + p.unitsProcessed() == 4);
      ConversationHealth h = p.health();
      assertThat(h.failedUnits()).isEqualTo(2);
      assertThat(h.failedInARow()).isEqualTo(1);
      assertThat(h.lastFailure()).contains("engine failed on unit 3");
      ConversationStatus status = ConversationStatus.of(h, h.failedUnits());
      assertThat(status.level()).as("the last unit failed").isEqualTo(DiagnosticStatus.ERROR);
      assertThat(status.message()).contains("1 in a row").contains("engine failed on unit 3");

      feed(p, 4, 1).get(60, TimeUnit.SECONDS);
      Await.until("the fifth unit", Duration.ofSeconds(30), () -> p.unitsProcessed() == 3);
      h = p.health();
      assertThat(h.failedInARow()).isZero();
      assertThat(ConversationStatus.of(h, h.failedUnits()).level()).isEqualTo(DiagnosticStatus.OK);
      p.finishInput();
      assertThat(p.modelFailure()).isEmpty();
    }
  }

  @Test
  void aWatchWhoseUnitFailsIsNotListedAsArmed() throws Exception {
    FailingModel model = new FailingModel(i -> i == 2, false);
    List<OutputEvent> events = new CopyOnWriteArrayList<>();
    try (ConversationPipeline p = start(settings(10), model, events)) {
      feed(p, 0, 2).get(60, TimeUnit.SECONDS); // units to 0.995 and 1.995 s
      Await.until("two units", Duration.ofSeconds(30), () -> model.seen.size() == 2);
      // given to the model with the third unit (to 2.995 s), which fails
      p.input().onWatchRequest(new WatchRequest("", WatchRequest.Action.ADD, "door", "the door opens", 0, false));
      feed(p, 2, 1).get(60, TimeUnit.SECONDS);
      Await.until("the third unit to fail and its watch to leave the list", Duration.ofSeconds(30),
          () -> p.unitsFailed() == 1 && events.stream().anyMatch(e -> e instanceof WatchListChanged w
              && w.watches().isEmpty()));
      p.input().onWatchRequest(new WatchRequest("", WatchRequest.Action.ADD, "light", "the light turns green", 0, false));
      feed(p, 3, 3).get(60, TimeUnit.SECONDS);
      p.finishInput();
    }
    assertThat(model.armed).containsExactly(
        List.of("Please keep watching and tell me as soon as this happens: the door opens"),
        List.of("Please keep watching and tell me as soon as this happens: the light turns green"));
    List<List<String>> lists = events.stream().filter(e -> e instanceof WatchListChanged)
        .map(e -> ((WatchListChanged) e).watches().stream().map(Watch::id).toList()).toList();
    assertThat(lists).containsExactly(List.of("door"), List.of(), List.of("light"));
  }
}
