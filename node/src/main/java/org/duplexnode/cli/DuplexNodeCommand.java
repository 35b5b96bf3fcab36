package org.duplexnode.cli;

import org.duplexnode.config.RosArgs;
import org.duplexnode.config.RosArgsException;
import org.duplexnode.config.RosArgsParser;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.ros.RosNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code duplex-node}: the one executable. ROS arguments ({@code --ros-args ... [--]}) are taken
 * out first, as rcl does, and handed to the subcommand; picocli parses the rest. Every exit code
 * is one of {@link ExitCode}; a failing command prints one line ({@link Failures}).
 */
@Command(name = "duplex-node", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Full-duplex conversational perception for ROS 2 robots (MiniCPM-o 4.5).",
    subcommands = {RunCommand.class, DemoCommand.class, ReplayCommand.class, BagCommand.class, EnginesCommand.class,
        AudioCommand.class, MakeDemoBagCommand.class})
public final class DuplexNodeCommand implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(DuplexNodeCommand.class);

  private final RosArgs rosArgs;

  public DuplexNodeCommand(RosArgs rosArgs) {
    this.rosArgs = rosArgs;
  }

  RosArgs rosArgs() {
    return rosArgs;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Runs the command line and returns the exit code. */
  public static int execute(String... args) {
    RosArgs ros;
    try {
      ros = RosArgsParser.parse(args);
      NodeIdentity node = NodeIdentity.from(RosNode.DEFAULT_NAME, ros);
      LogLevels.apply(ros, node);
      LOG.debug("{}: {} remapping(s), {} parameter file(s), {} parameter override(s), log levels {}",
          node.fullyQualifiedName(), ros.remaps().size(), ros.paramsFiles().size(), ros.parameters().size(),
          ros.logLevels().stream().map(l -> l.logger().map(n -> n + ":=").orElse("") + l.level()).toList());
    } catch (RosArgsException e) {
      System.err.println("duplex-node: " + e.getMessage());
      return ExitCode.BAD_INPUT.code();
    }
    return commandLine(ros).execute(ros.otherArgs().toArray(new String[0]));
  }

  /**
   * The command line with the exit codes of {@link ExitCode}: picocli's own 2 for options it cannot
   * parse (its usage error code, the same as {@link ExitCode#BAD_INPUT}), {@link Failures} for what
   * commands throw.
   */
  static CommandLine commandLine(RosArgs ros) {
    return new CommandLine(new DuplexNodeCommand(ros)).setExecutionExceptionHandler(new Failures());
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }
}
