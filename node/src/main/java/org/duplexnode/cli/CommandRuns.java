package org.duplexnode.cli;

import java.nio.file.Files;
import java.util.Map;
import org.duplexnode.config.ParameterException;
import org.duplexnode.pipeline.ReplayRun;
import org.duplexnode.replay.ScenarioCheck;
import org.duplexnode.ros.RosArgs;
import org.duplexnode.ros.RosArgsException;

/** What replay and demo share: set-up, the run, and the summary with its exit code. */
final class CommandRuns {
  /** Console labels of the verdicts; skipped checks (nothing to check) do not fail a run. */
  private static final Map<ScenarioCheck.Status, String> VERDICTS = Map.of(
      ScenarioCheck.Status.PASSED, "  pass  ", ScenarioCheck.Status.FAILED, "  FAIL  ",
      ScenarioCheck.Status.SKIPPED, "  skip  ", ScenarioCheck.Status.ERROR, "  ERROR ");

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
        o.outDir(), o.rate(), o.publishRos(), o.seed(), o.greedy(), o.scenario(), o.title());
    ReplayRun.Outcome r = ReplayRun.run(withModel, args, setup.params(), setup.identity(), System.out);
    System.out.println();
    System.out.println("replayed " + r.messages() + " messages: " + r.summary());
    for (ScenarioCheck.Result c : r.results()) {
      System.out.println(VERDICTS.get(c.status()) + c.check() + " - " + c.detail());
    }
    if (!r.results().isEmpty()) {
      System.out.println("checks: " + ScenarioCheck.tally(r.results()));
    }
    System.out.println("output bag: " + r.outputBag());
    System.out.println("report:     " + r.report());
    if (r.stoppedBySignal()) {
      return 128 + 15; // as a process ended by SIGTERM
    }
    return r.passed() ? 0 : 1;
  }
}
