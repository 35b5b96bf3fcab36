package org.duplexnode.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.duplexnode.pipeline.WatchRepliesTest.audio;
import static org.duplexnode.pipeline.WatchRepliesTest.replies;
import static org.duplexnode.pipeline.WatchRepliesTest.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.duplexnode.ingest.image.ModelImage;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.ConversationControl;
import org.duplexnode.ports.OutputEvent;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.TranscriptUpdate;
import org.duplexnode.ports.WatchListChanged;
import org.duplexnode.ports.WatchRequest;
import org.duplexnode.session.AudioUnit;
import org.duplexnode.testing.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ~/say, ~/context and ~/reset through the pipeline with a scripted model: each is answered,
 * and the model and the outputs follow it at the right unit.
 */
@Tag("integration")
class ConversationControlTest {
  // settings(), audio() and replies() are WatchRepliesTest's: the same pipeline, fed the same way.
  static final long S = 1_000_000_000L;
  static final long T0 = 1000 * S;

  /** Speaks what it is told to say, one word per unit; speaks on its own in units 3 to 6. */
  static final class SayingModel implements UnitProcessor {
    final List<String> says = new CopyOnWriteArrayList<>();
    final List<Integer> saidAtUnit = new CopyOnWriteArrayList<>();
    final List<List<String>> armed = new CopyOnWriteArrayList<>();
    final List<Integer> resetsAtUnit = new CopyOnWriteArrayList<>();
    final List<Boolean> forced = new CopyOnWriteArrayList<>();
    final List<String> words = new ArrayList<>();
    volatile int units;
    boolean ownTurn;

    @Override public void prepare() { }

    @Override public void reset() {
      resetsAtUnit.add(units);
      words.clear();
    }

    @Override public boolean speaksText() { return true; }

    volatile boolean saidLast;

    @Override public boolean lastUnitSaid() { return saidLast; }

    @Override public void say(String text) {
      says.add(text);
      saidAtUnit.add(units);
      words.addAll(List.of(text.split(" ")));
    }

    @Override public void armWatches(List<String> instructions) { armed.add(instructions); }

    @Override public int textTokens(String text) { return text.length(); }

    @Override public int textBudgetTokens() { return 400; }

    @Override
    public Processed process(AudioUnit audio, ModelImage frame, boolean forceListen) {
      int i = units++;
      forced.add(forceListen);
      saidLast = false;
      if (forceListen) {
        ownTurn = false;
        return new Processed(true, true, "", new float[0], false, 10);
      }
      saidLast = !words.isEmpty();
      if (!words.isEmpty()) {
        String w = words.remove(0);
        return new Processed(false, false, w + " ", new float[24000], words.isEmpty(), 10);
      }
      if (i >= 3 && i <= 6 && !ownTurn) {
        return new Processed(false, false, "chat" + i + " ", new float[24000], i == 6, 10);
      }
      return new Processed(true, false, "", new float[0], false, 10);
    }

    @Override public void close() { }
  }

  @Test
  void contextNotesAreAnsweredAtOnceAndHeldBeforeTheWatches() throws Exception {
    SayingModel model = new SayingModel();
    List<OutputEvent> events = new CopyOnWriteArrayList<>();
    try (ConversationPipeline p = ConversationPipeline.start(settings(), model, OutputPort.ofEach(events::add), null,
        () -> T0)) {
      p.input().onControl(new ConversationControl.Context("c1", ConversationControl.Context.Action.ADD, "name",
          "The user's name is Ana."));
      p.input().onWatchRequest(new WatchRequest("w1", WatchRequest.Action.ADD, "door", "the door opens", 0, false));
      p.input().onControl(new ConversationControl.Context("c2", ConversationControl.Context.Action.ADD, "name",
          "again"));
      p.input().onControl(new ConversationControl.Context("c3", ConversationControl.Context.Action.ADD, "long",
          "x".repeat(1000))); // 1000 tokens here: over the 400-token budget
      p.input().onControl(new ConversationControl.Context("c4", ConversationControl.Context.Action.REMOVE, "nope",
          ""));
      Await.until("five answers", java.time.Duration.ofSeconds(10), () -> replies(events).size() == 5);
      assertThat(replies(events)).extracting(CommandReply::requestId, CommandReply::command, CommandReply::accepted,
          CommandReply::reason).containsExactly(tuple("c1", "context", true, ""), tuple("w1", "watch", true, ""),
          tuple("c2", "context", false, CommandReply.DUPLICATE_ID),
          tuple("c3", "context", false, CommandReply.OVER_BUDGET),
          tuple("c4", "context", false, CommandReply.UNKNOWN_ID));
      audio(p, T0, 15);
      p.input().onControl(new ConversationControl.Context("c5", ConversationControl.Context.Action.REMOVE, "name",
          ""));
      audio(p, T0 + 1_500_000_000L, 15);
      p.finishInput();
    }
    assertThat(model.armed).containsExactly(
        List.of("The user's name is Ana.", "Please keep watching and tell me as soon as this happens: the door opens"),
        List.of("Please keep watching and tell me as soon as this happens: the door opens"));
  }

  @Test
  void aSaidTextIsQueuedAfterTheUtteranceOrCutsItAndAResetStartsAgain() throws Exception {
    SayingModel model = new SayingModel();
    List<OutputEvent> events = new CopyOnWriteArrayList<>();
    try (ConversationPipeline p = ConversationPipeline.start(settings(), model, OutputPort.ofEach(events::add), null,
        () -> T0)) {
      p.input().onWatchRequest(new WatchRequest("w", WatchRequest.Action.ADD, "door", "the door opens", 0, false));
      audio(p, T0, 45); // units 0..3; the model starts its own turn at unit 3
      Await.until("unit 3", java.time.Duration.ofSeconds(10), () -> model.units >= 4);
      p.input().onControl(new ConversationControl.Say("s1", "hello Ana", true)); // cuts it
      audio(p, T0 + 4_500_000_000L, 30); // units 4..6
      Await.until("unit 6", java.time.Duration.ofSeconds(10), () -> model.units >= 7);
      p.input().onControl(new ConversationControl.Reset("r1", false, true));
      audio(p, T0 + 7_500_000_000L, 15);
      p.finishInput();
    }
    // Cut: unit 4 is forced to listen, and the text is said from unit 5, one word a unit.
    assertThat(model.forced.get(4)).isTrue();
    assertThat(model.saidAtUnit).containsExactly(5);
    List<TranscriptUpdate> finals = events.stream().filter(e -> e instanceof TranscriptUpdate t && t.isFinal())
        .map(e -> (TranscriptUpdate) e).toList();
    assertThat(finals.get(0).textSoFar()).isEqualTo("chat3 ");
    assertThat(finals.get(0).interrupted()).isTrue();
    assertThat(finals.get(1).textSoFar()).isEqualTo("hello Ana ");
    assertThat(finals.get(1).proactive()).as("said for a behaviour: not proactive").isFalse();
    assertThat(events).filteredOn(e -> e instanceof org.duplexnode.ports.ProactiveAlert a
        && a.text().contains("hello")).isEmpty();
    assertThat(replies(events)).extracting(CommandReply::requestId, CommandReply::accepted)
        .containsExactly(tuple("w", true), tuple("s1", true), tuple("r1", true));
    // The reset came with the audio to 7.4 s: applied before unit 7, watches cleared.
    assertThat(model.resetsAtUnit).containsExactly(7);
    assertThat(replies(events).get(2).message()).isEqualTo("new conversation: watches cleared, context kept");
    List<WatchListChanged> lists = events.stream().filter(e -> e instanceof WatchListChanged)
        .map(e -> (WatchListChanged) e).toList();
    assertThat(lists.get(lists.size() - 1).watches()).isEmpty();
    assertThat(events.indexOf(lists.get(lists.size() - 1))).isLessThan(events.indexOf(replies(events).get(2)));
  }

  @Test
  void aResetWithNoAudioIsAnsweredAndASayToAModelWithoutSpeechIsRefused() throws Exception {
    WatchRepliesTest.ListeningModel model = new WatchRepliesTest.ListeningModel();
    model.started.countDown();
    List<OutputEvent> events = new CopyOnWriteArrayList<>();
    try (ConversationPipeline p = ConversationPipeline.start(settings(), model, OutputPort.ofEach(events::add), null,
        () -> T0)) {
      p.input().onControl(new ConversationControl.Reset("r", true, true));
      p.input().onControl(new ConversationControl.Say("s", "hello", false));
      p.input().onControl(new ConversationControl.Say("s2", " ", false));
      Await.until("three answers", java.time.Duration.ofSeconds(10), () -> replies(events).size() == 3);
      assertThat(replies(events)).extracting(CommandReply::requestId, CommandReply::accepted, CommandReply::reason)
          .containsExactlyInAnyOrder(tuple("r", true, ""), tuple("s", false, CommandReply.UNSUPPORTED),
              tuple("s2", false, CommandReply.UNSUPPORTED));
      assertThat(model.units).isZero();
      p.finishInput();
    }
  }
}
