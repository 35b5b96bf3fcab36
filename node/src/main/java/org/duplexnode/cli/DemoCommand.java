package org.duplexnode.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.duplexnode.pipeline.ReplayRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code duplex-node demo}: the bundled sample bag through the bundled tiny model, live on ROS 2. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Replay the bundled sample bag (a traffic light turning green, a spoken request, a watch)",
        "through the bundled tiny model, publish the outputs live on ROS 2, print transcript, events and",
        "per-unit timing, and write an output bag and report.html.",
        "The tiny model has random weights: its words are meaningless. docs/jetson.md says how to",
        "install real engines (then pass --ros-args -p model.package:=DIR)."})
public final class DemoCommand implements Callable<Integer> {
  @ParentCommand private DuplexNodeCommand parent;

  @Option(names = "--fast", description = "Run as fast as possible instead of in real time.")
  boolean fast;

  @Option(names = "--out", description = "Output folder (default: demo-out).")
  Path out = Path.of("demo-out");

  @Option(names = "--no-ros", description = "Do not publish on ROS 2.")
  boolean noRos;

  @Override
  public Integer call() throws Exception {
    clearPreviousDemo(out);
    System.out.println("duplex-node demo: bundled sample bag + bundled tiny model (random weights: the words are"
        + " meaningless; the protocol, timing and outputs are real).");
    return CommandRuns.replay(parent.rosArgs(), new ReplayRun.Options(Home.demoBag(), null, out, fast ? 0 : 1.0,
        !noRos, 0, true, Optional.of(Home.demoScenario()), "duplex-node demo"));
  }

  /** Running the demo again replaces what the last demo wrote there (its bag, report and junit.xml), nothing else. */
  private static void clearPreviousDemo(Path out) throws java.io.IOException {
    Path bag = out.resolve("bag");
    if (java.nio.file.Files.isRegularFile(bag.resolve("metadata.yaml"))) {
      try (var files = java.nio.file.Files.list(bag)) {
        for (Path f : files.toList()) {
          java.nio.file.Files.delete(f);
        }
      }
      java.nio.file.Files.delete(bag);
    }
    java.nio.file.Files.deleteIfExists(out.resolve("report.html"));
    java.nio.file.Files.deleteIfExists(out.resolve("junit.xml"));
  }
}
