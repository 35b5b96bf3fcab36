package org.duplexnode.ros;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterException;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.ports.InputPort;
import org.duplexnode.ports.NodeClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live ROS 2 node:
 *
 * <pre>
 *   ROS 2 topics ──▶ RosSource ──▶ InputStatistics ──▶ InputPort (the ingest stage)
 *        │                                                  │
 *   /clock ──▶ SimClock (use_sim_time)                      ▼
 *                                              session ▶ model ▶ outputs ▶ RosOutputs
 *   DiagnosticsPublisher ◀── InputTracker, input error counters  (every diagnostics.period_s)
 *   RosoutAppender: the node's log on /rosout
 *                        ◀── IncompatibleQosMonitor ◀── CycloneDiscoveryObserver (diagnostics.qos_check)
 * </pre>
 */
public final class RosNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RosNode.class);
  public static final String DEFAULT_NAME = "duplex_node";

  private final FastDdsTransport transport;
  private final ScheduledExecutorService timer;
  private final InputStatistics statistics;
  private final DiagnosticsPublisher diagnostics;
  private final NodeClock clock;
  private final IncompatibleQosMonitor qosCheck;
  private final RosoutAppender rosout;

  private RosNode(FastDdsTransport transport, ScheduledExecutorService timer, InputStatistics statistics,
                  DiagnosticsPublisher diagnostics, NodeClock clock, IncompatibleQosMonitor qosCheck,
                  RosoutAppender rosout) {
    this.rosout = rosout;
    this.transport = transport;
    this.qosCheck = qosCheck;
    this.timer = timer;
    this.statistics = statistics;
    this.diagnostics = diagnostics;
    this.clock = clock;
  }

  /** Joins ROS 2 with the given identity and parameters and starts the inputs and diagnostics. */
  public static RosNode start(NodeIdentity identity, RosArgs args, ParameterSet p, int domainId,
                               InputPort downstream) {
    FastDdsTransport transport = new FastDdsTransport(identity, args, domainId, interfaces(p));
    try {
      return start(transport, p, clockFor(transport, p), downstream);
    } catch (RuntimeException e) {
      transport.close();
      throw e;
    }
  }

  /** The node's clock: /clock when use_sim_time is set, else the system clock. */
  public static NodeClock clockFor(FastDdsTransport transport, ParameterSet p) {
    if (!p.getBool(NodeParameters.USE_SIM_TIME)) {
      return NodeClock.system();
    }
    SimClock sim = new SimClock();
    transport.subscribe(NodeTopics.CLOCK, m -> sim.update(Stamps.toNanos(m.getClock())));
    return sim;
  }

  /** Starts inputs and diagnostics on a transport (closed with the node). */
  public static RosNode start(FastDdsTransport transport, ParameterSet p, NodeClock clock, InputPort downstream) {
    RosoutAppender rosout = RosoutAppender.attach(transport, clock);
    InputStatistics statistics = new InputStatistics(downstream);
    AudioFormatState audioFormat = new AudioFormatState(p.getInt(NodeParameters.AUDIO_SAMPLE_RATE),
        p.getInt(NodeParameters.AUDIO_CHANNELS), p.getString(NodeParameters.AUDIO_SAMPLE_FORMAT));
    RosSource source = new RosSource(transport, statistics, RosSource.Options.from(p), clock);
    RosSource.Subscriptions subscribed = source.start();
    InputTracker tracker = new InputTracker(subscribed.sensors(), System::nanoTime);
    DiagnosticsPublisher diagnostics = new DiagnosticsPublisher(transport, clock, tracker::snapshot,
        p.getDouble(NodeParameters.NO_PUBLISHER_WARNING_S));
    IncompatibleQosMonitor qosCheck = null;
    if (p.getBool(NodeParameters.QOS_CHECK)) {
      qosCheck = IncompatibleQosMonitor.of(transport,
          CycloneDiscoveryObserver.start(transport.domainId(), transport.interfaces(), java.time.Duration.ofSeconds(1)),
          RosGraphNames.follow(transport));
      diagnostics.reportQosCheck(qosCheck);
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "diagnostics");
      t.setDaemon(true);
      return t;
    });
    long periodMs = Math.round(p.getDouble(NodeParameters.DIAGNOSTICS_PERIOD_S) * 1000);
    timer.scheduleAtFixedRate(() -> {
      try {
        diagnostics.publishOnce();
      } catch (RuntimeException e) {
        LOG.error("diagnostics failed: {}", e.toString());
      }
    }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    for (RosSubscription s : subscribed.sensors()) {
      LOG.info("subscribed {}", s.topic());
    }
    for (RosSubscription s : subscribed.commands()) {
      LOG.info("subscribed {}", s.topic());
    }
    return new RosNode(transport, timer, statistics, diagnostics, clock, qosCheck, rosout);
  }

  public static List<InetAddress> interfaces(ParameterSet p) {
    List<InetAddress> out = new ArrayList<>();
    for (String a : p.getStringList(NodeParameters.DDS_INTERFACES)) {
      try {
        out.add(InetAddress.getByName(a));
      } catch (UnknownHostException e) {
        throw new ParameterException("parameter '" + NodeParameters.DDS_INTERFACES + "': unknown address '" + a + "'");
      }
    }
    return out;
  }

  public NodeClock clock() {
    return clock;
  }

  public FastDdsTransport transport() {
    return transport;
  }

  public DiagnosticsPublisher diagnostics() {
    return diagnostics;
  }

  public String summary() {
    return statistics.summary() + "; rejected samples " + transport.inputErrors().total();
  }

  @Override
  public void close() {
    rosout.detach();
    timer.shutdownNow();
    if (qosCheck != null) {
      qosCheck.close();
    }
    transport.close();
  }
}
