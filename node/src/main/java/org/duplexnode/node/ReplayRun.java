package org.duplexnode.node;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.duplexnode.bag.Bag;
import org.duplexnode.bag.RosbagWriter;
import org.duplexnode.bag.RosbagWriterOptions;
import org.duplexnode.bag.TopicInfo;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterException;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.config.RosNames;
import org.duplexnode.engine.EngineSet;
import org.duplexnode.ingest.echo.EchoCancelUnavailable;
import org.duplexnode.ingest.echo.EchoPath;
import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.SpeexEchoCanceller;
import org.duplexnode.model.DuplexModel;
import org.duplexnode.pipeline.ModelSettings;
import org.duplexnode.pipeline.PipelineSettings;
import org.duplexnode.pipeline.UnitProcessor;
import org.duplexnode.replay.BagChannels;
import org.duplexnode.replay.BagSource;
import org.duplexnode.replay.ConsoleLines;
import org.duplexnode.replay.ConsolePrinter;
import org.duplexnode.replay.HtmlReport;
import org.duplexnode.replay.JUnitXml;
import org.duplexnode.replay.ProgressLine;
import org.duplexnode.replay.ReplayInputException;
import org.duplexnode.replay.RunRecord;
import org.duplexnode.replay.Scenario;
import org.duplexnode.replay.ScenarioCheck;
import org.duplexnode.ros.FastDdsTransport;
import org.duplexnode.ros.GidLayout;
import org.duplexnode.ros.InputErrorCounter;
import org.duplexnode.ros.MessageChannels;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.ros.RosChannels;
import org.duplexnode.ros.RosOutputs;
import org.duplexnode.ros.RosSource;
import org.duplexnode.ros.SimClock;

/**
 * One offline run of the pipeline over a recorded bag, as {@code duplex-node replay} and
 * {@code duplex-node demo} do it:
 *
 * <pre>
 *   bag ─▶ BagSource (sim time = log time) ─▶ NodeAssembly (replay: queues wait) ─▶ RosOutputs
 *                                                                                      ├▶ output bag (inputs used + outputs)
 *                                                                                      └▶ ROS 2 (optional, live)
 *   after the run: report.html, and with a scenario, its checks and junit.xml
 * </pre>
 * Same bag, model and seed give the same outputs: the queue blocks instead of dropping, time is
 * the bag's, and decoding is greedy or seeded.
 *
 * <p>Failure: SIGTERM or SIGINT during the run stops it in order before the JVM exits: no further
 * bag messages are fed, the model finishes the units already queued (within the unit time limit
 * for each and one more; a model stuck longer is abandoned) and closes, and the output bag is
 * closed (summary, metadata.yaml), so an interrupted replay leaves a complete bag of what it
 * wrote; {@link Outcome#stoppedBySignal()} and {@link Outcome#stopSignal()} then say so. The signals are taken from the JVM for
 * the run (its default is to start shutdown, whose hooks run at once and alongside ONNX Runtime's
 * own, which crashed the model thread in native code), and nothing is interrupted (an interrupt
 * closes the bag's file channels). Any other shutdown still closes the bag from a shutdown hook,
 * after waiting up to {@link #SHUTDOWN_WAIT_MS} for the run to stop. A signal also closes the unit
 * queue, so a source blocked on a full queue goes on at once.
 *
 * <p>When the model fails for good (its thread ends: see {@code ModelWorker}), the run stops the
 * same way: no further messages are fed, the output bag is closed, the report is written with a
 * failed check "model" giving the reason, and {@link Outcome#modelFailure()} says why. A system
 * prompt that cannot fit the model's context budget is refused before the output bag is created
 * (a {@link ParameterException} naming {@code model.system_prompt}).
 *
 * <p>A run stopped before all its input was fed is marked interrupted in its record, so every
 * scenario check is an error in junit.xml and report.html, never a pass.
 *
 * <p>A bag, scenario or output folder that cannot be used throws {@link ReplayInputException}; a
 * write that fails during the run (a full disk) is counted, the run goes on, and {@link #run} then
 * throws an IOException naming the file; report.html and junit.xml are written whole or not at all.
 */
public final class ReplayRun {
  /** What to run. */
  public record Options(Path bag, Path modelDir, Path outDir, double rate, boolean publishRos, long seed,
                        boolean greedy, Optional<Path> scenario, String title, boolean allowDamagedBag) {
    /** Options under which a scenario fails when part of the bag cannot be read. */
    public Options(Path bag, Path modelDir, Path outDir, double rate, boolean publishRos, long seed,
                   boolean greedy, Optional<Path> scenario, String title) {
      this(bag, modelDir, outDir, rate, publishRos, seed, greedy, scenario, title, false);
    }
  }

  /**
   * What came out.
   *
   * @param stopSignal the signal that stopped the run ("TERM" or "INT"; "" when none did, or when a
   *     shutdown without a known signal stopped it: see {@link #stoppedBySignal()})
   * @param modelFailure why the model failed for good during the run; empty when it did not
   */
  public record Outcome(RunRecord record, List<ScenarioCheck.Result> results, Path outputBag, Path report,
                        long messages, String summary, boolean stoppedBySignal, String stopSignal,
                        Optional<String> modelFailure) {
    /** No check failed or could not be judged; skipped checks (nothing to check) do not fail a run. */
    public boolean passed() {
      return results.stream().noneMatch(ScenarioCheck.Result::failsTheRun);
    }
  }

  /** The check a run whose model failed adds to its results, so that the report and junit.xml fail. */
  public static final String MODEL_CHECK = "model";

  /** How long a shutdown waits for the run to stop in order before closing the output bag itself. */
  static final long SHUTDOWN_WAIT_MS = 30_000;

  /** Thrown from the replay's progress callback to end the feeding loop on shutdown. */
  private static final class StopRequested extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StopRequested() {
      super("shutting down", null, false, false);
    }
  }

  private ReplayRun() {}

  public static Outcome run(Options o, RosArgs args, ParameterSet params, NodeIdentity identity, PrintStream console)
      throws IOException, InterruptedException {
    return run(o, args, params, identity, console, UnaryOperator.identity());
  }

  /**
   * As {@link #run(Options, RosArgs, ParameterSet, NodeIdentity, PrintStream)}, the model stage
   * wrapped by {@code around} (instrumentation, or faults for the tests of how a run ends).
   */
  public static Outcome run(Options o, RosArgs args, ParameterSet params, NodeIdentity identity, PrintStream console,
                     UnaryOperator<UnitProcessor> around) throws IOException, InterruptedException {
    Scenario scenario = o.scenario().map(Scenario::load).orElse(null);
    EchoSettings echo = echoSettings(params); // refused before anything opens
    Path outBag = o.outDir().resolve("bag");
    if (Files.exists(outBag)) {
      throw new ReplayInputException("output bag " + outBag + " already exists; choose another --out");
    }
    ModelSettings modelSettings = ModelSettings.from(params);
    DuplexModel model = DuplexModel.open(o.modelDir(), EngineSet.standard(),
        modelSettings.runtimeOptions(o.greedy(), o.seed()));
    // The pipeline closes the model from when it starts; until then, this method does.
    AtomicBoolean modelHandedOver = new AtomicBoolean();
    try {
      modelSettings.checkFits(model);
      return run(o, args, params, identity, console, scenario, outBag,
          new ModelStage(around.apply(modelSettings.processor(model)), modelHandedOver), echo);
    } finally {
      if (!modelHandedOver.get()) {
        model.close();
      }
    }
  }

  /** The model stage the run hands to its pipeline, and whether it has. */
  private record ModelStage(UnitProcessor processor, AtomicBoolean handedOver) {}

  private static Outcome run(Options o, RosArgs args, ParameterSet params, NodeIdentity identity, PrintStream console,
                             Scenario scenario, Path outBag, ModelStage model, EchoSettings echoSettings)
      throws IOException, InterruptedException {
    Files.createDirectories(o.outDir());
    Function<String, String> resolve = n -> RosNames.resolve(n, identity.namespace(), identity.name(), args.remaps());
    InputErrorCounter errors = new InputErrorCounter();
    SimClock clock = new SimClock();
    RunRecord record = new RunRecord();
    long started = System.nanoTime();
    try (Bag bag = Bag.open(o.bag());
         RosbagWriter writer = RosbagWriter.create(outBag, RosbagWriterOptions.defaults());
         FastDdsTransport ros = o.publishRos() ? new FastDdsTransport(identity, args,
             FastDdsTransport.domainIdFromEnvironment(), List.of(),
             GidLayout.of(params.getString(NodeParameters.DDS_ROS_DISTRO))) : null) {
      Stop stop = new Stop();
      CountDownLatch stopped = new CountDownLatch(1);
      Thread onShutdown = closingOnShutdown(stop.requested, stopped, writer);
      TerminationSignals signals = TerminationSignals.handleByName(stop::signal);
      Outcome outcome;
      try {
        outcome = replay(o, scenario, bag, writer, ros, resolve, errors, clock, record, params, console, outBag,
            started, stop, model, echoSettings);
      } finally {
        try {
          writer.close();
        } finally {
          signals.restore();
          stopped.countDown();
          try {
            Runtime.getRuntime().removeShutdownHook(onShutdown);
          } catch (IllegalStateException shuttingDown) {
            // the hook is running and has been told the bag is closed
          }
        }
      }
      if (writer.failedWrites() > 0) {
        // Lost output is a failed run even where the report could still be written.
        throw new IOException(writer.firstFailure().map(ReplayRun::describe).orElse(outBag.toString()) + " ("
            + writer.failedWrites() + " message(s) not written to the output bag)", writer.firstFailure().orElse(null));
      }
      return outcome;
    }
  }

  private static String describe(java.nio.file.FileSystemException e) {
    return e.getFile() + ": " + e.getReason();
  }

  /**
   * A registered shutdown hook that asks the run to stop, waits until it has closed the bag, and
   * closes the bag itself if that takes longer than {@link #SHUTDOWN_WAIT_MS}.
   */
  private static Thread closingOnShutdown(AtomicBoolean stopping, CountDownLatch stopped, RosbagWriter writer) {
    Thread hook = new Thread(() -> {
      stopping.set(true);
      try {
        if (stopped.await(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        writer.close();
      } catch (IOException | RuntimeException e) {
        System.err.println("duplex-node: could not close the output bag " + writer.folder() + ": " + e.getMessage());
      }
    }, "replay-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  /** How a stop was asked for: by a signal (which), or by a shutdown; and the pipeline to stop taking input. */
  private static final class Stop {
    final AtomicBoolean requested = new AtomicBoolean();
    final java.util.concurrent.atomic.AtomicReference<String> signal = new java.util.concurrent.atomic.AtomicReference<>("");
    final java.util.concurrent.atomic.AtomicReference<NodeAssembly> pipeline =
        new java.util.concurrent.atomic.AtomicReference<>();

    /** On the signal thread. */
    void signal(String name) {
      signal.compareAndSet("", name);
      requested.set(true);
      NodeAssembly p = pipeline.get();
      if (p != null) {
        p.stopInput();
      }
    }
  }

  private static Outcome replay(Options o, Scenario scenario, Bag bag, RosbagWriter writer, FastDdsTransport ros,
                                Function<String, String> resolve, InputErrorCounter errors, SimClock clock,
                                RunRecord record, ParameterSet params, PrintStream console, Path outBag, long started,
                                Stop stop, ModelStage model, EchoSettings echoSettings)
      throws IOException, InterruptedException {
    long bagStart = bag.timeRange().map(r -> r.startNs()).orElse(0L);
    record.start(bagStart);
    // Sim time starts at the bag's start, not at 0: what the sink sends before the first message
    // (the latched ~/speech/info) is logged inside the bag's span, so the output bag starts where
    // the input does and scenario times mean the same when the output bag is replayed.
    clock.update(bagStart);
    MessageChannels channels = new BagChannels(writer, resolve, errors);
    if (ros != null) {
      channels = MessageChannels.both(channels, new RosChannels(ros));
    }
    RosOutputs topics = new RosOutputs(channels, clock, params.getString(NodeParameters.SPEAKER_FRAME),
        params.getString(NodeParameters.MICROPHONE_FRAME));
    ConsoleLines lines = ConsoleLines.of(console);
    long messages;
    String summary;
    Optional<String> modelFailure;
    model.handedOver().set(true);
    PipelineSettings settings = PipelineSettings.from(params); // NodeAssembly makes its queue block in a replay
    // Closed after the pipeline that uses it.
    try (EchoPath echo = echoSettings.enabled()
            ? EchoPath.topic(echoSettings, clock::nowNanos, EchoPath.speex(echoSettings)) : EchoPath.none();
         NodeAssembly pipeline = NodeAssembly.start(NodeAssembly.Mode.REPLAY, settings, model.processor(), clock,
        List.of(topics, new ConsolePrinter(lines, bagStart)), record, new NodeThreads(), echo)) {
      stop.pipeline.set(pipeline);
      if (stop.requested.get()) {
        pipeline.stopInput();
      }
      RosSource.Options sourceOptions = RosSource.Options.from(params);
      if (echoSettings.enabled()) {
        sourceOptions = sourceOptions.withFarEnd(params.getInt(NodeParameters.FAR_END_SAMPLE_RATE));
        String farEnd = resolve.apply(org.duplexnode.ros.NodeTopics.FAR_END.name());
        if (bag.topic(farEnd).isEmpty()) {
          lines.line(NodeParameters.ECHO_CANCEL + " " + echoSettings.mode().name().toLowerCase(java.util.Locale.ROOT)
              + ": the bag has no " + farEnd + " (the far end the robot played), so there is no echo to cancel");
        }
      }
      BagSource source = new BagSource(bag, pipeline.input(), sourceOptions, resolve, errors);
      if (source.inputs().isEmpty()) {
        throw new ReplayInputException("the bag has none of the node's input topics (" + resolve.apply("camera/image_raw")
            + ", " + resolve.apply("audio/in") + ", ...): remap them with --ros-args -r");
      }
      for (var input : source.inputs().entrySet()) {
        TopicInfo t = bag.topic(input.getKey()).orElseThrow();
        writer.addTopic(t, bag.definition(t.type()).orElse(
            new org.duplexnode.bag.MessageDefinition(t.type(), "ros2msg", "")));
      }
      ProgressLine progress = new ProgressLine(lines);
      long[] fed = {0};
      long[] inBag = {0};
      try {
        source.replay(o.rate(), clock::update, (index, total, logTimeNs) -> {
          fed[0] = index;
          inBag[0] = total;
          if (stop.requested.get() || pipeline.modelFailure().isPresent()) {
            throw new StopRequested();
          }
          progress.at(index, total, logTimeNs);
        }, m -> {
          try {
            writer.write(m);
          } catch (IOException e) {
            errors.reject(m.topic(), "not written to the bag", e.getMessage());
          }
        });
      } catch (StopRequested e) {
        String why = pipeline.modelFailure().map(reason -> "the model failed: " + reason)
            .orElse(stop.signal.get().isEmpty() ? "shutdown requested" : "SIG" + stop.signal.get());
        lines.line("stopping after " + fed[0] + " messages: " + why);
        if (fed[0] < inBag[0]) { // a stop after the last message leaves a complete record
          record.interrupted("the replay was interrupted (" + why + ") after " + fed[0] + " of " + inBag[0]
              + " input messages");
        }
      }
      messages = fed[0];
      if (!stop.requested.get()) {
        pipeline.finishInput();
      } else if (!pipeline.finishInput(stopWaitMs(settings))) {
        lines.line("the model is still on a unit after " + stopWaitMs(settings) / 1000.0
            + " s: closing the output bag without the units left");
      }
      progress.done();
      summary = pipeline.summary() + "; " + errors.total() + " messages rejected";
      modelFailure = pipeline.modelFailure();
    }
    for (String warning : bag.warnings()) {
      lines.line("bag warning: " + warning);
    }
    bag.losses().forEach(loss -> record.bagLoss(loss.describe()));
    List<ScenarioCheck.Result> results = new ArrayList<>();
    if (scenario != null) {
      results.addAll(ScenarioCheck.evaluate(scenario, record));
      results.add(ScenarioCheck.bagReadWhole(record, o.allowDamagedBag()));
    }
    modelFailure.ifPresent(why -> results.add(new ScenarioCheck.Result(MODEL_CHECK, false, "the model failed: " + why)));
    Path report = o.outDir().resolve("report.html");
    HtmlReport.write(report, o.title(), record, results);
    if (scenario != null) {
      JUnitXml.write(o.outDir().resolve("junit.xml"), scenario.name(), results, (System.nanoTime() - started) / 1e9);
    }
    return new Outcome(record, List.copyOf(results), outBag, report, messages, summary,
        stop.requested.get(), stop.signal.get(), modelFailure);
  }

  /**
   * The echo cancellation a replay runs: the far end is what the bag recorded on audio/far_end
   * ({@link EchoSettings#resolvedForReplay()}); refused as a {@link ParameterException} when it
   * asks for another reference or SpeexDSP is missing.
   */
  static EchoSettings echoSettings(ParameterSet params) {
    EchoSettings echo;
    try {
      echo = EchoSettings.from(params).resolvedForReplay();
    } catch (IllegalArgumentException e) {
      throw new ParameterException("parameter " + NodeParameters.ECHO_REFERENCE + ": " + e.getMessage());
    }
    if (echo.enabled()) {
      try {
        SpeexEchoCanceller.checkAvailable();
      } catch (EchoCancelUnavailable e) {
        throw new ParameterException(e.getMessage(), e);
      }
    }
    return echo;
  }

  /** How long a stopped run waits for the model to finish its queued units: the unit time limit for each, and one more. */
  static long stopWaitMs(PipelineSettings s) {
    return Math.round(s.unitTimeoutS() * 1000 * (s.queueCapacity() + 1));
  }
}
