package org.duplexnode.cli;

import java.util.concurrent.CountDownLatch;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterException;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.pipeline.LiveNode;
import org.duplexnode.ros.FastDdsTransport;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.ros.RosArgs;
import org.duplexnode.ros.RosArgsException;
import org.duplexnode.sources.RawAudio;
import org.duplexnode.sources.RawCompressedImage;
import org.duplexnode.sources.RawImage;
import org.duplexnode.sources.SourceListener;
import org.duplexnode.sources.WatchRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code duplex-node run}: the live ROS 2 node, until SIGINT/SIGTERM (or --duration). */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run the live ROS 2 node.",
        "ROS arguments follow --ros-args: -r from:=to, -p name:=value, --params-file FILE, -r __ns:=/ns, -r __node:=name."})
public final class RunCommand implements java.util.concurrent.Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @ParentCommand private DuplexNodeCommand parent;

  @Option(names = "--duration", description = "Stop after this many seconds (default: run until signalled).")
  private double durationS = 0;

  @Option(names = "--print-parameters", description = "Print every parameter with its value and source, then exit.")
  private boolean printParameters;

  @Override
  public Integer call() throws Exception {
    RosArgs args = parent.rosArgs();
    NodeIdentity identity;
    ParameterSet params;
    int domain;
    try {
      identity = NodeIdentity.from(LiveNode.DEFAULT_NAME, args);
      params = new ParameterSet(NodeParameters.all()).apply(args, identity.fullyQualifiedName());
      domain = FastDdsTransport.domainIdFromEnvironment();
    } catch (RosArgsException | ParameterException e) {
      System.err.println("duplex-node run: " + e.getMessage());
      return 2;
    }
    for (String u : params.unknown()) {
      LOG.warn("ignoring unknown parameter {}", u);
    }
    if (printParameters) {
      params.describe().forEach(System.out::println);
      return 0;
    }
    CountDownLatch stop = new CountDownLatch(1);
    try (LiveNode node = LiveNode.start(identity, args, params, domain, new DroppingListener())) {
      Thread hook = new Thread(stop::countDown, "shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      LOG.info("{} running in ROS_DOMAIN_ID {}; Ctrl-C to stop", identity.fullyQualifiedName(), domain);
      if (durationS > 0) {
        stop.await((long) (durationS * 1000), java.util.concurrent.TimeUnit.MILLISECONDS);
      } else {
        stop.await();
      }
      LOG.info("stopping: {}", node.summary());
    }
    return 0;
  }

  /**
   * Until the ingest stage is wired into the live node, input is received, counted and reported in
   * diagnostics, then released.
   */
  private static final class DroppingListener implements SourceListener {
    @Override public void onImage(RawImage image) { }
    @Override public void onCompressedImage(RawCompressedImage image) { }
    @Override public void onAudio(RawAudio audio) { }
    @Override public void onWatchRequest(WatchRequest request) { }
    @Override public void onForceListen(long stampNanos, String reason) { }
  }
}
