package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;

import audio_common_msgs.msg.dds.AudioDataStamped;
import audio_common_msgs.msg.dds.AudioInfo;
import duplex_msgs.msg.dds.CommandReply;
import duplex_msgs.msg.dds.Context;
import duplex_msgs.msg.dds.Reset;
import duplex_msgs.msg.dds.Say;
import duplex_msgs.msg.dds.Transcript;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.duplexnode.bag.Bag;
import org.duplexnode.bag.BagMessage;
import org.duplexnode.bag.MessageDefinition;
import org.duplexnode.bag.QosProfiles;
import org.duplexnode.bag.RosbagWriter;
import org.duplexnode.bag.RosbagWriterOptions;
import org.duplexnode.bag.TopicInfo;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.ingest.image.ModelImage;
import org.duplexnode.pipeline.UnitProcessor;
import org.duplexnode.session.AudioUnit;
import org.duplexnode.ros.CdrCodec;
import org.duplexnode.ros.MessageSchemas;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.ros.QosProfile;
import org.duplexnode.ros.Stamps;
import org.duplexnode.ros.TopicSpec;
import org.duplexnode.testing.DemoFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorded conversation in which a behaviour sends ~/context, ~/say and ~/reset, replayed
 * through the tiny model's real graphs: the output bag answers each command on ~/reply, the
 * robot says the text (transcripts and 24 kHz speech), and the reset takes effect, the same at
 * every replay.
 */
@Tag("integration")
class ControlReplayTest {
  static final long START_NS = 1_767_225_600_000_000_000L;
  static final String SAID = "Hello Ana, welcome back. Your parcel is waiting at the front desk.";

  @TempDir Path dir;

  @Test
  void contextSayAndResetMidConversationAreFollowedInTheOutputs() throws Exception {
    Path bag = dir.resolve("controls");
    writeBag(bag);
    List<String> first = replay(bag, "a");
    List<String> again = replay(bag, "b");
    assertThat(again).as("a replay applies each command at the same unit").isEqualTo(first);
    assertThat(first).as("a said text answers a behaviour: it is no proactive event")
        .noneMatch(line -> line.startsWith("/duplex_node/events@"));

    List<CommandReply> replies = messages(dir.resolve("a/bag"), "/duplex_node/reply", CommandReply.class);
    assertThat(replies).hasSize(3);
    assertThat(replies).extracting(r -> r.getRequestIdAsString()).containsExactly("c1", "s1", "r1");
    assertThat(replies).allMatch(CommandReply::getAccepted);
    assertThat(replies.get(2).getMessageAsString()).isEqualTo("new conversation: watches cleared, context cleared");

    List<Transcript> transcripts = messages(dir.resolve("a/bag"), "/duplex_node/transcript", Transcript.class);
    long sayAt = START_NS + 4_200_000_000L;
    long resetAt = Stamps.toNanos(replies.get(2).getHeader().getStamp());
    List<Transcript> said = transcripts.stream().filter(t -> Stamps.toNanos(t.getHeader().getStamp()) > sayAt
        && Stamps.toNanos(t.getHeader().getStamp()) <= resetAt && t.getIsFinal()).toList();
    assertThat(said).as("the robot said the text, whole, before the reset")
        .anyMatch(t -> t.getTextSoFarAsString().strip().equals(SAID));
    List<AudioDataStamped> speech = messages(dir.resolve("a/bag"), "/duplex_node/speech", AudioDataStamped.class);
    assertThat(speech.stream().filter(s -> Stamps.toNanos(s.getHeader().getStamp()) > sayAt)
        .mapToInt(s -> s.getAudio().getData().size()).sum()).as("speech for the said text").isGreaterThan(48_000);
  }

  /** Says what it is told, five words a unit; otherwise listens; records what it holds and its resets. */
  static final class ScriptedModel implements UnitProcessor {
    final List<String> words = new ArrayList<>();
    final List<List<String>> armed = new ArrayList<>();
    final List<Integer> resetsAtUnit = new ArrayList<>();
    int units;
    boolean saidLast;

    @Override public void prepare() { }

    @Override public void reset() {
      resetsAtUnit.add(units);
      words.clear();
    }

    @Override public boolean speaksText() { return true; }

    @Override public void say(String text) { words.addAll(List.of(text.split(" "))); }

    @Override public boolean lastUnitSaid() { return saidLast; }

    @Override public void armWatches(List<String> instructions) { armed.add(instructions); }

    @Override public int textTokens(String text) { return text.length(); }

    @Override public int textBudgetTokens() { return 4000; }

    @Override
    public Processed process(AudioUnit audio, ModelImage frame, boolean forceListen) {
      units++;
      saidLast = !forceListen && !words.isEmpty();
      if (!saidLast) {
        return new Processed(true, forceListen, "", new float[0], false, 10);
      }
      StringBuilder said = new StringBuilder();
      for (int i = 0; i < 5 && !words.isEmpty(); i++) {
        said.append(words.remove(0)).append(' ');
      }
      return new Processed(false, false, said.toString(), new float[24000], words.isEmpty(), 10);
    }

    @Override public void close() { }
  }

  @Test
  void aScriptedModelGetsTheNoteTheTextAndTheResetAtTheUnitsOfTheirInputTime() throws Exception {
    Path bag = dir.resolve("controls");
    writeBag(bag);
    ScriptedModel model = new ScriptedModel();
    ReplayRun.Outcome o = run(bag, "scripted", real -> model);
    List<CommandReply> replies = messages(o.outputBag(), "/duplex_node/reply", CommandReply.class);
    assertThat(replies).extracting(r -> r.getRequestIdAsString()).containsExactly("c1", "s1", "r1");
    assertThat(replies).allMatch(CommandReply::getAccepted);
    // The note arrived with the audio to 0.4 s: held from unit 0; the reset (audio to 8.2 s) came
    // before unit 8 and cleared it; the text (audio to 4.1 s) was said in units 4 to 6.
    assertThat(model.armed).containsExactly(List.of("The user's name is Ana."), List.of());
    assertThat(model.resetsAtUnit).containsExactly(8);
    List<Transcript> finals = messages(o.outputBag(), "/duplex_node/transcript", Transcript.class).stream()
        .filter(Transcript::getIsFinal).toList();
    assertThat(finals).hasSize(1);
    assertThat(finals.get(0).getTextSoFarAsString().strip()).isEqualTo(SAID);
    assertThat(finals.get(0).getUnitIndex()).isEqualTo(6);
    assertThat(finals.get(0).getProactive()).isFalse();
  }

  private List<String> replay(Path bag, String name) throws Exception {
    ReplayRun.Outcome o = run(bag, name, java.util.function.UnaryOperator.identity());
    assertThat(o.record().units()).hasSizeGreaterThanOrEqualTo(12);
    // 13 s of audio: 13 units and the rest completed at the end; none failed, the one after the reset included.
    assertThat(o.record().units()).hasSize(14);
    return ReplayRunTest.outputs(o.outputBag());
  }

  private ReplayRun.Outcome run(Path bag, String name, java.util.function.UnaryOperator<UnitProcessor> model)
      throws Exception {
    ParameterSet p = new ParameterSet(NodeParameters.all());
    return ReplayRun.run(new ReplayRun.Options(bag, DemoFiles.MODEL, dir.resolve(name), 0, false, 0,
        true, Optional.empty(), name), RosArgs.empty(), p, new NodeIdentity("duplex_node", "/"),
        new PrintStream(new ByteArrayOutputStream()), model);
  }

  private static <T> List<T> messages(Path bag, String topic, Class<T> type) throws Exception {
    CdrCodec<T> codec = new CdrCodec<>(type);
    List<T> out = new ArrayList<>();
    try (Bag b = Bag.open(bag)) {
      for (var it = b.messages(); it.hasNext(); ) {
        BagMessage m = it.next();
        if (m.topic().equals(topic)) {
          T message = codec.newMessage();
          codec.decode(m.data(), message);
          out.add(message);
        }
      }
    }
    return out;
  }

  /** 13 s of quiet microphone, a note at 0.5 s, a say at 4.2 s and a reset at 8.3 s. */
  private static void writeBag(Path folder) throws IOException {
    try (RosbagWriter w = RosbagWriter.create(folder, RosbagWriterOptions.defaults())) {
      write(w, "/audio/in/info", AudioInfo.class, START_NS, info());
      Context c = new Context();
      c.setRequestId("c1");
      c.setAction(Context.ADD);
      c.setContextId("name");
      c.setText("The user's name is Ana.");
      Say s = new Say();
      s.setRequestId("s1");
      s.setText(SAID);
      s.setMode(Say.QUEUE);
      Reset r = new Reset();
      r.setRequestId("r1");
      for (int k = 0; k < 130; k++) {
        long t = START_NS + k * 100_000_000L;
        AudioDataStamped a = new AudioDataStamped();
        Stamps.set(a.getHeader().getStamp(), t);
        a.getAudio().getData().add(new byte[3200]);
        write(w, "/audio/in", AudioDataStamped.class, t, a);
        if (k == 5) {
          write(w, "/duplex_node/context", Context.class, t, c);
        } else if (k == 42) {
          write(w, "/duplex_node/say", Say.class, t, s);
        } else if (k == 83) {
          write(w, "/duplex_node/reset", Reset.class, t, r);
        }
      }
    }
  }

  private static AudioInfo info() {
    AudioInfo ai = new AudioInfo();
    ai.setChannels((byte) 1);
    ai.setSampleRate(16000);
    ai.setSampleFormat("S16LE");
    ai.setCodingFormat("wave");
    return ai;
  }

  private static final java.util.Set<String> ADDED = new java.util.HashSet<>();

  private static <T> void write(RosbagWriter w, String topic, Class<T> type, long t, T message) throws IOException {
    String rosType = TopicSpec.of(topic, type, QosProfile.RELIABLE).rosType();
    if (ADDED.add(w.hashCode() + topic)) {
      w.addTopic(new TopicInfo(topic, rosType, "cdr", 0, QosProfiles.keepLast(10, "reliable", "volatile"), ""),
          new MessageDefinition(rosType, "ros2msg", MessageSchemas.of(rosType)));
    }
    w.write(topic, t, t, new CdrCodec<>(type).encode(message));
  }
}
