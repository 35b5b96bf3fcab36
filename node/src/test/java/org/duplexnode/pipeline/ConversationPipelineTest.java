package org.duplexnode.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import duplex_msgs.msg.dds.State;
import duplex_msgs.msg.dds.Transcript;
import duplex_msgs.msg.dds.WatchList;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.duplexnode.ingest.SelfVoiceGate;
import org.duplexnode.ingest.image.ModelImage;
import org.duplexnode.outputs.KindRules;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.RawImage;
import org.duplexnode.ports.WatchRequest;
import org.duplexnode.replay.RunRecord;
import org.duplexnode.ros.MessageChannel;
import org.duplexnode.ros.MessageChannels;
import org.duplexnode.ros.RosOutputs;
import org.duplexnode.ros.TopicSpec;
import org.duplexnode.session.AudioUnit;
import org.duplexnode.session.QueuePolicy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The whole pipeline with a scripted model: units, frames, watches, outputs. */
@Tag("integration")
class ConversationPipelineTest {
  static final long S = 1_000_000_000L;

  /** Listens for 3 units, then speaks two units and ends its turn. */
  static final class ScriptedModel implements UnitProcessor {
    final List<AudioUnit> units = new ArrayList<>();
    final List<Boolean> frames = new ArrayList<>();
    final List<String> injected = new ArrayList<>();

    @Override public void prepare() { }

    @Override public void injectText(String text) { injected.add(text); }

    /** The armed sets the model was told, in order. */
    final List<List<String>> armed = new ArrayList<>();

    @Override public void armWatches(List<String> instructions) { armed.add(instructions); }

    @Override
    public Processed process(AudioUnit audio, ModelImage frame, boolean forceListen) {
      units.add(audio);
      frames.add(frame != null);
      int i = units.size() - 1;
      if (i == 3 || i == 4) {
        return new Processed(false, false, i == 3 ? "The light" : " is green", new float[24000], i == 4, 100 + i);
      }
      return new Processed(true, i < 3, "", new float[0], false, 100 + i);
    }

    @Override public void close() { }
  }

  static final class Recording implements MessageChannels {
    final List<Object> sent = new ArrayList<>();

    @Override
    public <T> MessageChannel<T> open(TopicSpec<T> spec) {
      return (m, t) -> {
        if (m instanceof Transcript tr) {
          Transcript c = new Transcript();
          c.set(tr);
          sent.add(c);
        } else if (m instanceof State st) {
          State c = new State();
          c.set(st);
          sent.add(c);
        } else if (m instanceof WatchList w) {
          sent.add(w);
        }
      };
    }
  }

  @Test
  void unitsFramesWatchesAndOutputsFlowThrough() throws Exception {
    PipelineSettings s = new PipelineSettings(QueuePolicy.BLOCK, 2, 2.0, SelfVoiceGate.Mode.OFF, 20, 3.0,
        KindRules.none(), "cam", "mic", "spk");
    ScriptedModel model = new ScriptedModel();
    Recording out = new Recording();
    RunRecord record = new RunRecord();
    long t0 = 1000 * S;
    record.start(t0);
    try (ConversationPipeline p = ConversationPipeline.start(s, model,
        new RosOutputs(out, () -> t0, "spk", "mic"), record, () -> t0)) {
      p.input().onWatchRequest(new WatchRequest("", WatchRequest.Action.ADD, "w1", "the light turns green", 0, true));
      // 6.5 s of 16 kHz mono S16LE in 100 ms messages, a 64x48 rgb8 frame every 500 ms.
      for (int k = 0; k < 65; k++) {
        long stamp = t0 + k * 100_000_000L;
        if (k % 5 == 0) {
          p.input().onImage(new RawImage(stamp, "cam", 64, 48, "rgb8", false, 64 * 3, new byte[64 * 48 * 3]));
        }
        ByteBuffer b = ByteBuffer.allocate(3200).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 1600; i++) {
          b.putShort((short) 0); // silence: the user is not heard, so the alert is proactive
        }
        p.input().onAudio(new RawAudio(stamp, "mic", 16000, 1, "S16LE", b.array()));
      }
      p.finishInput();
      // 6.5 s: unit 0 takes 1.03 s - 0.035 s of padding... then 1 s each: 6 full units, the 7th completed at the end
      assertThat(model.units).hasSizeGreaterThanOrEqualTo(6);
      assertThat(model.units.get(0).startNanos()).isLessThanOrEqualTo(t0);
      assertThat(model.frames).contains(true);
      assertThat(p.unitsDropped()).isZero();
    }
    List<Transcript> transcripts = out.sent.stream().filter(o -> o instanceof Transcript).map(o -> (Transcript) o).toList();
    assertThat(transcripts).hasSize(2);
    assertThat(transcripts.get(1).getTextSoFarAsString()).isEqualTo("The light is green");
    assertThat(transcripts.get(1).getIsFinal()).isTrue();
    assertThat(transcripts.get(0).getProactive()).isTrue();
    assertThat(record.alerts()).hasSize(1);
    assertThat(record.alerts().get(0).watchId()).isEqualTo("w1");
    assertThat(out.sent.stream().filter(o -> o instanceof State).count()).isEqualTo(model.units.size());
    assertThat(out.sent.stream().filter(o -> o instanceof WatchList).count()).isEqualTo(2); // added, then fired once
    assertThat(record.units()).hasSize(model.units.size());
    // Given to the model only as the armed set, not a second time as a unit's text.
    assertThat(model.injected).isEmpty();
    // The model holds the watch while it is armed and is told when it fired (once) and ended.
    assertThat(model.armed).containsExactly(
        List.of("Please keep watching and tell me as soon as this happens: the light turns green"), List.of());
  }

  @Test
  void theModelIsToldTheArmedSetWhenAWatchExpires() throws Exception {
    PipelineSettings s = new PipelineSettings(QueuePolicy.BLOCK, 2, 2.0, SelfVoiceGate.Mode.OFF, 20, 3.0,
        KindRules.none(), "cam", "mic", "spk");
    ScriptedModel model = new ScriptedModel();
    long t0 = 1000 * S;
    try (ConversationPipeline p = ConversationPipeline.start(s, model,
        new RosOutputs(new Recording(), () -> t0, "spk", "mic"), null, () -> t0)) {
      p.input().onWatchRequest(new WatchRequest("", WatchRequest.Action.ADD, "door", "the door opens", 2.0, false));
      p.input().onWatchRequest(new WatchRequest("", WatchRequest.Action.ADD, "cup", "a cup falls", 0, false));
      for (int k = 0; k < 65; k++) {
        p.input().onAudio(new RawAudio(t0 + k * 100_000_000L, "mic", 16000, 1, "S16LE", new byte[3200]));
      }
      p.finishInput();
    }
    String door = "Please keep watching and tell me as soon as this happens: the door opens";
    String cup = "Please keep watching and tell me as soon as this happens: a cup falls";
    // Told once when both were added and once when the door's watch expired, not at every unit.
    assertThat(model.armed).containsExactly(List.of(door, cup), List.of(cup));
  }

  @Test
  void aChineseWatchIsAskedForInChineseAndARemarkAboutSomethingElseLeavesItArmed() throws Exception {
    PipelineSettings s = new PipelineSettings(QueuePolicy.BLOCK, 2, 2.0, SelfVoiceGate.Mode.OFF, 20, 3.0,
        KindRules.none(), "cam", "mic", "spk", PipelineSettings.DEFAULT_UNIT_TIMEOUT_S,
        PipelineSettings.DEFAULT_MAX_FAILED_UNITS, org.duplexnode.outputs.WatchLanguage.ZH);
    ScriptedModel model = new ScriptedModel();
    Recording out = new Recording();
    RunRecord record = new RunRecord();
    long t0 = 1000 * S;
    record.start(t0);
    try (ConversationPipeline p = ConversationPipeline.start(s, model,
        new RosOutputs(out, () -> t0, "spk", "mic"), record, () -> t0)) {
      p.input().onWatchRequest(new WatchRequest("", WatchRequest.Action.ADD, "w1", "门铃响了告诉我", 0, true));
      for (int k = 0; k < 65; k++) {
        p.input().onAudio(new RawAudio(t0 + k * 100_000_000L, "mic", 16000, 1, "S16LE", new byte[3200]));
      }
      p.finishInput();
    }
    // Armed in Chinese, and still armed at the end: the remark did not consume the once watch.
    assertThat(model.armed).containsExactly(List.of("请一直留意，一旦发生以下情况就马上告诉我：门铃响了告诉我"));
    // "The light is green" is not about the doorbell: an event without a watch, the once watch stays armed
    assertThat(record.alerts()).hasSize(1);
    assertThat(record.alerts().get(0).watchId()).isEmpty();
    assertThat(out.sent.stream().filter(o -> o instanceof WatchList).count()).isEqualTo(1); // added only
  }
}
