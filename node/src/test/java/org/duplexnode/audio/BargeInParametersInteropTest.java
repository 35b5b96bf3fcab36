package org.duplexnode.audio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.config.RosArgsParser;
import org.duplexnode.ports.PlaybackListener;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ros.FastDdsTransport;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.ros.services.NodeServices;
import org.duplexnode.testing.Await;
import org.duplexnode.testing.CycloneDdsPeer;
import org.duplexnode.testing.ServiceClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ROS 2 client (CycloneDDS, rmw_cyclonedds's request layout) changes the barge-in policy of a
 * running local speaker through ~/set_parameters, as a behaviour does before it turns the robot,
 * and its volume.
 */
@Tag("interop")
class BargeInParametersInteropTest {
  private static final String NODE = "/robot1/duplex_node";
  private static final long MS = 1_000_000L;

  @TempDir
  Path workDir;
  private int domainId;
  private RosArgs args;
  private ParameterSet params;
  private AtomicLong clock;
  private SimulatedSoundCard card;

  @Test
  void aClientSetsDuckOnARunningSpeakerAndTheNextOnsetDucksInsteadOfStopping() throws Exception {
    LocalSpeaker speaker = speakerOnACard();
    speaker.bargeIn(BargeIn.from(params));
    try (FastDdsTransport transport = transport();
         NodeServices services = NodeServices.start(transport, params, BargeInParameters.appliedTo(speaker, params))) {
      JsonNode d = call("describe", "audio.barge_in", "audio.barge_in_duck_db", "audio.echo_cancel").get("descriptors");
      assertThat(d.get(0).get("read_only").asBoolean()).isFalse();
      assertThat(d.get(1).get("read_only").asBoolean()).isFalse();
      assertThat(d.get(2).get("read_only").asBoolean()).as("the rest is read once at start-up").isTrue();

      assertThat(set("audio.barge_in", "string", "stay").get("reason").asText()).as("outside its rule")
          .contains("stay");
      JsonNode ok = set("audio.barge_in", "string", "duck");
      assertThat(ok.get("successful").asBoolean()).as(ok.toString()).isTrue();
      assertThat(call("get", "audio.barge_in").at("/values/0/string_value").asText()).isEqualTo("duck");

      speaker.speech(new SpeechChunk(1, 0, 0, tone(12_000, 10_000), true, false, false));
      Await.until("the chunk on the card", Duration.ofSeconds(10), () -> card.acceptedFrames() >= 12_000);
      clock.addAndGet(100 * MS);
      speaker.voiceOnset(clock.get());
      speaker.speech(new SpeechChunk(1, 1, 0, tone(2_400, 10_000), false, true, false));
      Await.until("the rest on the card", Duration.ofSeconds(10), () -> card.acceptedFrames() >= 4_800);
      assertThat(card.frame(2_400)).as("ducked 20 dB; stop would have dropped it").isEqualTo((short) 1_000);
    } finally {
      speaker.close();
    }
  }

  @Test
  void aClientTurnsARunningSpeakerDownAndItsNextSlicePlaysLower() throws Exception {
    LocalSpeaker speaker = speakerOnACard();
    Map<String, Consumer<Object>> changeable =
        LocalAudio.changeable(speaker, BargeInParameters.appliedTo(speaker, params), params);
    try (FastDdsTransport transport = transport();
         NodeServices services = NodeServices.start(transport, params, changeable)) {
      JsonNode d = call("describe", "audio.local_speaker_volume_db").get("descriptors");
      assertThat(d.get(0).get("read_only").asBoolean()).isFalse();
      assertThat(set("audio.local_speaker_volume_db", "double", "6").get("reason").asText())
          .as("the speaker does not amplify").contains("between -60 and 0");
      JsonNode ok = set("audio.local_speaker_volume_db", "double", "-20");
      assertThat(ok.get("successful").asBoolean()).as(ok.toString()).isTrue();
      assertThat(call("get", "audio.local_speaker_volume_db").at("/values/0/double_value").asDouble())
          .isEqualTo(-20.0);

      speaker.speech(new SpeechChunk(1, 0, 0, tone(2_400, 10_000), true, true, false));
      Await.until("the chunk on the card", Duration.ofSeconds(10), () -> card.acceptedFrames() >= 2_400);
      assertThat(card.frame(0)).as("20 dB lower").isEqualTo((short) 1_000);
    } finally {
      speaker.close();
    }
  }

  /** A local speaker on a simulated card, with the node's parameters of this test (a fresh DDS domain). */
  private LocalSpeaker speakerOnACard() {
    domainId = CycloneDdsPeer.randomDomainId();
    args = RosArgsParser.parse("--ros-args", "-r", "__ns:=/robot1", "-p", "audio.echo_cancel:=speex");
    params = new ParameterSet(NodeParameters.all()).apply(args, NODE);
    clock = new AtomicLong(1_000_000 * MS);
    card = new SimulatedSoundCard(clock);
    LocalSpeaker speaker = new LocalSpeaker(card);
    speaker.onPlayback(PlaybackListener.NONE, clock::get);
    return speaker;
  }

  private FastDdsTransport transport() throws Exception {
    Files.writeString(workDir.resolve("cyclonedds.xml"), CycloneDdsPeer.loopbackConfig());
    return new FastDdsTransport(new NodeIdentity("duplex_node", "/robot1"), args, domainId,
        List.of(InetAddress.getLoopbackAddress()));
  }

  private JsonNode set(String name, String type, String value) throws Exception {
    JsonNode results = call("set", name, type, value).get("results");
    assertThat(results).hasSize(1);
    return results.get(0);
  }

  private JsonNode call(String... command) throws Exception {
    return ServiceClient.call(domainId, NODE, workDir.resolve("cyclonedds.xml"), command);
  }

  private static short[] tone(int n, int value) {
    short[] s = new short[n];
    Arrays.fill(s, (short) value);
    return s;
  }
}
