package org.duplexnode.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.ingest.SelfVoiceGate;
import org.duplexnode.logging.LogLines;
import org.duplexnode.model.ContextBudget;
import org.duplexnode.model.DuplexModel;
import org.duplexnode.model.spec.RuntimeOptions;
import org.duplexnode.outputs.KindRules;
import org.duplexnode.outputs.WatchBook;
import org.duplexnode.ports.OutputEvent;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.Watch;
import org.duplexnode.ports.WatchListChanged;
import org.duplexnode.ports.WatchRequest;
import org.duplexnode.ports.WatchRules;
import org.duplexnode.ros.RosOutputs;
import org.duplexnode.session.QueuePolicy;
import org.duplexnode.testing.DemoFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Watches against the real tiny model's context budget: ADDs within the documented limits (256
 * watches, 1,024 characters) but beyond what the model's context holds are refused with the
 * reason, no unit fails, the watch list shows exactly the watches the model got, and a flood of
 * refused ADDs writes a bounded number of log lines.
 */
@Tag("integration")
class WatchBudgetTest {
  private static final long S = 1_000_000_000L;
  private static final long T0 = 1000 * S;

  /**
   * A 1,024-character condition, different for each {@code n}: a code to watch for, whose digits
   * the tokenizer takes one by one, so twenty of them (about 20,000 tokens) overflow the 8192-row
   * cache when fed with one unit.
   */
  static String condition(int n) {
    StringBuilder b = new StringBuilder("the display shows this code " + n + ":");
    java.util.Random digits = new java.util.Random(n);
    while (b.length() < WatchRules.MAX_CONDITION_CHARS) {
      b.append(' ').append(1000 + digits.nextInt(9000));
    }
    return b.substring(0, WatchRules.MAX_CONDITION_CHARS);
  }

  @Test
  void theBudgetComesFromTheCacheTheWindowAndOneUnit() {
    try (DuplexModel model = DuplexModel.open(DemoFiles.MODEL, OnnxRuntimeEngine.cpu(),
        RuntimeOptions.greedyDecoding())) {
      model.prepare();
      ContextBudget b = model.contextBudget();
      assertThat(b.cacheRows()).isEqualTo(8192); // the runtime's rows; the package allows 40960
      assertThat(b.window().highTokens()).isEqualTo(4000);
      assertThat(b.window().lowTokens()).isEqualTo(3500);
      // <unit>, 64 image queries + 2, 10 audio embeddings, 20 generated tokens, terminator + </unit>
      assertThat(b.unitTokens()).isEqualTo(99);
      assertThat(b.systemTokens()).isEqualTo(model.systemLength()).isPositive();
      assertThat(b.systemLimit()).isEqualTo(8192 - 99);
      assertThat(b.windowKeepsUnits()).isTrue();
      assertThat(b.textTokens()).isEqualTo(3500 - 99 - model.systemLength());
      assertThat(model.contextBudget(model.defaultSystemText(), null)).isEqualTo(b);
    }
  }

  @Test
  void addsThatDoNotFitTheModelsContextAreRefusedAndNoUnitFails() throws Exception {
    PipelineSettings s = new PipelineSettings(QueuePolicy.BLOCK, 2, 2.0, SelfVoiceGate.Mode.OFF, 20, 3.0,
        KindRules.none(), "cam", "mic", "spk").withUnitTimeoutS(600); // a slow shared CPU must not fail units
    DuplexModelProcessor model = new DuplexModelProcessor(DuplexModel.open(DemoFiles.MODEL,
        OnnxRuntimeEngine.cpu(), RuntimeOptions.greedyDecoding()));
    List<OutputEvent> events = new CopyOnWriteArrayList<>();
    List<String> log;
    ConversationPipeline p = ConversationPipeline.start(s, model, new RosOutputs(
        new ConversationPipelineTest.Recording(), () -> T0, "spk", "mic").andThen(events::add), null, () -> T0);
    try (LogLines lines = new LogLines(CommandDesk.class)) {
      feed(p, 0, 1);
      for (int n = 0; n < 20; n++) {
        p.input().onWatchRequest(new WatchRequest("", WatchRequest.Action.ADD, "w" + n, condition(n), 0, false));
      }
      feed(p, 1, 2);
      for (int n = 20; n < 10_020; n++) {
        p.input().onWatchRequest(new WatchRequest("", WatchRequest.Action.ADD, "w" + n, condition(n), 0, false));
      }
      feed(p, 3, 2);
      p.finishInput();
      log = lines.messages();

      assertThat(p.unitsFailed()).isZero();
      assertThat(p.unitsProcessed()).isEqualTo(6); // to 0.995 .. 4.995 s, and the rest completed at the end
      List<String> armed = events.stream().filter(e -> e instanceof WatchListChanged)
          .map(e -> ((WatchListChanged) e).watches()).reduce((a, b) -> b).orElseThrow()
          .stream().map(Watch::id).toList();
      // the first ones fit, in order, until the budget is spent; every later one is refused
      int each = model.textTokens(WatchBook.instruction(condition(0)));
      int budget = model.textBudgetTokens();
      assertThat(each).isBetween(800, 1100);
      int fit = budget / each;
      assertThat(fit).isBetween(1, 19);
      List<String> expected = new ArrayList<>();
      for (int n = 0; n < fit; n++) {
        expected.add("w" + n);
      }
      assertThat(armed).isEqualTo(expected);
      assertThat(p.health().refusedWatches()).isEqualTo(10_020 - fit);
      assertThat(p.health().failedUnits()).isZero();
      assertThat(p.health().cacheTokens()).isLessThanOrEqualTo(4000);
    } finally {
      p.close();
    }
    // 10,000+ refusals: the first in full, then counts (one line per 10 s and one at the end)
    List<String> refusals = log.stream().filter(m -> m.contains("refused")).toList();
    assertThat(refusals.get(0)).isEqualTo("watch 'w" + refusals.get(0).replaceAll("\\D*(\\d+).*", "$1")
        + "' refused: " + refusals.get(0).substring(refusals.get(0).indexOf("does not fit")));
    assertThat(refusals.get(0)).contains("does not fit the model's context: its instruction is")
        .contains("-token watch budget are free");
    assertThat(refusals.size()).isBetween(2, 6);
    assertThat(refusals.get(refusals.size() - 1)).startsWith("watch refused: ").endsWith("more like this in the last 10 s");
  }

  private static void feed(ConversationPipeline p, int fromS, int seconds) {
    for (int k = fromS * 10; k < (fromS + seconds) * 10; k++) {
      ByteBuffer b = ByteBuffer.allocate(3200).order(ByteOrder.LITTLE_ENDIAN);
      p.input().onAudio(new RawAudio(T0 + k * 100_000_000L, "mic", 16000, 1, "S16LE", b.array()));
    }
  }
}
