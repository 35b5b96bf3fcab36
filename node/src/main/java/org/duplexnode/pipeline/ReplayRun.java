package org.duplexnode.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.duplexnode.bag.Bag;
import org.duplexnode.bag.RosbagWriter;
import org.duplexnode.bag.RosbagWriterOptions;
import org.duplexnode.bag.TopicInfo;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.engine.EngineSet;
import org.duplexnode.model.DuplexModel;
import org.duplexnode.outputs.OutputEvent;
import org.duplexnode.replay.HtmlReport;
import org.duplexnode.replay.JUnitXml;
import org.duplexnode.replay.RunRecord;
import org.duplexnode.replay.Scenario;
import org.duplexnode.replay.ScenarioCheck;
import org.duplexnode.ros.FastDdsTransport;
import org.duplexnode.ros.InputErrorCounter;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.ros.RosArgs;
import org.duplexnode.ros.RosNames;
import org.duplexnode.ros.SimClock;
import org.duplexnode.sinks.BagChannels;
import org.duplexnode.sinks.MessageChannels;
import org.duplexnode.sinks.MessageSink;
import org.duplexnode.sinks.RosChannels;
import org.duplexnode.sources.AudioFormatState;
import org.duplexnode.sources.BagSource;
import org.duplexnode.sources.RosSource;

/**
 * One offline run of the pipeline over a recorded bag, as {@code duplex-node replay} and
 * {@code duplex-node demo} do it:
 *
 * <pre>
 *   bag ─▶ BagSource (sim time = log time) ─▶ ConversationPipeline (blocking queue) ─▶ MessageSink
 *                                                                                      ├▶ output bag (inputs used + outputs)
 *                                                                                      └▶ ROS 2 (optional, live)
 *   after the run: report.html, and with a scenario, its checks and junit.xml
 * </pre>
 * Same bag, model and seed give the same outputs: the queue blocks instead of dropping, time is
 * the bag's, and decoding is greedy or seeded.
 *
 * <p>Failure: SIGTERM or SIGINT during the run stops it in order before the JVM exits: no further
 * bag messages are fed, the model finishes the units already queued and closes, and the output bag
 * is closed (summary, metadata.yaml), so an interrupted replay leaves a complete bag of what it
 * wrote; {@link Outcome#stoppedBySignal()} then says so. The signals are taken from the JVM for
 * the run (its default is to start shutdown, whose hooks run at once and alongside ONNX Runtime's
 * own, which crashed the model thread in native code), and nothing is interrupted (an interrupt
 * closes the bag's file channels). Any other shutdown still closes the bag from a shutdown hook,
 * after waiting up to {@link #SHUTDOWN_WAIT_MS} for the run to stop.
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

  /** What came out. */
  public record Outcome(RunRecord record, List<ScenarioCheck.Result> results, Path outputBag, Path report,
                        long messages, String summary, boolean stoppedBySignal) {
    public boolean passed() {
      return results.stream().allMatch(ScenarioCheck.Result::passed);
    }
  }

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
    Scenario scenario = o.scenario().map(Scenario::load).orElse(null);
    Files.createDirectories(o.outDir());
    Path outBag = o.outDir().resolve("bag");
    if (Files.exists(outBag)) {
      throw new IOException("output bag " + outBag + " already exists; choose another --out");
    }
    Function<String, String> resolve = n -> RosNames.resolve(n, identity.namespace(), identity.name(), args.remaps());
    InputErrorCounter errors = new InputErrorCounter();
    SimClock clock = new SimClock();
    RunRecord record = new RunRecord();
    long started = System.nanoTime();
    try (Bag bag = Bag.open(o.bag());
         RosbagWriter writer = RosbagWriter.create(outBag, RosbagWriterOptions.defaults());
         FastDdsTransport ros = o.publishRos() ? FastDdsTransport.fromEnvironment(identity, args) : null) {
      AtomicBoolean stopping = new AtomicBoolean();
      CountDownLatch stopped = new CountDownLatch(1);
      Thread onShutdown = closingOnShutdown(stopping, stopped, writer);
      TerminationSignals signals = TerminationSignals.handle(() -> stopping.set(true));
      try {
        return replay(o, scenario, bag, writer, ros, resolve, errors, clock, record, params, console, outBag, started,
            stopping);
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
    }
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

  private static Outcome replay(Options o, Scenario scenario, Bag bag, RosbagWriter writer, FastDdsTransport ros,
                                Function<String, String> resolve, InputErrorCounter errors, SimClock clock,
                                RunRecord record, ParameterSet params, PrintStream console, Path outBag, long started,
                                AtomicBoolean stopping)
      throws IOException, InterruptedException {
    long bagStart = bag.timeRange().map(r -> r.startNs()).orElse(0L);
    record.start(bagStart);
    MessageChannels channels = new BagChannels(writer, resolve, errors);
    if (ros != null) {
      channels = MessageChannels.both(channels, new RosChannels(ros));
    }
    MessageSink sink = new MessageSink(channels, clock, params.getString(NodeParameters.SPEAKER_FRAME),
        params.getString(NodeParameters.MICROPHONE_FRAME));
    ModelSettings modelSettings = ModelSettings.from(params);
    DuplexModel model = DuplexModel.open(o.modelDir(), EngineSet.standard(),
        modelSettings.runtimeOptions(o.greedy(), o.seed()));
    Consumer<OutputEvent> printer = new ConsolePrinter(console, bagStart);
    long messages;
    String summary;
    try (ConversationPipeline pipeline = ConversationPipeline.start(PipelineSettings.from(params).forReplay(),
        modelSettings.processor(model), sink, record, clock, printer)) {
      RosSource.Options sourceOptions = RosSource.Options.from(params);
      BagSource source = new BagSource(bag, pipeline.input(), sourceOptions, resolve, errors);
      if (source.inputs().isEmpty()) {
        throw new IOException("the bag has none of the node's input topics (" + resolve.apply("camera/image_raw")
            + ", " + resolve.apply("audio/in") + ", ...): remap them with --ros-args -r");
      }
      for (var input : source.inputs().entrySet()) {
        TopicInfo t = bag.topic(input.getKey()).orElseThrow();
        writer.addTopic(t, bag.definition(t.type()).orElse(
            new org.duplexnode.bag.MessageDefinition(t.type(), "ros2msg", "")));
      }
      ProgressLine progress = new ProgressLine(System.err);
      long[] fed = {0};
      try {
        source.replay(o.rate(), clock::update, (index, total, logTimeNs) -> {
          fed[0] = index;
          if (stopping.get()) {
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
        console.println("stopping after " + fed[0] + " messages: shutdown requested");
      }
      messages = fed[0];
      pipeline.finishInput();
      progress.done();
      summary = pipeline.summary() + "; " + errors.total() + " messages rejected";
    }
    for (String warning : bag.warnings()) {
      console.println("bag warning: " + warning);
    }
    bag.losses().forEach(loss -> record.bagLoss(loss.describe()));
    List<ScenarioCheck.Result> results = new ArrayList<>();
    if (scenario != null) {
      results.addAll(ScenarioCheck.evaluate(scenario, record));
      results.add(ScenarioCheck.bagReadWhole(record, o.allowDamagedBag()));
    }
    Path report = o.outDir().resolve("report.html");
    HtmlReport.write(report, o.title(), record, results);
    if (scenario != null) {
      JUnitXml.write(o.outDir().resolve("junit.xml"), scenario.name(), results, (System.nanoTime() - started) / 1e9);
    }
    return new Outcome(record, results, outBag, report, messages, summary, stopping.get());
  }

  /** A one-line progress bar on stderr, redrawn at most ten times a second. */
  static final class ProgressLine {
    private final PrintStream err;
    private long lastDraw;

    ProgressLine(PrintStream err) {
      this.err = err;
    }

    void at(long index, long total, long logTimeNs) {
      if (System.console() == null) {
        return; // not a terminal (CI logs): the per-unit lines say enough
      }
      long now = System.nanoTime();
      if (now - lastDraw < 100_000_000L && index < total) {
        return;
      }
      lastDraw = now;
      int width = 30;
      int filled = total == 0 ? width : (int) (width * index / total);
      err.printf(Locale.ROOT, "\r[%s%s] %d/%d messages", "#".repeat(filled), " ".repeat(width - filled), index, total);
    }

    void done() {
      if (System.console() != null) {
        err.println();
      }
    }
  }
}
