package org.duplexnode.cli;

import java.nio.file.Files;
import java.util.List;
import org.duplexnode.config.ParameterException;
import org.duplexnode.pipeline.ReplayRun;
import org.duplexnode.replay.ScenarioCheck;
import org.duplexnode.ros.RosArgs;
import org.duplexnode.ros.RosArgsException;

/** What replay and demo share: set-up, the run, and the summary with its exit code. */
final class CommandRuns {
  private CommandRuns() {}

  static int replay(RosArgs args, ReplayRun.Options o) throws Exception {
    NodeSetup setup;
    try {
      setup = NodeSetup.of(args);
    } catch (RosArgsException | ParameterException e) {
      System.err.println("duplex-node: " + e.getMessage());
      return 2;
    }
    if (!Files.exists(o.bag())) {
      System.err.println("duplex-node: bag " + o.bag() + " not found");
      return 2;
    }
    ReplayRun.Options withModel = new ReplayRun.Options(o.bag(), o.modelDir() == null ? setup.modelDir() : o.modelDir(),
        o.outDir(), o.rate(), o.publishRos(), o.seed(), o.greedy(), o.scenario(), o.title(), o.allowDamagedBag());
    ReplayRun.Outcome r = ReplayRun.run(withModel, args, setup.params(), setup.identity(), System.out);
    System.out.println();
    System.out.println("replayed " + r.messages() + " messages: " + r.summary());
    List<String> losses = r.record().bagLosses();
    if (!losses.isEmpty()) {
      System.out.println("WARNING: " + losses.size() + " part(s) of the bag could not be read:");
      losses.forEach(l -> System.out.println("  " + l));
    }
    for (ScenarioCheck.Result c : r.results()) {
      System.out.println((c.passed() ? "  pass  " : "  FAIL  ") + c.check() + " - " + c.detail());
    }
    System.out.println("output bag: " + r.outputBag());
    System.out.println("report:     " + r.report());
    if (r.stoppedBySignal()) {
      return 128 + 15; // as a process ended by SIGTERM
    }
    if (o.scenario().isEmpty() && r.messages() == 0 && !losses.isEmpty()) {
      // Nothing was replayed because the bag is unreadable: bad input, not a run.
      return ExitCode.BAD_INPUT.code();
    }
    return r.passed() ? 0 : 1;
  }
}
