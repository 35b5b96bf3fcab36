package org.duplexnode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.duplexnode.node.ReplayRun;
import org.duplexnode.replay.RunRecord;
import org.duplexnode.replay.ScenarioCheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How replay, demo and run map what happened to their exit code. */
@Tag("integration")
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

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String LONG_PROMPT = "model.system_prompt:=" + " hello".repeat(20_000);

  @Test
  void replayRefusesASystemPromptTheModelCannotHoldWithOneLine() {
    Run r = execute("replay", ROOT.resolve("node/src/demo/sample-bag").toString(), "--out",
        dir.resolve("out").toString(), "--fast", "--ros-args", "-p",
        "model.package:=" + ROOT.resolve("tensorrt-engines/tiny-model"), "-p", LONG_PROMPT);
    assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(r.lines()).hasSize(1);
    assertThat(r.lines().get(0)).startsWith("duplex-node replay: parameter 'model.system_prompt' is 200")
        .contains("the model's context budget for it is 8093 tokens").endsWith("shorten it");
    assertThat(dir.resolve("out/bag")).doesNotExist();
  }

  @Test
  void runRefusesASystemPromptTheModelCannotHoldBeforeJoiningRos() {
    Run r = execute("run", "--duration", "30", "--ros-args", "-p",
        "model.package:=" + ROOT.resolve("tensorrt-engines/tiny-model"), "-p", LONG_PROMPT);
    assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(r.lines()).hasSize(1);
    assertThat(r.lines().get(0)).startsWith("duplex-node run: parameter 'model.system_prompt' is 200")
        .contains("the model's context budget for it is 8093 tokens");
  }

  /** An exit code and the lines the command printed on stderr that start with "duplex-node". */
  private record Run(int code, List<String> lines) {}

  private static Run execute(String... args) {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      code = DuplexNodeCommand.execute(args);
    } finally {
      System.setErr(err);
    }
    return new Run(code, captured.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith("duplex-node")).toList());
  }
}
