package org.duplexnode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.duplexnode.bag.RosbagTestData.rosbag2;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit codes of docs/reliability.md ("Exit codes"), each row that can be reached in-process:
 * 0 done, 1 checks failed, 2 bad input or configuration (one line naming the file or parameter,
 * no stack trace). Runtime failures (3) and signals (130, 143) are in {@link ExitCodeProcessTest}.
 */
@Tag("integration")
class ExitCodesTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path DEMO_BAG = ROOT.resolve("node/src/demo/sample-bag");
  static final Path MODEL = ROOT.resolve("tensorrt-engines/tiny-model");

  @TempDir Path dir;

  @Test
  void usageHelpAndVersionExitZero() {
    for (String[] args : new String[][] {{}, {"--help"}, {"--version"}, {"run", "--help"}, {"bag"}, {"engines"},
        {"replay", "--help"}}) {
      CommandOutput r = CommandOutput.execute(args);
      assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(ExitCode.OK.code());
      assertThat(r.out()).isNotBlank();
    }
  }

  @Test
  void printParametersExitsZero() {
    CommandOutput r = CommandOutput.execute("run", "--print-parameters", "--ros-args", "-p", "diagnostics.period_s:=2.0");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("diagnostics.period_s = 2.0 (-p)");
  }

  @Test
  void anOptionPicocliCannotParseIsBadInput() {
    CommandOutput r = CommandOutput.execute("replay", DEMO_BAG.toString(), "--bogus");
    assertThat(r.exit()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(r.err()).contains("Unknown option: '--bogus'");
  }

  @Test
  void aBadRosArgumentIsOneLineAndExitTwo() {
    assertOneLine(CommandOutput.execute("run", "--ros-args", "--bogus"), "unknown ROS argument '--bogus'");
  }

  @Test
  void anUnreadableParameterFileIsNamed() {
    Path missing = dir.resolve("missing.yaml");
    assertOneLine(CommandOutput.execute("run", "--ros-args", "--params-file", missing.toString()),
        "cannot read parameter file " + missing + ": no such file");
  }

  @Test
  void aParameterFileThatIsNotYamlIsNamedWithWhere() throws Exception {
    Path file = Files.writeString(dir.resolve("p.yaml"), "duplex_node:\n  ros__parameters: [unclosed\n");
    CommandOutput r = CommandOutput.execute("run", "--ros-args", "--params-file", file.toString());
    assertOneLine(r, "cannot read parameter file " + file + ": ");
  }

  @Test
  void aParameterOutOfRangeIsNamed() {
    assertOneLine(CommandOutput.execute("run", "--ros-args", "-p", "session.queue_capacity:=0"),
        "session.queue_capacity");
  }

  @Test
  void aMissingModelPackageNamesTheParameterForRunAndReplay() {
    Path missing = dir.resolve("no-model");
    assertOneLine(CommandOutput.execute("run", "--duration", "1", "--ros-args", "-p", "model.package:=" + missing),
        "parameter model.package (" + missing + "): no such folder");
    CommandOutput replay = CommandOutput.execute("replay", DEMO_BAG.toString(), "--fast", "--out",
        dir.resolve("out").toString(), "--ros-args", "-p", "model.package:=" + missing);
    assertOneLine(replay, "parameter model.package (" + missing + "): no such folder");
    assertThat(dir.resolve("out/bag")).as("nothing is written before the checks pass").doesNotExist();
  }

  @Test
  void aBrokenModelPackageNamesTheParameterAndTheProblem() throws Exception {
    Path pkg = Files.createDirectories(dir.resolve("broken"));
    Files.writeString(pkg.resolve("manifest.json"), "{");
    assertOneLine(CommandOutput.execute("run", "--ros-args", "-p", "model.package:=" + pkg),
        "parameter model.package (" + pkg + "): manifest.json is not valid JSON");
  }

  @Test
  void aDdsInterfaceThatIsNoAddressOfThisMachineIsNamed() {
    // 192.0.2.1: TEST-NET-1, never assigned to a machine
    assertOneLine(CommandOutput.execute("run", "--ros-args", "-p", "dds.interfaces:=[192.0.2.1]"),
        "dds.interfaces': 192.0.2.1 is not an address of this machine");
  }

  @Test
  void anUnknownLogLevelIsBadInput() {
    assertOneLine(CommandOutput.execute("run", "--ros-args", "--log-level", "NOPE"),
        "'NOPE' is not a log level (debug, info, warn, error, fatal)");
  }

  @Test
  void replayOfAMissingBagIsBadInput() {
    Path missing = dir.resolve("no-bag");
    assertOneLine(CommandOutput.execute("replay", missing.toString(), "--out", dir.resolve("out").toString()),
        "bag " + missing + " not found");
  }

  @Test
  void replayOfAFileThatIsNoBagIsBadInput() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.mcap"), "this is not a bag");
    assertOneLine(CommandOutput.execute("replay", junk.toString(), "--out", dir.resolve("out").toString()),
        "cannot read bag " + junk + ": neither an MCAP nor a sqlite3 file");
  }

  @Test
  void replayOfABagWithoutTheNodesInputsIsBadInput() {
    assertOneLine(CommandOutput.execute("replay", rosbag2("mcap", "talker").toString(), "--fast", "--out",
        dir.resolve("out").toString()), "the bag has none of the node's input topics");
  }

  @Test
  void replayIntoAnOutFolderThatIsAFileIsBadInput() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertOneLine(CommandOutput.execute("replay", DEMO_BAG.toString(), "--out", file.toString()),
        "--out " + file + " is a file, not a folder");
  }

  @Test
  void replayIntoAnOutFolderThatCannotBeCreatedIsBadInput() throws Exception {
    // A folder under a file cannot be created, root or not (ENOTDIR), as under a read-only mount.
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Path out = file.resolve("out");
    assertOneLine(CommandOutput.execute("replay", DEMO_BAG.toString(), "--out", out.toString()),
        "--out " + out + ": cannot create it: ");
  }

  @Test
  void replayIntoAnOutFolderThatHoldsABagIsBadInput() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out/bag")).getParent();
    assertOneLine(CommandOutput.execute("replay", DEMO_BAG.toString(), "--out", out.toString()),
        "--out " + out + " already holds an output bag");
  }

  @Test
  void replayWithABadScenarioIsBadInput() throws Exception {
    Path scenario = Files.writeString(dir.resolve("s.yaml"), "checks: nope\n");
    assertOneLine(CommandOutput.execute("replay", DEMO_BAG.toString(), "--expect", scenario.toString(), "--out",
        dir.resolve("out").toString()), "--expect " + scenario + ": ");
  }

  @Test
  void replayExitsOneWhenACheckFailsAndItsSummaryReadsAsCounters() throws Exception {
    // Random weights do not write this sentence.
    Path scenario = Files.writeString(dir.resolve("s.yaml"), "name: impossible\nchecks:\n  - max_drops: 0\n"
        + "  - transcript: {text: '^the robot recites the whole duplex-node manual$'}\n");
    CommandOutput r = CommandOutput.execute("replay", DEMO_BAG.toString(), "--fast", "--expect", scenario.toString(),
        "--out", dir.resolve("out").toString(), "--ros-args", "-p", "model.package:=" + MODEL);
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.CHECKS_FAILED.code());
    String summary = r.out().lines().filter(l -> l.startsWith("replayed ")).findFirst().orElseThrow();
    assertThat(summary).doesNotContain("{").doesNotContain("=").contains("frames 16 converted, 0 rejected");
    assertThat(r.out()).contains("  FAIL  transcript").contains("  pass  at most 0 dropped units");
  }

  @Test
  void demoExitsZeroWhenItsChecksPass() {
    CommandOutput r = CommandOutput.execute("demo", "--fast", "--no-ros", "--out", dir.resolve("demo").toString());
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCode.OK.code());
    assertThat(dir.resolve("demo/report.html")).isNotEmptyFile();
  }

  @Test
  void bagInfoOfAMissingBagIsBadInput() {
    Path missing = dir.resolve("no-bag");
    assertOneLine(CommandOutput.execute("bag", "info", missing.toString()), "cannot read " + missing);
  }

  @Test
  void enginesCheckOfAMissingFolderIsBadInput() {
    Path missing = dir.resolve("no-package");
    assertOneLine(CommandOutput.execute("engines", "check", missing.toString()), missing + ": no such folder");
  }

  @Test
  void makeDemoBagFromAFileThatIsNoWavIsBadInput() throws Exception {
    Path wav = Files.writeString(dir.resolve("q.wav"), "not a wav");
    assertOneLine(CommandOutput.execute("make-demo-bag", "--wav", wav.toString(), "--out",
        dir.resolve("bag").toString()), "--wav " + wav);
  }

  @Test
  void makeDemoBagFromSpeechOfAMissingBagIsBadInput() {
    Path missing = dir.resolve("no-bag");
    assertOneLine(CommandOutput.execute("make-demo-bag", "--speech-from", missing.toString(), "--out",
        dir.resolve("bag").toString(), "--light-stays-red"), "--speech-from " + missing);
    assertThat(dir.resolve("bag")).doesNotExist();

    Path demo = org.duplexnode.testing.DemoFiles.DEMO_BAG;
    assertOneLine(CommandOutput.execute("make-demo-bag", "--speech-from", demo.toString(), "--speech-at", "100",
        "--out", dir.resolve("bag").toString()), "--speech-from " + demo + ": no /audio/in audio from 100.0 s on");
    assertThat(dir.resolve("bag")).doesNotExist();
  }

  /** Exit 2, and stderr holds one line from the command (no stack trace) that contains {@code text}. */
  static void assertOneLine(CommandOutput r, String text) {
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(r.errorLines()).as(r.err()).hasSize(1);
    assertThat(r.errorLines().get(0)).startsWith("duplex-node").contains(text);
  }
}
