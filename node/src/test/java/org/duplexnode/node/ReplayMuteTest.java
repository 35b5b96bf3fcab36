package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import duplex_msgs.msg.dds.CommandReply;
import duplex_msgs.msg.dds.Mute;
import duplex_msgs.msg.dds.SpeechSegment;
import duplex_msgs.msg.dds.State;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
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
import org.duplexnode.ros.CdrCodec;
import org.duplexnode.ros.MessageSchemas;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.session.AudioUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay of the demo bag with ~/mute arriving mid-conversation and an unmute later: the mute is answered in the output bag, the units after it are muted on ~/state and
 * silent, the utterance in progress ends interrupted, and speech comes back after the unmute; the
 * scenario's speech checks say the same. With a scripted model that speaks whenever it may, and
 * with the bundled tiny model.
 */
@Tag("integration")
class ReplayMuteTest {
  static final long START_NS = 1_767_225_600_000_000_000L;
  static final long S = 1_000_000_000L;

  @TempDir Path dir;

  /** Speaks a little at every unit it is not made to listen. */
  static final class Chatterbox implements UnitProcessor {
    @Override public void prepare() { }

    @Override
    public Processed process(AudioUnit audio, ModelImage frame, boolean forceListen) {
      if (forceListen) {
        return new Processed(true, true, "", new float[0], false, 10);
      }
      float[] speech = new float[4800];
      java.util.Arrays.fill(speech, 0.1f);
      return new Processed(false, false, "word ", speech, false, 10);
    }

    @Override public void close() { }
  }

  /** The demo bag with a mute at {@code muteS} and an unmute at {@code unmuteS} (bag time). */
  private Path bagWithMute(double muteS, double unmuteS) throws Exception {
    Path out = dir.resolve("muted-bag");
    long muteNs = START_NS + Math.round(muteS * 1e3) * 1_000_000L;
    long unmuteNs = START_NS + Math.round(unmuteS * 1e3) * 1_000_000L;
    CdrCodec<Mute> codec = new CdrCodec<>(Mute.class);
    String type = "duplex_msgs/msg/Mute";
    try (Bag demo = Bag.open(ReplayRunTest.DEMO_BAG);
         RosbagWriter w = RosbagWriter.create(out, RosbagWriterOptions.defaults())) {
      for (TopicInfo t : demo.topics()) {
        w.addTopic(t, demo.definition(t.type()).orElseThrow());
      }
      w.addTopic(new TopicInfo("/duplex_node/mute", type, "cdr", 0, QosProfiles.keepLast(10, "reliable", "volatile"),
          ""), new MessageDefinition(type, "ros2msg", MessageSchemas.of(type)));
      List<long[]> pending = new ArrayList<>(List.of(new long[] {muteNs, 1}, new long[] {unmuteNs, 0}));
      for (var it = demo.messages(); it.hasNext(); ) {
        BagMessage m = it.next();
        while (!pending.isEmpty() && pending.get(0)[0] <= m.logTimeNs()) {
          Mute mute = new Mute();
          mute.setRequestId(pending.get(0)[1] == 1 ? "hush" : "talk");
          mute.setMuted(pending.get(0)[1] == 1);
          w.write("/duplex_node/mute", pending.get(0)[0], pending.get(0)[0], codec.encode(mute));
          pending.remove(0);
        }
        w.write(m);
      }
    }
    return out;
  }

  private ReplayRun.Outcome replay(double muteS, double unmuteS, String name, UnaryOperator<UnitProcessor> model)
      throws Exception {
    Path bag = bagWithMute(muteS, unmuteS);
    Path scenario = dir.resolve(name + ".scenario.yaml");
    Files.writeString(scenario, """
        name: mute mid-conversation
        checks:
          - no_speech: {from_s: %s, to_s: %s}
          - max_drops: 0
        """.formatted(muteS, unmuteS));
    return ReplayRun.run(new ReplayRun.Options(bag, ReplayRunTest.MODEL, dir.resolve(name), 0, false, 0, true,
        Optional.of(scenario), name), RosArgs.empty(), new ParameterSet(NodeParameters.all()),
        new NodeIdentity("duplex_node", "/"), new PrintStream(new ByteArrayOutputStream()), model);
  }

  /** The output bag's messages on {@code topic}, decoded, with their log times. */
  private static <T> List<T> decoded(Path bag, String topic, Class<T> type, List<Long> times) throws Exception {
    CdrCodec<T> codec = new CdrCodec<>(type);
    List<T> out = new ArrayList<>();
    try (Bag b = Bag.open(bag)) {
      for (var it = b.messages(java.util.Set.of(topic)); it.hasNext(); ) {
        BagMessage m = it.next();
        T msg = codec.newMessage();
        codec.decode(m.data(), msg);
        out.add(msg);
        times.add(m.logTimeNs());
      }
    }
    return out;
  }

  private static double s(long ns) {
    return Math.round((ns - START_NS) / 1e6) / 1e3;
  }

  /** The replies, the muted units' end times (s) and the speech segments' (end time s, samples, interrupted). */
  private record Seen(List<CommandReply> replies, List<Long> replyTimes, List<Double> mutedUnits,
                      List<org.assertj.core.groups.Tuple> segments) {}

  private static Seen seen(Path outBag) throws Exception {
    List<Long> replyTimes = new ArrayList<>();
    List<Long> allReplyTimes = new ArrayList<>();
    List<CommandReply> replies = new ArrayList<>();
    List<CommandReply> all = decoded(outBag, "/duplex_node/reply", CommandReply.class, allReplyTimes);
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).getCommand().toString().equals("mute")) { // the demo bag adds a watch too
        replies.add(all.get(i));
        replyTimes.add(allReplyTimes.get(i));
      }
    }
    List<Long> stateTimes = new ArrayList<>();
    List<State> states = decoded(outBag, "/duplex_node/state", State.class, stateTimes);
    List<Double> muted = new ArrayList<>();
    for (int i = 0; i < states.size(); i++) {
      if (states.get(i).getMuted()) {
        muted.add(s(stateTimes.get(i)));
      }
    }
    List<Long> segmentTimes = new ArrayList<>();
    List<SpeechSegment> segments = decoded(outBag, "/duplex_node/speech/segments", SpeechSegment.class, segmentTimes);
    List<org.assertj.core.groups.Tuple> seg = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      seg.add(tuple(s(segmentTimes.get(i)), segments.get(i).getSamples(), segments.get(i).getInterrupted()));
    }
    return new Seen(replies, replyTimes, muted, seg);
  }

  @Test
  void aScriptedConversationIsSilencedByTheMuteAndResumesAfterTheUnmute() throws Exception {
    ReplayRun.Outcome r = replay(6.45, 9.45, "scripted", real -> new Chatterbox());
    assertThat(r.passed()).as(r.results().toString()).isTrue();
    Seen seen = seen(r.outputBag());

    // Answered at once, stamped with the last audio before each (6.4 s and 9.4 s), in the bag too.
    assertThat(seen.replies()).extracting(m -> m.getRequestId().toString(), m -> m.getCommand().toString(),
        CommandReply::getAccepted, m -> m.getMessage().toString())
        .containsExactly(tuple("hush", "mute", true, "muted"), tuple("talk", "mute", true, "unmuted"));
    assertThat(seen.replyTimes()).extracting(ReplayMuteTest::s).containsExactly(6.4, 9.4);
    // Units end at 0.995, 1.995 s...: the one in progress at the mute (ending 6.995) is the first
    // muted, the one ending 8.995 the last (the unit ending 9.995 is completed after the unmute).
    assertThat(seen.mutedUnits()).containsExactly(6.995, 7.995, 8.995);
    // The utterance speaking at 5.995 s ends at 6.995 interrupted, without audio; none until 9.995.
    assertThat(seen.segments()).contains(tuple(5.995, 4800L, false), tuple(6.995, 0L, true),
        tuple(9.995, 4800L, false));
    assertThat(seen.segments()).filteredOn(t -> {
      double at = (double) t.toList().get(0);
      return at > 6.995 && at < 9.995;
    }).isEmpty();
  }

  @Test
  void theTinyModelIsSilencedByTheMuteToo() throws Exception {
    // Unmuted, the tiny model speaks in the units ending 3.995 and 4.995 s (demo-outputs.txt).
    ReplayRun.Outcome r = replay(3.45, 5.45, "tiny", UnaryOperator.identity());
    assertThat(r.passed()).as(r.results().toString()).isTrue();
    Seen seen = seen(r.outputBag());
    assertThat(seen.replies()).extracting(CommandReply::getAccepted).containsExactly(true, true);
    assertThat(seen.mutedUnits()).containsExactly(3.995, 4.995);
    assertThat(seen.segments()).filteredOn(t -> {
      double at = (double) t.toList().get(0);
      return at > 3.45 && at < 5.995 && (long) t.toList().get(1) > 0;
    }).isEmpty();
  }
}
