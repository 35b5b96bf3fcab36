package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.replay.ScenarioCheck;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.testing.JavaChild;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * Replays of the demo bag whose verdicts must not read as passes: checks with nothing to check are
 * skipped with the reason, and a replay stopped by SIGTERM reports every check as an error.
 */
@Tag("integration")
class ReplayVerdictsTest {
  @TempDir Path dir;

  @Test
  void checksWithNothingToCheckAreSkippedInJUnitXmlAndTheReport() throws Exception {
    Path scenario = dir.resolve("vacuous.yaml");
    Files.writeString(scenario, String.join("\n", "name: nothing to check", "checks:",
        "  - no_speech: {from_s: 100, to_s: 200}",
        "  - event: {text: green, from_s: -10, to_s: -5}",
        "  - max_drops: 0", ""));
    ReplayRun.Outcome r = ReplayRun.run(new ReplayRun.Options(ReplayRunTest.DEMO_BAG, ReplayRunTest.MODEL,
            dir.resolve("out"), 0, false, 0, true, Optional.of(scenario), "vacuous"), RosArgs.empty(),
        new ParameterSet(NodeParameters.all()), new NodeIdentity("duplex_node", "/"),
        new PrintStream(new ByteArrayOutputStream()));

    assertThat(r.results()).extracting(ScenarioCheck.Result::status).containsExactly(ScenarioCheck.Status.SKIPPED,
        ScenarioCheck.Status.SKIPPED, ScenarioCheck.Status.PASSED, ScenarioCheck.Status.PASSED); // + bag read whole
    assertThat(r.passed()).as("skipped checks do not fail a run").isTrue();
    String reason = "no unit of the run lies in the window: the units cover [0.00, 16.00] s";
    Element suite = junit(dir.resolve("out/junit.xml"));
    assertThat(suite.getAttribute("tests")).isEqualTo("4");
    assertThat(suite.getAttribute("skipped")).isEqualTo("2");
    assertThat(suite.getAttribute("failures")).isEqualTo("0");
    assertThat(suite.getAttribute("errors")).isEqualTo("0");
    assertThat(((Element) suite.getElementsByTagName("skipped").item(0)).getAttribute("message")).isEqualTo(reason);
    assertThat(Files.readString(r.report())).contains("2 passed, 0 failed, 2 skipped, 0 errors")
        .contains("<td class=\"skip\">skipped</td><td>" + reason);
  }

  @Test
  void aReplayStoppedBySigtermReportsErrorsNotPasses() throws Exception {
    Path out = dir.resolve("out");
    Path console = dir.resolve("console.txt");
    ProcessBuilder pb = new ProcessBuilder(JavaChild.command("org.duplexnode.cli.DuplexNodeCommand", "replay",
        ReplayRunTest.DEMO_BAG.toString(), "--out", out.toString(), "--rate", "1", "--expect",
        ReplayRunTest.SCENARIO.toString(), "--ros-args", "-p", "model.package:=" + ReplayRunTest.MODEL))
        .redirectErrorStream(true).redirectOutput(console.toFile());
    pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
    Process replay = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    // Stopped after its third unit, with most of the 15-s bag still to come at real-time pace.
    while (units(console) < 3 && replay.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(replay.isAlive()).as("replay still running after 3 units: %s", read(console)).isTrue();
    replay.destroy(); // SIGTERM
    assertThat(replay.waitFor(60, TimeUnit.SECONDS)).as("replay exits after SIGTERM").isTrue();
    String text = read(console);
    assertThat(replay.exitValue()).as(text).isEqualTo(143);

    Element suite = junit(out.resolve("junit.xml"));
    assertThat(suite.getAttribute("tests")).isEqualTo("6"); // the scenario's 5 and "bag read whole"
    assertThat(suite.getAttribute("errors")).isEqualTo("6");
    assertThat(suite.getAttribute("failures")).isEqualTo("0");
    assertThat(suite.getAttribute("skipped")).isEqualTo("0");
    assertThat(suite.getElementsByTagName("system-out").getLength()).as("no check passed").isZero();
    assertThat(((Element) suite.getElementsByTagName("error").item(0)).getAttribute("message"))
        .startsWith("the replay was interrupted (SIGTERM) after ");
    assertThat(Files.readString(out.resolve("report.html"))).contains("<p class=\"error\">Interrupted: ")
        .contains("0 passed, 0 failed, 0 skipped, 6 errors").doesNotContain("class=\"pass\"");
    assertThat(text).contains("  ERROR no speech in [0.0, 2.9] s - the replay was interrupted")
        .contains("checks: 0 passed, 0 failed, 0 skipped, 6 errors").doesNotContain("  pass  ");
  }

  private static long units(Path console) throws Exception {
    return read(console).lines().filter(l -> l.contains(" unit ")).count();
  }

  private static String read(Path file) throws Exception {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  private static Element junit(Path xml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile()).getDocumentElement();
  }
}
