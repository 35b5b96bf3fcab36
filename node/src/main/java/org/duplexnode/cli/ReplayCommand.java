package org.duplexnode.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.duplexnode.node.ReplayRun;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code duplex-node replay BAG}: the node's pipeline over a recorded bag, on the bag's time. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Run the node's pipeline over a recorded bag (MCAP or sqlite3) on sim time.",
        "Writes an output bag (the inputs used and every output topic) and report.html to --out.",
        "With --expect, checks a scenario, writes junit.xml, and exits 1 when a check fails."})
public final class ReplayCommand implements Callable<Integer> {
  @ParentCommand private DuplexNodeCommand parent;

  @Parameters(index = "0", description = "Bag folder, .mcap or .db3 file.")
  Path bag;

  static final class Pace {
    @Option(names = "--rate", description = "Replay speed: 1 = real time (default), 2 = twice as fast.")
    double rate = 1.0;

    @Option(names = "--fast", description = "As fast as the pipeline goes (same outputs as any rate).")
    boolean fast;
  }

  @ArgGroup(exclusive = true)
  Pace pace = new Pace();

  @Option(names = "--out", description = "Output folder (default: replay-out).")
  Path out = Path.of("replay-out");

  @Option(names = "--expect", description = "Scenario file to check (see docs/testing-with-bags.md).")
  Path expect;

  @Option(names = "--seed", description = "Sampling seed (default ${DEFAULT-VALUE}).")
  long seed = 0;

  @Option(names = "--sample", description = "Sample tokens with --seed instead of greedy decoding.")
  boolean sample;

  @Option(names = "--ros", description = "Also publish the outputs live on ROS 2.")
  boolean ros;

  @Option(names = "--allow-damaged-bag", description = {"With --expect, pass the \"bag read whole\" check even",
      "when chunks of the bag cannot be read (they are still listed)."})
  boolean allowDamagedBag;

  @Override
  public Integer call() throws Exception {
    return CommandRuns.replay(parent.rosArgs(), new ReplayRun.Options(bag, null, out, pace.fast ? 0 : pace.rate, ros,
        seed, !sample, Optional.ofNullable(expect), "Replay of " + bag.getFileName(), allowDamagedBag)).code();
  }
}
