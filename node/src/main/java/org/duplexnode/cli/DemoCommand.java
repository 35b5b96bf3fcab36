package org.duplexnode.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.duplexnode.node.ReplayRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code duplex-node demo}: the bundled sample bag through the bundled tiny model, live on ROS 2. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Replay the bundled sample bag through the bundled tiny model and publish the outputs live on ROS 2.",
        "The bag shows a traffic light turning green, a spoken request and a watch; the model says so when the"
            + " light turns green (a proactive event for the watch). The demo prints transcript, events and per-unit"
            + " timing, and writes an output bag and report.html.",
        "The tiny model has random weights with a few planted paths (tensorrt-engines/tiny-model/NOTICE), so its"
            + " other words are meaningless; docs/jetson.md says how to install"
            + " real engines (then pass --ros-args -p model.package:=DIR)."})
public final class DemoCommand implements Callable<Integer> {
  @ParentCommand private DuplexNodeCommand parent;

  @Option(names = "--fast", description = "Run as fast as possible instead of in real time.")
  boolean fast;

  @Option(names = "--out", description = "Output folder (default: demo-out).")
  Path out = Path.of("demo-out");

  @Option(names = "--no-ros", description = "Do not publish on ROS 2.")
  boolean noRos;

  @Option(names = "--light-stays-red", description = "Replay the bundled bag in which the traffic light stays red"
      + " (its scenario expects no proactive event).")
  boolean lightStaysRed;

  @Override
  public Integer call() throws Exception {
    clearPreviousDemo(out);
    System.out.println("duplex-node demo: bundled sample bag" + (lightStaysRed ? " (light stays red)" : "")
        + " + bundled tiny model (random weights with planted paths: it says when the light turns green, its other"
        + " words are meaningless; the protocol, timing and outputs are real).");
    Path bag = lightStaysRed ? Home.demoRedBag() : Home.demoBag();
    Path scenario = lightStaysRed ? Home.demoRedScenario() : Home.demoScenario();
    return CommandRuns.replay(parent.rosArgs(), new ReplayRun.Options(bag, null, out, fast ? 0 : 1.0,
        !noRos, 0, true, Optional.of(scenario), lightStaysRed ? "duplex-node demo (light stays red)" : "duplex-node demo"))
        .code();
  }

  /** Running the demo again replaces what the last demo wrote there (its bag, report and junit.xml), nothing else. */
  private static void clearPreviousDemo(Path out) {
    if (!Files.isDirectory(out)) {
      return; // a missing folder is created later; a file in its place is reported then
    }
    try {
      Path bag = out.resolve("bag");
      if (Files.isRegularFile(bag.resolve("metadata.yaml"))) {
        try (var files = Files.list(bag)) {
          for (Path f : files.toList()) {
            Files.delete(f);
          }
        }
        Files.delete(bag);
      }
      Files.deleteIfExists(out.resolve("report.html"));
      Files.deleteIfExists(out.resolve("junit.xml"));
    } catch (IOException e) {
      throw CommandFailure.badInput("--out " + out + ": cannot remove the previous demo's output: "
          + Failures.describe(e), e);
    }
  }
}
