package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.duplexnode.bag.Bag;
import org.duplexnode.bag.BagMessage;
import org.duplexnode.bag.TopicInfo;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.testing.DemoFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo bag through the real tiny model: outputs, output bag, report, scenario, determinism. */
@Tag("integration")
class ReplayRunTest {
  static final Path ROOT = DemoFiles.ROOT;
  static final Path DEMO_BAG = DemoFiles.DEMO_BAG;
  static final Path MODEL = DemoFiles.MODEL;
  static final Path SCENARIO = DemoFiles.SCENARIO;

  @TempDir Path dir;

  ReplayRun.Outcome replay(String name, double rate) throws Exception {
    NodeIdentity id = new NodeIdentity("duplex_node", "/");
    ParameterSet p = new ParameterSet(NodeParameters.all());
    return ReplayRun.run(new ReplayRun.Options(DEMO_BAG, MODEL, dir.resolve(name), rate, false, 0, true,
        Optional.of(SCENARIO), name), RosArgs.empty(), p, id, new PrintStream(new ByteArrayOutputStream()));
  }

  static List<String> outputs(Path bag) throws Exception {
    List<String> out = new ArrayList<>();
    try (Bag b = Bag.open(bag)) {
      for (var it = b.messages(); it.hasNext(); ) {
        BagMessage m = it.next();
        if (m.topic().startsWith("/duplex_node/")) {
          out.add(m.topic() + "@" + m.logTimeNs()
              + (DemoOutputsUnchangedTest.measured(m.topic()) ? "" : ":" + java.util.Arrays.hashCode(m.data())));
        }
      }
    }
    return out;
  }

  @Test
  void theDemoBagGivesTheSameOutputsEveryTimeAndPassesItsScenario() throws Exception {
    ReplayRun.Outcome fast = replay("fast", 0);
    assertThat(fast.passed()).as(fast.results().toString()).isTrue();
    assertThat(fast.record().units()).hasSize(16);
    assertThat(fast.record().units().stream().filter(u -> u.speaking()).count()).isPositive();
    assertThat(fast.record().forceListens()).hasSize(1);
    assertThat(Files.readString(fast.report())).contains("<svg").contains("duplex-node demo".isEmpty() ? "" : "fast");
    assertThat(Files.readString(dir.resolve("fast/junit.xml"))).contains("failures=\"0\"");

    try (Bag out = Bag.open(fast.outputBag())) {
      assertThat(out.topics()).extracting(TopicInfo::name).contains("/audio/in", "/camera/image_raw",
          "/duplex_node/transcript", "/duplex_node/state", "/duplex_node/speech", "/duplex_node/speech/segments",
          "/duplex_node/watches", "/duplex_node/speech/info");
      assertThat(out.topic("/duplex_node/state").orElseThrow().messageCount()).isEqualTo(16);
      assertThat(out.topic("/audio/in").orElseThrow().messageCount()).isEqualTo(150);
    }

    ReplayRun.Outcome again = replay("again", 0);
    assertThat(outputs(again.outputBag())).isEqualTo(outputs(fast.outputBag())).isNotEmpty();
  }
}
