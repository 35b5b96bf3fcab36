package org.duplexnode.cli;

import java.net.InetAddress;
import java.util.List;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.node.LiveRun;
import org.duplexnode.ros.FastDdsTransport;
import org.duplexnode.ros.NodeIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code duplex-node run}: the live ROS 2 node, until SIGINT/SIGTERM (or --duration). Exits 0 after
 * --duration, 143 after SIGTERM, 130 after SIGINT, 2 when its configuration cannot be used.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run the live ROS 2 node until SIGINT or SIGTERM.",
        "ROS arguments follow --ros-args: -r from:=to, -p name:=value, --params-file FILE, -r __ns:=/ns,"
            + " -r __node:=name, --log-level LEVEL or --log-level NAME:=LEVEL."})
public final class RunCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand private DuplexNodeCommand parent;

  @Option(names = "--duration", description = "Stop after this many seconds (default: run until signalled).")
  private double durationS = 0;

  @Option(names = "--seed", description = "Sampling seed of the model (default ${DEFAULT-VALUE}).")
  private long seed = 0;

  @Option(names = "--print-parameters", description = "Print every parameter with its value and source, then exit.")
  private boolean printParameters;

  @Override
  public Integer call() throws Exception {
    // Everything the node needs is checked before it starts: a mistake there is exit 2 (Failures),
    // which the systemd unit does not restart.
    RosArgs args = parent.rosArgs();
    NodeSetup setup = NodeSetup.of(args);
    NodeIdentity identity = setup.identity();
    ParameterSet params = setup.params();
    int domain = FastDdsTransport.domainIdFromEnvironment();
    if (printParameters) {
      params.describe().forEach(System.out::println);
      return ExitCode.OK.code();
    }
    List<InetAddress> interfaces = DdsInterfaces.of(params);
    LiveRun.Outcome outcome = LiveRun.run(new LiveRun.Options(identity, args, params, domain, interfaces,
        setup.checkedModelDir(), durationS, seed));
    if (outcome.modelFailure().isPresent()) {
      System.err.println("duplex-node run: the model failed: " + outcome.modelFailure().get());
      return ExitCode.RUNTIME_FAILURE.code();
    }
    // As a shell reports a process ended by the signal; systemd counts 143 as a clean stop.
    return outcome.signal().map(by -> "INT".equals(by) ? ExitCode.INTERRUPTED : ExitCode.TERMINATED)
        .orElse(ExitCode.OK).code();
  }
}
