package org.duplexnode.node;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.duplexnode.audio.LocalAudio;
import org.duplexnode.audio.LocalAudioReport;
import org.duplexnode.audio.LocalMicrophone;
import org.duplexnode.audio.BargeIn;
import org.duplexnode.audio.BargeInParameters;
import org.duplexnode.audio.LocalSpeaker;
import org.duplexnode.audio.MovingBargeIn;
import org.duplexnode.ingest.echo.EchoCancelUnavailable;
import org.duplexnode.ingest.echo.EchoPath;
import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.FarEndReference;
import org.duplexnode.ingest.echo.PublishedSpeech;
import org.duplexnode.ingest.echo.SpeexEchoCanceller;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterException;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.engine.EngineSet;
import org.duplexnode.model.DuplexModel;
import org.duplexnode.model.pkg.ModelPackageException;
import org.duplexnode.mqtt.MqttBridge;
import org.duplexnode.mqtt.MqttCommandSource;
import org.duplexnode.mqtt.MqttReport;
import org.duplexnode.mqtt.MqttSettings;
import org.duplexnode.mqtt.MqttSink;
import org.duplexnode.pipeline.ModelSettings;
import org.duplexnode.pipeline.PipelineSettings;
import org.duplexnode.ports.ConversationControl;
import org.duplexnode.ports.NodeClock;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ros.FastDdsTransport;
import org.duplexnode.ros.GidLayout;
import org.duplexnode.ros.JointMotion;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.ros.RosChannels;
import org.duplexnode.ros.RosNode;
import org.duplexnode.ros.RobotJointsSource;
import org.duplexnode.ros.RobotMotionSource;
import org.duplexnode.ros.RosOutputs;
import org.duplexnode.ros.RosTransport;
import org.duplexnode.ros.services.NodeServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live node ({@code duplex-node run}): ROS 2 in and out, and, as the parameters ask, the local
 * speaker and microphone and the MQTT bridge, around the core that {@link NodeAssembly} puts
 * together, until a signal, the given duration, or a model that fails for good.
 */
public final class LiveRun {
  private static final Logger LOG = LoggerFactory.getLogger(LiveRun.class);

  /** Where and how long to run; {@code durationS} 0 runs until signalled. */
  public record Options(NodeIdentity identity, RosArgs args, ParameterSet params, int domainId,
                        List<InetAddress> interfaces, Path modelDir, double durationS, long seed) {}

  /**
   * How the run ended.
   *
   * @param signal "INT" or "TERM" when a signal stopped it, else empty
   * @param modelFailure why the model failed for good, when it did
   */
  public record Outcome(Optional<String> signal, Optional<String> modelFailure) {}

  private LiveRun() {}

  /**
   * Runs the node. A model package or MQTT setting that cannot be used is a
   * {@link ParameterException}, thrown before the node joins ROS 2.
   */
  public static Outcome run(Options o) throws InterruptedException {
    ParameterSet params = o.params();
    MqttSettings mqttSettings = params.getBool(NodeParameters.MQTT_ENABLED) ? MqttSettings.from(params) : null;
    ModelSettings modelSettings = ModelSettings.from(params);
    EchoSettings echoSettings = echoSettings(params);
    DuplexModel model = openModel(o, modelSettings);
    MqttBridge mqtt;
    try {
      mqtt = mqttSettings == null ? null : MqttBridge.open(mqttSettings);
    } catch (IllegalArgumentException | IOException e) {
      model.close();
      throw new ParameterException("MQTT bridge: " + e.getMessage());
    }
    CountDownLatch stop = new CountDownLatch(1);
    AtomicReference<String> signal = new AtomicReference<>();
    AtomicReference<String> modelFailure = new AtomicReference<>();
    NodeThreads threads = new NodeThreads();
    try (FastDdsTransport transport = new FastDdsTransport(o.identity(), o.args(), o.domainId(), o.interfaces(),
        GidLayout.of(params.getString(NodeParameters.DDS_ROS_DISTRO)))) {
      NodeClock clock = RosNode.clockFor(transport, params);
      LocalAudio local = new LocalAudio(params);
      LocalSpeaker speaker = local.openSpeaker();
      List<OutputPort> adapters = new ArrayList<>();
      adapters.add(new RosOutputs(new RosChannels(transport), clock, params.getString(NodeParameters.SPEAKER_FRAME),
          params.getString(NodeParameters.MICROPHONE_FRAME)));
      if (speaker != null) {
        adapters.add(speaker);
      }
      if (mqtt != null) {
        adapters.add(new MqttSink(mqtt, params.getString(NodeParameters.MICROPHONE_FRAME)));
      }
      EchoPath echo = echoPath(echoSettings, speaker, clock, adapters);
      Map<String, Consumer<Object>> changeable = Map.of();
      if (speaker != null) {
        MovingBargeIn moving = movingBargeIn(params);
        if (moving != null) {
          speaker.bargeIn(moving);
          changeable = BargeInParameters.appliedTo(moving::configured, params);
          followMotion(transport, params, moving);
        } else {
          speaker.bargeIn(BargeIn.from(params));
          changeable = BargeInParameters.appliedTo(speaker, params);
        }
        echo = echo.withVoiceOnsets(speaker);
        speaker.echoDelay(echo::echoDelayNanos);
        changeable = LocalAudio.changeable(speaker, changeable, params);
      }
      try (NodeAssembly node = NodeAssembly.start(NodeAssembly.Mode.LIVE, PipelineSettings.from(params),
               modelSettings.processor(model), clock, adapters, null, threads, echo);
           RosNode ros = RosNode.start(transport, params, clock, node.input());
           // Only the barge-in policy and the speaker's volume can change while the node runs (with a
           // local speaker): set_parameters refuses every other parameter with the reason.
           NodeServices services = NodeServices.start(transport, params, changeable);
           LocalMicrophone mic = local.openMicrophone(node.input(), clock::nowNanos)) {
        ros.diagnostics().reportConversation(node::health);
        ros.diagnostics().reportIngest(node::ingestHealth);
        ros.diagnostics().report(() -> node.controlHealth().report());
        // The Trigger service starts a new conversation as ~/reset with both kept would; its
        // answer says it was handed over, the reply topic says when it is done.
        services.serveReset(() -> {
          node.input().onControl(new ConversationControl.Reset("reset-service", true, true));
          return "new conversation requested (watches and context kept); ~/reply answers request_id "
              + "reset-service when done";
        });
        // A dead model is not a running node: stop, so that the supervisor restarts it.
        node.whenModelFails(why -> {
          modelFailure.set(why);
          stop.countDown();
        });
        if (local.enabled()) {
          ros.diagnostics().report(new LocalAudioReport(local::health));
        }
        if (echo.cancelling()) {
          ros.diagnostics().report(echo::report);
        }
        if (mqtt != null) {
          MqttCommandSource.attach(mqtt, node.input(), clock::nowNanos);
          mqtt.start();
          ros.diagnostics().report(new MqttReport(mqtt::status));
        }
        if (mic != null) {
          mic.start();
        }
        waitForStop(o, stop, signal);
        if (modelFailure.get() != null) {
          // One last report, so that /diagnostics shows why before the node leaves the graph.
          ros.diagnostics().publishOnce();
        }
        LOG.info("stopping: {}; {}", ros.summary(), node.summary());
      } finally {
        if (speaker != null) {
          speaker.close();
        }
        echo.close();
        if (mqtt != null) {
          mqtt.close();
        }
      }
    }
    return new Outcome(Optional.ofNullable(signal.get()), Optional.ofNullable(modelFailure.get()));
  }

  /**
   * The local speaker's barge-in as it follows the robot's velocity commands, or null where
   * audio.barge_in_while_moving is stop (cmd_vel and joint_states are then not read).
   */
  static MovingBargeIn movingBargeIn(ParameterSet params) {
    String whileMoving = params.getString(NodeParameters.BARGE_IN_WHILE_MOVING);
    if (whileMoving.equals("stop")) {
      return null;
    }
    return new MovingBargeIn(BargeIn.from(params), BargeIn.Mode.valueOf(whileMoving.toUpperCase(Locale.ROOT)),
        Math.round(params.getDouble(NodeParameters.MOTION_HOLD_S) * 1e9), System::nanoTime);
  }

  /** Subscribes what tells {@code moving} that the robot moves: cmd_vel, and joint_states for audio.motion_joints. */
  static void followMotion(RosTransport transport, ParameterSet params, MovingBargeIn moving) {
    RobotMotionSource.subscribe(transport,
        params.getString(NodeParameters.MOTION_MESSAGE_TYPE).equals("twist_stamped"), moving);
    List<String> joints = params.getStringList(NodeParameters.MOTION_JOINTS);
    if (!joints.isEmpty()) {
      JointMotion motion = new JointMotion(joints, params.getDouble(NodeParameters.MOTION_JOINT_TOLERANCE));
      RobotJointsSource.subscribe(transport, motion, moving.jointStates(motion::notHeard));
    }
  }

  /**
   * The echo cancellation asked for, its reference resolved; a canceller whose reference or
   * library is missing is a {@link ParameterException} before anything starts.
   */
  static EchoSettings echoSettings(ParameterSet params) {
    EchoSettings echo = EchoSettings.from(params).resolved(params.getBool(NodeParameters.LOCAL_SPEAKER));
    if (!echo.enabled()) {
      return echo;
    }
    if (echo.reference() == EchoSettings.Reference.SPEAKER && !params.getBool(NodeParameters.LOCAL_SPEAKER)) {
      throw new ParameterException("parameter " + NodeParameters.ECHO_REFERENCE + " (speaker) needs "
          + NodeParameters.LOCAL_SPEAKER + " true: its playback is the reference (published takes ~/speech as "
          + "another node plays it)");
    }
    try {
      SpeexEchoCanceller.checkAvailable();
    } catch (EchoCancelUnavailable e) {
      throw new ParameterException(e.getMessage(), e);
    }
    return echo;
  }

  /**
   * What the local speaker plays, or the speech published for another node to play, comes back
   * through this; the published speech reaches its reference as one more of {@code adapters}.
   */
  static EchoPath echoPath(EchoSettings settings, LocalSpeaker speaker, NodeClock clock,
                                   List<OutputPort> adapters) {
    if (settings.readsFarEndTopic()) {
      return EchoPath.topic(settings, clock::nowNanos, EchoPath.speex(settings));
    }
    if (settings.enabled() && settings.reference() == EchoSettings.Reference.PUBLISHED) {
      FarEndReference published = new FarEndReference();
      adapters.add(new PublishedSpeech(published, clock::nowNanos));
      return EchoPath.published(settings, published, EchoPath.speex(settings));
    }
    if (speaker == null) {
      if (settings.enabled()) {
        LOG.warn("{}: the local speaker did not open, so there is no echo to cancel", NodeParameters.ECHO_CANCEL);
      }
      return EchoPath.none();
    }
    FarEndReference reference = new FarEndReference();
    speaker.onPlayback(reference, clock::nowNanos);
    return EchoPath.of(settings, reference, EchoPath.speex(settings));
  }

  private static DuplexModel openModel(Options o, ModelSettings modelSettings) {
    DuplexModel model;
    try {
      model = DuplexModel.open(o.modelDir(), EngineSet.standard(), modelSettings.runtimeOptions(false, o.seed()));
    } catch (ModelPackageException e) {
      // a graph whose ports break the contract shows only when it loads
      throw new ParameterException("parameter " + NodeParameters.MODEL_PACKAGE + " (" + o.modelDir() + "): "
          + e.getMessage());
    }
    try {
      modelSettings.checkFits(model);
    } catch (ParameterException e) {
      model.close();
      throw e;
    }
    LOG.info("model package {} loaded from {}", model.packageName(), o.modelDir());
    return model;
  }

  /**
   * Waits for SIGTERM/SIGINT, the duration, or the stop latch. The signals end the wait and
   * everything closes in order before the JVM exits; left to the JVM, shutdown hooks (ONNX
   * Runtime's among them) run while the model is mid-unit.
   */
  private static void waitForStop(Options o, CountDownLatch stop, AtomicReference<String> signal)
      throws InterruptedException {
    Thread hook = new Thread(stop::countDown, "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    TerminationSignals signals = TerminationSignals.handleByName(name -> {
      signal.compareAndSet(null, name);
      stop.countDown();
    });
    LOG.info("{} running in ROS_DOMAIN_ID {}; Ctrl-C to stop", o.identity().fullyQualifiedName(), o.domainId());
    try {
      if (o.durationS() > 0) {
        stop.await((long) (o.durationS() * 1000), TimeUnit.MILLISECONDS);
      } else {
        stop.await();
      }
    } finally {
      signals.restore();
    }
  }
}
