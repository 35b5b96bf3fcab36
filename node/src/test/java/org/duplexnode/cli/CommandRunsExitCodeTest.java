package org.duplexnode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.duplexnode.pipeline.ReplayRun;
import org.duplexnode.replay.RunRecord;
import org.duplexnode.replay.ScenarioCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How replay and demo map what happened in a run to their exit code. */
class CommandRunsExitCodeTest {
  @TempDir Path dir;

  private static ReplayRun.Outcome outcome(boolean passed, String signal, Optional<String> modelFailure) {
    return new ReplayRun.Outcome(new RunRecord(), List.of(new ScenarioCheck.Result("c", passed, "")), Path.of("bag"),
        Path.of("report.html"), 10, "", !signal.isEmpty(), signal, modelFailure);
  }

  @Test
  void signalsThenAFailedModelThenTheChecks() {
    assertThat(CommandRuns.exitCode(outcome(true, "", Optional.empty()))).isEqualTo(ExitCode.OK);
    assertThat(CommandRuns.exitCode(outcome(false, "", Optional.empty()))).isEqualTo(ExitCode.CHECKS_FAILED);
    assertThat(CommandRuns.exitCode(outcome(false, "", Optional.of("dead")))).isEqualTo(ExitCode.RUNTIME_FAILURE);
    assertThat(CommandRuns.exitCode(outcome(true, "TERM", Optional.empty()))).isEqualTo(ExitCode.TERMINATED);
    assertThat(CommandRuns.exitCode(outcome(true, "INT", Optional.empty()))).isEqualTo(ExitCode.INTERRUPTED);
    assertThat(CommandRuns.exitCode(outcome(false, "INT", Optional.of("dead")))).isEqualTo(ExitCode.INTERRUPTED);
  }

  @Test
  void aSystemPromptTheModelCannotHoldIsABadInputWithOneLine() {
    Path root = Path.of("..").toAbsolutePath().normalize();
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      code = DuplexNodeCommand.execute("replay", root.resolve("node/src/demo/sample-bag").toString(), "--out",
          dir.resolve("out").toString(), "--fast", "--ros-args", "-p",
          "model.package:=" + root.resolve("tensorrt-engines/tiny-model"), "-p",
          "model.system_prompt:=" + " hello".repeat(20_000));
    } finally {
      System.setErr(err);
    }
    assertThat(code).isEqualTo(ExitCode.BAD_INPUT.code());
    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith("duplex-node")).toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).startsWith("duplex-node: parameter 'model.system_prompt' is 200")
        .contains("the model's context budget for it is 3401 tokens").endsWith("shorten it");
    assertThat(dir.resolve("out/bag")).doesNotExist();
  }
}
