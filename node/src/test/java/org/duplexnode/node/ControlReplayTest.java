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

  private List<String> replay(Path bag, String name) throws Exception {
    ParameterSet p = new ParameterSet(NodeParameters.all());
    ReplayRun.Outcome o = ReplayRun.run(new ReplayRun.Options(bag, DemoFiles.MODEL, dir.resolve(name), 0, false, 0,
        true, Optional.empty(), name), RosArgs.empty(), p, new NodeIdentity("duplex_node", "/"),
        new PrintStream(new ByteArrayOutputStream()));
    assertThat(o.record().units()).hasSizeGreaterThanOrEqualTo(12);
    return ReplayRunTest.outputs(o.outputBag());
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
