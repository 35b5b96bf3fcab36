package org.duplexnode.cli;

import java.nio.file.Files;
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
        o.outDir(), o.rate(), o.publishRos(), o.seed(), o.greedy(), o.scenario(), o.title());
    ReplayRun.Outcome r;
    try {
      r = ReplayRun.run(withModel, args, setup.params(), setup.identity(), System.out);
    } catch (ParameterException e) {
      System.err.println("duplex-node: " + e.getMessage());
      return ExitCode.BAD_INPUT.code();
    }
    System.out.println();
    System.out.println("replayed " + r.messages() + " messages: " + r.summary());
    for (ScenarioCheck.Result c : r.results()) {
      System.out.println((c.passed() ? "  pass  " : "  FAIL  ") + c.check() + " - " + c.detail());
    }
    System.out.println("output bag: " + r.outputBag());
    System.out.println("report:     " + r.report());
    r.modelFailure().ifPresent(why -> System.err.println("duplex-node: the model failed: " + why));
    return exitCode(r).code();
  }

  /** A signal's code first (the caller asked to stop), then a failed model, then the checks. */
  static ExitCode exitCode(ReplayRun.Outcome r) {
    if (r.stoppedBySignal()) {
      return r.stopSignal().equals("INT") ? ExitCode.INTERRUPTED : ExitCode.TERMINATED;
    }
    if (r.modelFailure().isPresent()) {
      return ExitCode.RUNTIME_FAILURE;
    }
    return r.passed() ? ExitCode.OK : ExitCode.CHECKS_FAILED;
  }
}
