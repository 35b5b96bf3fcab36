package org.duplexnode.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.duplexnode.config.RosArgs;
import org.duplexnode.node.ReplayRun;
import org.duplexnode.replay.ScenarioCheck;

/** What replay and demo share: set-up and its checks, the run, and the summary with its exit code. */
final class CommandRuns {
  /** Console labels of the verdicts; skipped checks (nothing to check) do not fail a run. */
  private static final Map<ScenarioCheck.Status, String> VERDICTS = Map.of(
      ScenarioCheck.Status.PASSED, "  pass  ", ScenarioCheck.Status.FAILED, "  FAIL  ",
      ScenarioCheck.Status.SKIPPED, "  skip  ", ScenarioCheck.Status.ERROR, "  ERROR ");

  private CommandRuns() {}

  /**
   * Checks parameters, model package, bag, scenario and output folder (each a configuration error,
   * exit 2, before anything is written), runs the replay, and prints its summary. Failures during
   * the run are thrown and become exit 3 ({@link Failures}).
   */
  static ExitCode replay(RosArgs args, ReplayRun.Options o) throws Exception {
    NodeSetup setup = NodeSetup.of(args);
    Path model = o.modelDir() == null ? setup.checkedModelDir() : o.modelDir();
    ReplayInputs.checkBag(o.bag());
    ReplayInputs.checkScenario(o.scenario());
    ReplayInputs.checkOut(o.outDir());
    ReplayRun.Options withModel = new ReplayRun.Options(o.bag(), model, o.outDir(), o.rate(), o.publishRos(), o.seed(),
        o.greedy(), o.scenario(), o.title(), o.allowDamagedBag());
    ReplayRun.Outcome r = ReplayRun.run(withModel, args, setup.params(), setup.identity(), System.out);
    System.out.println();
    System.out.println("replayed " + r.messages() + " messages: " + r.summary());
    List<String> losses = r.record().bagLosses();
    if (!losses.isEmpty()) {
      System.out.println("WARNING: " + losses.size() + " part(s) of the bag could not be read:");
      losses.forEach(l -> System.out.println("  " + l));
    }
    for (ScenarioCheck.Result c : r.results()) {
      System.out.println(VERDICTS.get(c.status()) + c.check() + " - " + c.detail());
    }
    if (!r.results().isEmpty()) {
      System.out.println("checks: " + ScenarioCheck.tally(r.results()));
    }
    System.out.println("output bag: " + r.outputBag());
    System.out.println("report:     " + r.report());
    r.modelFailure().ifPresent(why -> System.err.println("duplex-node: the model failed: " + why));
    return exitCode(r);
  }

  /** A signal's code first (the caller asked to stop), then a failed model, then the checks. */
  static ExitCode exitCode(ReplayRun.Outcome r) {
    if (r.stoppedBySignal()) {
      return r.stopSignal().equals("INT") ? ExitCode.INTERRUPTED : ExitCode.TERMINATED;
    }
    if (r.modelFailure().isPresent()) {
      return ExitCode.RUNTIME_FAILURE;
    }
    if (r.results().isEmpty() && r.messages() == 0 && !r.record().bagLosses().isEmpty()) {
      // No scenario, and nothing was replayed because the bag is unreadable: bad input, not a run.
      return ExitCode.BAD_INPUT;
    }
    return r.passed() ? ExitCode.OK : ExitCode.CHECKS_FAILED;
  }
}
