package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.duplexnode.bag.Bag;
import org.duplexnode.bag.BagMessage;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.ports.UnitRecord;
import org.duplexnode.replay.DemoBag;
import org.duplexnode.replay.RunRecord;
import org.duplexnode.replay.ScenarioCheck;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.testing.DemoFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's alert, end to end through the tiny model's real graphs on ONNX Runtime: in the demo
 * bag the model tells when the traffic light turns green (a proactive event for the watch "green"
 * from one of the first two units that can have seen the first green frame, none before), and in
 * its twin where the light stays red it never does.
 */
@Tag("integration")
class DemoAlertTest {
  static final String EVENTS = "/duplex_node/events";

  @TempDir Path dir;

  ReplayRun.Outcome replay(Path bag, Path scenario, String name) throws Exception {
    return ReplayRun.run(new ReplayRun.Options(bag, DemoFiles.MODEL, dir.resolve(name), 0, false, 0, true,
            Optional.of(scenario), name), RosArgs.empty(), new ParameterSet(NodeParameters.all()),
        new NodeIdentity("duplex_node", "/"), new PrintStream(new ByteArrayOutputStream()));
  }

  @Test
  void theModelTellsWhenTheLightTurnsGreenAndNotBefore() throws Exception {
    ReplayRun.Outcome o = replay(DemoFiles.DEMO_BAG, DemoFiles.SCENARIO, "green");
    assertThat(o.passed()).as(o.results().toString()).isTrue();
    assertThat(o.results()).filteredOn(ScenarioCheck.Result::passed).extracting(ScenarioCheck.Result::check)
        .contains("no event in [0.0, 9.0] s", "event /(?i)green/ for watch green within 2 units of 9.0 s");

    RunRecord r = o.record();
    assertThat(r.alerts()).hasSize(1);
    ProactiveAlert a = r.alerts().get(0);
    assertThat(a.watchId()).isEqualTo("green");
    assertThat(a.text()).isEqualTo(" The light turned green.");
    UnitRecord firstToSee = r.units().stream().filter(u -> r.seconds(u.audioEndNs()) >= DemoBag.GREEN_AT_S)
        .findFirst().orElseThrow();
    assertThat(a.unitIndex()).isBetween(firstToSee.unitIndex(), firstToSee.unitIndex() + 1);
    assertThat(r.seconds(a.frameStampNs())).as("the frame its unit saw").isGreaterThanOrEqualTo(DemoBag.GREEN_AT_S);
    // every unit before spoke only to the user (the answer while they talk is no proactive event)
    assertThat(r.transcripts()).filteredOn(t -> r.seconds(t.stampNs()) < DemoBag.GREEN_AT_S)
        .isNotEmpty().noneMatch(t -> t.proactive());

    List<Long> published = logTimes(o.outputBag(), EVENTS);
    assertThat(published).isNotEmpty().allMatch(t -> t == a.audioStampNs());

    String html = Files.readString(o.report());
    String frame = String.format(Locale.ROOT, "%.3f", r.seconds(a.frameStampNs()));
    assertThat(html).contains("<title>frame camera_color_optical_frame at " + frame + " s, seen by unit "
            + a.unitIndex() + "</title>")
        .contains("<td>" + a.unitIndex() + "</td><td>utterance</td><td>green</td><td> The light turned green.</td><td>"
            + frame + "</td>");
  }

  @Test
  void withTheLightStayingRedThereIsNoEvent() throws Exception {
    ReplayRun.Outcome o = replay(DemoFiles.RED_BAG, DemoFiles.RED_SCENARIO, "red");
    assertThat(o.passed()).as(o.results().toString()).isTrue();
    assertThat(o.results()).filteredOn(ScenarioCheck.Result::passed).extracting(ScenarioCheck.Result::check)
        .contains("no event in [0.0, 16.0] s");
    assertThat(o.record().alerts()).isEmpty();
    assertThat(logTimes(o.outputBag(), EVENTS)).isEmpty();
    // the model is not mute: it still answers the user while they talk
    assertThat(o.record().transcripts()).anyMatch(t -> t.textSoFar().contains("Hello there"));
    assertThat(Files.readString(o.report())).contains("0 proactive events").doesNotContain("class=\"frame\"");
  }

  @Test
  void theRedBagIsTheDemoBagWithTheLightLeftRed() throws Exception {
    List<BagMessage> green = messages(DemoFiles.DEMO_BAG);
    List<BagMessage> red = messages(DemoFiles.RED_BAG);
    assertThat(red).hasSameSizeAs(green);
    long greenAtNs = green.get(0).logTimeNs() + (long) (DemoBag.GREEN_AT_S * 1e9);
    int changed = 0;
    for (int i = 0; i < green.size(); i++) {
      BagMessage g = green.get(i);
      BagMessage d = red.get(i);
      assertThat(d.topic() + "@" + d.logTimeNs()).isEqualTo(g.topic() + "@" + g.logTimeNs());
      boolean greenFrame = g.topic().equals("/camera/image_raw") && g.logTimeNs() >= greenAtNs;
      assertThat(java.util.Arrays.equals(d.data(), g.data())).as(g.topic() + "@" + g.logTimeNs()).isEqualTo(!greenFrame);
      changed += greenFrame ? 1 : 0;
    }
    assertThat(changed).isEqualTo(12);
  }

  static List<BagMessage> messages(Path bag) throws Exception {
    List<BagMessage> out = new ArrayList<>();
    try (Bag b = Bag.open(bag)) {
      for (var it = b.messages(); it.hasNext(); ) {
        out.add(it.next());
      }
    }
    out.sort(java.util.Comparator.comparingLong(BagMessage::logTimeNs).thenComparing(BagMessage::topic));
    return out;
  }

  static List<Long> logTimes(Path bag, String topic) throws Exception {
    return messages(bag).stream().filter(m -> m.topic().equals(topic)).map(BagMessage::logTimeNs).toList();
  }
}
