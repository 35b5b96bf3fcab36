package org.duplexnode.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.duplexnode.ingest.SelfVoiceGate;
import org.duplexnode.ingest.image.ModelImage;
import org.duplexnode.outputs.KindRules;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.OutputEvent;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.WatchListChanged;
import org.duplexnode.ports.WatchRequest;
import org.duplexnode.session.AudioUnit;
import org.duplexnode.session.QueuePolicy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Watch requests are applied, listed and answered as they arrive, with or without microphone
 * audio, and the model is given a watch at the next unit.
 */
@Tag("integration")
class WatchRepliesTest {
  static final long S = 1_000_000_000L;
  static final long T0 = 1000 * S;

  /** Listens; records the armed sets; its session starts when {@code started} opens. */
  static final class ListeningModel implements UnitProcessor {
    final CountDownLatch started = new CountDownLatch(1);
    final List<List<String>> armed = new CopyOnWriteArrayList<>();
    final List<Integer> armedAtUnit = new CopyOnWriteArrayList<>();
    volatile int units;
    volatile int budget = Integer.MAX_VALUE;

    @Override public void prepare() {
      try {
        started.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override public void armWatches(List<String> instructions) {
      armed.add(instructions);
      armedAtUnit.add(units);
    }

    @Override public int textTokens(String text) { return text.length(); }

    @Override public int textBudgetTokens() { return budget; }

    @Override
    public Processed process(AudioUnit audio, ModelImage frame, boolean forceListen) {
      units++;
      return new Processed(true, false, "", new float[0], false, 10);
    }

    @Override public void close() { }
  }

  static PipelineSettings settings() {
    return new PipelineSettings(QueuePolicy.BLOCK, 2, 2.0, SelfVoiceGate.Mode.OFF, 20, 3.0, KindRules.none(),
        "cam", "mic", "spk");
  }

  static WatchRequest add(String requestId, String id, String condition) {
    return new WatchRequest(requestId, WatchRequest.Action.ADD, id, condition, 0, false);
  }

  static void audio(ConversationPipeline p, long fromNs, int messages) {
    for (int k = 0; k < messages; k++) {
      ByteBuffer b = ByteBuffer.allocate(3200).order(ByteOrder.LITTLE_ENDIAN);
      p.input().onAudio(new RawAudio(fromNs + k * 100_000_000L, "mic", 16000, 1, "S16LE", b.array()));
    }
  }

  static List<CommandReply> replies(List<OutputEvent> events) {
    return events.stream().filter(e -> e instanceof CommandReply).map(e -> (CommandReply) e).toList();
  }

  @Test
  void answeredAndListedAtOnceWithNoAudioThenArmedAtTheFirstUnit() throws Exception {
    ListeningModel model = new ListeningModel();
    model.started.countDown();
    List<OutputEvent> events = new CopyOnWriteArrayList<>();
    try (ConversationPipeline p = ConversationPipeline.start(settings(), model, OutputPort.ofEach(events::add), null,
        () -> T0)) {
      p.input().onWatchRequest(add("r1", "green", "the light turns green"));
      p.input().onWatchRequest(add("r2", "green", "the light turns green again"));
      p.input().onWatchRequest(new WatchRequest("r3", WatchRequest.Action.REMOVE, "door", "", 0, false));

      // No audio has come, no unit has run: the list and the answers are out all the same (as
      // soon as the model thread has started its session and knows its watch budget).
      long until = System.nanoTime() + 10 * S;
      while (replies(events).size() < 3 && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      assertThat(model.units).isZero();
      assertThat(replies(events)).extracting(CommandReply::requestId, CommandReply::accepted, CommandReply::reason)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("r1", true, ""),
              org.assertj.core.groups.Tuple.tuple("r2", false, CommandReply.DUPLICATE_ID),
              org.assertj.core.groups.Tuple.tuple("r3", false, CommandReply.UNKNOWN_ID));
      // The list that shows the watch comes before the reply that says it was added.
      assertThat(events.get(0)).isInstanceOf(WatchListChanged.class);
      assertThat(((WatchListChanged) events.get(0)).watches()).extracting(w -> w.id()).containsExactly("green");
      assertThat(events.get(1)).isEqualTo(replies(events).get(0));
      assertThat(replies(events).get(0).command()).isEqualTo("watch");
      assertThat(replies(events).get(0).stampNs()).isEqualTo(T0); // node clock: no audio time yet

      audio(p, T0 + 5 * S, 25);
      p.finishInput();
    }
    // Stamped by the node clock before any audio, yet armed from the first unit, whatever the
    // microphone's clock says.
    assertThat(model.armed).containsExactly(
        List.of("Please keep watching and tell me as soon as this happens: the light turns green"));
    assertThat(model.armedAtUnit).containsExactly(0);
  }

  @Test
  void requestsBeforeTheModelKnowsItsBudgetAreAnsweredWhenItDoes() throws Exception {
    ListeningModel model = new ListeningModel();
    model.budget = 120; // one instruction (about 90 characters) fits, two do not
    List<OutputEvent> events = new CopyOnWriteArrayList<>();
    try (ConversationPipeline p = ConversationPipeline.start(settings(), model, OutputPort.ofEach(events::add), null,
        () -> T0)) {
      p.input().onWatchRequest(add("a", "green", "the light turns green"));
      p.input().onWatchRequest(add("b", "door", "the door opens"));
      Thread.sleep(200);
      assertThat(replies(events)).isEmpty(); // the model has not started its session: no budget yet

      model.started.countDown();
      long until = System.nanoTime() + 10 * S;
      while (replies(events).size() < 2 && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      assertThat(replies(events)).extracting(CommandReply::requestId, CommandReply::accepted, CommandReply::reason)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("a", true, ""),
              org.assertj.core.groups.Tuple.tuple("b", false, CommandReply.OVER_BUDGET));
      assertThat(replies(events).get(1).message()).contains("does not fit the model's context");
      p.finishInput();
    }
  }

  @Test
  void aRequestDuringAudioIsArmedFromTheUnitThatHoldsItsArrival() throws Exception {
    ListeningModel model = new ListeningModel();
    model.started.countDown();
    List<OutputEvent> events = new CopyOnWriteArrayList<>();
    try (ConversationPipeline p = ConversationPipeline.start(settings(), model, OutputPort.ofEach(events::add), null,
        () -> T0)) {
      audio(p, T0, 25); // 2.5 s
      p.input().onWatchRequest(add("r", "green", "the light turns green"));
      audio(p, T0 + 2_500_000_000L, 25);
      p.finishInput();
    }
    CommandReply reply = replies(events).get(0);
    assertThat(reply.accepted()).isTrue();
    assertThat(reply.stampNs()).isEqualTo(T0 + 2_400_000_000L); // the last audio message before it
    // Units end near 1, 2, 3 s...: the third (index 2) is the first to end after 2.4 s.
    assertThat(model.armedAtUnit).containsExactly(2);
  }
}
