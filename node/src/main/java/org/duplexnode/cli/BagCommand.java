package org.duplexnode.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.duplexnode.bag.Bag;
import org.duplexnode.bag.BagInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `bag`: tools for recorded bags. */
@Command(name = "bag", description = "Inspect recorded bags (rosbag2 MCAP or sqlite3).",
    mixinStandardHelpOptions = true, subcommands = {BagCommand.Info.class})
public final class BagCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * `bag info BAG [--json] [--metadata] [--sizes] [--no-verify]`. Exit code 0 when the bag was
   * read (damage is listed as warnings), 2 when it cannot be opened (the reason goes to stderr).
   */
  @Command(name = "info", description = "Show what a bag holds, like `ros2 bag info`.",
      mixinStandardHelpOptions = true)
  public static final class Info implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BAG", description = "Bag folder, .mcap file or .db3 file.")
    Path bag;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--metadata", description = "Take counts and times from metadata.yaml instead of the files.")
    boolean fromMetadata;

    @Option(names = {"-v", "--sizes"}, description = "Read every message to show each topic's size.")
    boolean sizes;

    @Option(names = "--no-verify", description = "Trust the summary alone: quick, but blind to damaged chunks. "
        + "By default every chunk is streamed through its decompressor once (sizes, CRCs; none is held whole) "
        + "so that the warnings list all damage.")
    boolean noVerify;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Bag opened = Bag.open(bag)) {
        BagInfo info = BagInfo.of(opened, fromMetadata, sizes, !noVerify);
        out.println(json ? info.toJson() : info.toText());
        out.flush();
        return ExitCode.OK.code();
      } catch (IOException | RuntimeException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("duplex-node bag info: cannot read " + bag + ": " + Failures.reasonAbout(e, bag));
        err.flush();
        return ExitCode.BAD_INPUT.code();
      }
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BagCommand()).execute(args));
  }
}
