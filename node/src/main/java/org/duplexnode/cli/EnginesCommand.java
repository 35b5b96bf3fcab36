package org.duplexnode.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.duplexnode.engine.EngineSet;
import org.duplexnode.model.pkg.PackageCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code duplex-node engines}: tools for model packages. */
@Command(name = "engines", mixinStandardHelpOptions = true, description = "Check model packages.",
    subcommands = {EnginesCommand.Check.class})
public final class EnginesCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /**
   * {@code duplex-node engines check DIR}: prints one line per problem and exits 1, or a summary
   * and exits 0; a DIR that is no folder exits 2.
   */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Check a model package against docs/model-contract.md.",
          "Checks the manifest, files and sha256, tables, tokenizer, and every graph's inputs and outputs, each on"
              + " the backend its manifest entry names (ONNX Runtime on the CPU, or TensorRT)."})
  static final class Check implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "The package folder (holds manifest.json).")
    Path dir;

    @Override
    public Integer call() {
      if (!java.nio.file.Files.isDirectory(dir)) {
        throw CommandFailure.badInput(dir + ": no such folder");
      }
      PackageCheck.Report report;
      try (EngineSet engines = EngineSet.standard()) {
        report = PackageCheck.run(dir, engines);
      }
      if (!report.ok()) {
        report.problems().forEach(System.out::println);
        System.err.println("duplex-node engines check: " + report.problems().size() + " problem(s) in " + dir);
        return ExitCode.CHECKS_FAILED.code();
      }
      report.summary().forEach(System.out::println);
      return ExitCode.OK.code();
    }
  }
}
