package org.duplexnode.cli;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterException;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.pipeline.LiveNode;
import org.duplexnode.ros.FastDdsTransport;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.ros.RosArgs;
import org.duplexnode.engine.EngineSet;
import org.duplexnode.model.DuplexModel;
import org.duplexnode.model.pkg.ModelPackageException;
import org.duplexnode.pipeline.ConversationPipeline;
import org.duplexnode.pipeline.ModelSettings;
import org.duplexnode.pipeline.PipelineSettings;
import org.duplexnode.pipeline.TerminationSignals;
import org.duplexnode.ros.NodeClock;
import org.duplexnode.outputs.SpeechChunk;
import org.duplexnode.mqtt.MqttBridge;
import org.duplexnode.mqtt.MqttSettings;
import org.duplexnode.sinks.LocalSpeaker;
import org.duplexnode.sinks.MqttSink;
import org.duplexnode.sources.MqttCommandSource;
import org.duplexnode.sinks.MessageSink;
import org.duplexnode.sources.LocalMicrophone;
import org.duplexnode.sinks.RosChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

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
    MqttSettings mqttSettings = params.getBool(NodeParameters.MQTT_ENABLED) ? MqttSettings.from(params) : null;
    ModelSettings modelSettings = ModelSettings.from(params);
    Path modelDir = setup.checkedModelDir();
    CountDownLatch stop = new CountDownLatch(1);
    AtomicReference<String> signal = new AtomicReference<>();
    DuplexModel model;
    try {
      model = DuplexModel.open(modelDir, EngineSet.standard(), modelSettings.runtimeOptions(false, seed));
    } catch (ModelPackageException e) {
      // a graph whose ports break the contract shows only when it loads
      throw CommandFailure.badInput("parameter " + NodeParameters.MODEL_PACKAGE + " (" + modelDir + "): "
          + e.getMessage(), e);
    }
    try {
      modelSettings.checkFits(model);
    } catch (ParameterException e) {
      model.close();
      throw e;
    }
    LOG.info("model package {} loaded from {}", model.packageName(), modelDir);
    AtomicReference<String> modelFailure = new AtomicReference<>();
    MqttBridge mqtt;
    try {
      mqtt = mqttSettings == null ? null : MqttBridge.open(mqttSettings);
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw CommandFailure.badInput("MQTT bridge: " + e.getMessage(), e);
    }
    try (FastDdsTransport transport = new FastDdsTransport(identity, args, domain, interfaces)) {
      NodeClock clock = LiveNode.clockFor(transport, params);
      MessageSink sink = new MessageSink(new RosChannels(transport), clock,
          params.getString(NodeParameters.SPEAKER_FRAME), params.getString(NodeParameters.MICROPHONE_FRAME));
      LocalAudio local = new LocalAudio(params);
      LocalSpeaker speaker = local.openSpeaker();
      MqttSink mqttSink = mqtt == null ? null : new MqttSink(mqtt, params.getString(NodeParameters.MICROPHONE_FRAME));
      try (ConversationPipeline pipeline = ConversationPipeline.start(PipelineSettings.from(params),
               modelSettings.processor(model), sink, null, clock, e -> {
                 if (speaker != null && e instanceof SpeechChunk c) {
                   speaker.accept(c);
                 }
                 if (mqttSink != null) {
                   mqttSink.accept(e);
                 }
               });
           LiveNode node = LiveNode.start(transport, params, clock, pipeline.input());
           LocalMicrophone mic = local.openMicrophone(pipeline.input(), clock::nowNanos)) {
        node.diagnostics().reportConversation(pipeline::health);
        node.diagnostics().reportIngest(pipeline::ingestHealth);
        // A dead model is not a running node: stop, so that the supervisor restarts it.
        pipeline.whenModelFails(why -> {
          modelFailure.set(why);
          stop.countDown();
        });
        if (local.enabled()) {
          node.diagnostics().reportLocalAudio(local::health);
        }
        if (mqtt != null) {
          MqttCommandSource.attach(mqtt, pipeline.input(), clock::nowNanos);
          mqtt.start();
          node.diagnostics().reportMqtt(mqtt::status);
        }
        if (mic != null) {
          mic.start();
        }
        Thread hook = new Thread(stop::countDown, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // SIGTERM/SIGINT end the wait below and everything closes in order before the JVM exits;
        // left to the JVM, shutdown hooks (ONNX Runtime's among them) run while the model is mid-unit.
        TerminationSignals signals = TerminationSignals.handleByName(name -> {
          signal.compareAndSet(null, name);
          stop.countDown();
        });
        LOG.info("{} running in ROS_DOMAIN_ID {}; Ctrl-C to stop", identity.fullyQualifiedName(), domain);
        try {
          if (durationS > 0) {
            stop.await((long) (durationS * 1000), java.util.concurrent.TimeUnit.MILLISECONDS);
          } else {
            stop.await();
          }
        } finally {
          signals.restore();
        }
        if (modelFailure.get() != null) {
          // One last report, so that /diagnostics shows why before the node leaves the graph.
          node.diagnostics().publishOnce();
        }
        LOG.info("stopping: {}; {}", node.summary(), pipeline.summary());
      } finally {
        if (speaker != null) {
          speaker.close();
        }
        if (mqtt != null) {
          mqtt.close();
        }
      }
    }
    if (modelFailure.get() != null) {
      System.err.println("duplex-node run: the model failed: " + modelFailure.get());
      return ExitCode.RUNTIME_FAILURE.code();
    }
    // As a shell reports a process ended by the signal; systemd counts 143 as a clean stop.
    String by = signal.get();
    return (by == null ? ExitCode.OK : "INT".equals(by) ? ExitCode.INTERRUPTED : ExitCode.TERMINATED).code();
  }
}
