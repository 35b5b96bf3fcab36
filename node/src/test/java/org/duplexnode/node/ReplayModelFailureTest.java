package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterException;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.pipeline.FaultyModelStage;
import org.duplexnode.replay.ScenarioCheck;
import org.duplexnode.ros.NodeIdentity;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay whose model fails ends on its own, promptly, with a closed output bag, its report and a
 * failed "model" check; a system prompt the model's context cannot hold is refused before the run
 * starts. The real demo bag and the real tiny model; the faults are injected above the model.
 */
@Tag("integration")
class ReplayModelFailureTest {
  @TempDir Path dir;

  private static ParameterSet params() {
    return new ParameterSet(NodeParameters.all());
  }

  private ReplayRun.Outcome replay(ParameterSet p, FaultyModelStage.Fault fault, int goodUnits) throws Exception {
    return ReplayRun.run(new ReplayRun.Options(ReplayRunTest.DEMO_BAG, ReplayRunTest.MODEL, dir.resolve("out"), 0,
            false, 0, true, Optional.of(ReplayRunTest.SCENARIO), "faulty"), RosArgs.empty(), p,
        new NodeIdentity("duplex_node", "/"), new PrintStream(new ByteArrayOutputStream()),
        real -> new FaultyModelStage(real, fault, goodUnits));
  }

  @Test
  void unitsFailingInARowEndTheReplayWithAClosedBagAndAFailedReport() throws Exception {
    ParameterSet p = params();
    p.set(NodeParameters.MODEL_MAX_FAILED_UNITS, IntNode.valueOf(2), "test");
    ReplayRun.Outcome r = assertTimeoutPreemptively(Duration.ofMinutes(3),
        () -> replay(p, FaultyModelStage.Fault.UNITS_THROW, 3));

    assertThat(r.modelFailure()).hasValueSatisfying(why -> assertThat(why)
        .contains("2 units in a row failed in the model").contains("the engine failed on unit 4"));
    assertThat(r.stoppedBySignal()).isFalse();
    assertThat(r.record().units()).hasSize(3);
    assertThat(r.passed()).isFalse();
    assertThat(r.results()).contains(new ScenarioCheck.Result(ReplayRun.MODEL_CHECK, false,
        "the model failed: " + r.modelFailure().get()));
    assertThat(Files.readString(r.report())).contains("the model failed");
    assertThat(Files.readString(dir.resolve("out/junit.xml"))).contains("the model failed");
    ClosedBags.assertClosed(r.outputBag());
  }

  @Test
  void aSessionThatCannotStartEndsTheReplayInsteadOfHangingIt() throws Exception {
    ReplayRun.Outcome r = assertTimeoutPreemptively(Duration.ofMinutes(3),
        () -> replay(params(), FaultyModelStage.Fault.PREPARE_THROWS, 0));
    assertThat(r.modelFailure()).hasValueSatisfying(why -> assertThat(why)
        .startsWith("the model could not start its session").contains("LLM key cache is full"));
    assertThat(r.record().units()).isEmpty();
    assertThat(r.passed()).isFalse();
    ClosedBags.assertClosed(r.outputBag());
  }

  @Test
  void aSystemPromptTheContextCannotHoldIsRefusedBeforeTheRun() {
    ParameterSet p = params();
    p.set(NodeParameters.MODEL_SYSTEM_PROMPT, TextNode.valueOf(" hello".repeat(20_000)), "test");
    assertThatThrownBy(() -> replay(p, FaultyModelStage.Fault.UNITS_THROW, Integer.MAX_VALUE))
        .isInstanceOf(ParameterException.class)
        .hasMessageStartingWith("parameter 'model.system_prompt' is 200")
        .hasMessageContaining("tokens; the model's context budget for it is 8093 tokens (LLM cache of 8192 positions");
    assertThat(dir.resolve("out/bag")).doesNotExist();
  }

  /** The command's process: a model that fails mid-run ends it by itself with exit code 3 and a closed bag. */
  @Test
  void aReplayProcessWhoseModelFailsExitsWith3() throws Exception {
    Path out = dir.resolve("child");
    ProcessBuilder pb = new ProcessBuilder(org.duplexnode.testing.JavaChild.command(
        "org.duplexnode.cli.FaultyReplayChild", ReplayRunTest.DEMO_BAG.toString(), ReplayRunTest.MODEL.toString(),
        out.toString(), "UNITS_THROW", "3", "model.max_failed_units:=2")).redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile());
    pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
    Process child = pb.start();
    boolean exited = child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
    if (!exited) {
      child.destroyForcibly();
    }
    String log = Files.readString(dir.resolve("child.log"));
    assertThat(exited).as(log).isTrue();
    assertThat(child.exitValue()).as(log).isEqualTo(3);
    assertThat(log).contains("stopping after").contains("the model failed: 2 units in a row failed");
    assertThat(out.resolve("report.html")).isRegularFile();
    ClosedBags.assertClosed(out.resolve("bag"));
  }
}
