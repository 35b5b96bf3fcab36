package org.duplexnode.cli;

import org.duplexnode.ros.RosArgs;
import org.duplexnode.ros.RosArgsException;
import org.duplexnode.ros.RosArgsParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code duplex-node}: the one executable. ROS arguments ({@code --ros-args ... [--]}) are taken
 * out first, as rcl does, and handed to the subcommand; picocli parses the rest.
 */
@Command(name = "duplex-node", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Full-duplex conversational perception for ROS 2 robots (MiniCPM-o 4.5).",
    subcommands = {RunCommand.class, BagCommand.class, EnginesCommand.class})
public final class DuplexNodeCommand implements Runnable {
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
    } catch (RosArgsException e) {
      System.err.println("duplex-node: " + e.getMessage());
      return 2;
    }
    return new CommandLine(new DuplexNodeCommand(ros)).execute(ros.otherArgs().toArray(new String[0]));
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }
}
