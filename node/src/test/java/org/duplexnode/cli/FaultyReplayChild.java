package org.duplexnode.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.node.ReplayRun;
import org.duplexnode.pipeline.FaultyModelStage;
import org.duplexnode.ros.NodeIdentity;

/**
 * A child JVM for signal tests: {@code duplex-node replay} of {@code BAG} with the real tiny model
 * {@code MODEL}, whose model stage gets {@code FAULT} after {@code GOOD} units, exiting with the
 * code the command would. Args: BAG MODEL OUT FAULT GOOD [name:=value parameters].
 */
public final class FaultyReplayChild {
  private FaultyReplayChild() {}

  public static void main(String[] args) throws Exception {
    FaultyModelStage.Fault fault = FaultyModelStage.Fault.valueOf(args[3]);
    int good = Integer.parseInt(args[4]);
    ParameterSet p = new ParameterSet(NodeParameters.all());
    for (int i = 5; i < args.length; i++) {
      String[] kv = args[i].split(":=", 2);
      p.set(kv[0], kv[1].contains(".")
          ? com.fasterxml.jackson.databind.node.DoubleNode.valueOf(Double.parseDouble(kv[1]))
          : com.fasterxml.jackson.databind.node.IntNode.valueOf(Integer.parseInt(kv[1])), "test");
    }
    ReplayRun.Outcome r = ReplayRun.run(new ReplayRun.Options(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), 1,
            false, 0, true, Optional.empty(), "faulty"), RosArgs.empty(), p, new NodeIdentity("duplex_node", "/"),
        System.out, real -> new FaultyModelStage(real, fault, good));
    System.out.println("outcome: " + r.summary());
    System.exit(CommandRuns.exitCode(r).code());
  }
}
