package org.duplexnode.node;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.duplexnode.ingest.echo.EchoPath;
import org.duplexnode.pipeline.ConversationPipeline;
import org.duplexnode.pipeline.PipelineSettings;
import org.duplexnode.pipeline.UnitProcessor;
import org.duplexnode.ports.ConversationHealth;
import org.duplexnode.ports.IngestHealth;
import org.duplexnode.ports.InputPort;
import org.duplexnode.ports.NodeClock;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.RunLog;

/**
 * The one place the node is put together, for {@code run}, {@code replay} and {@code demo} alike:
 * the core (ingest, session, model, outputs), its threads ({@link NodeThreads}) and the output
 * fan-out to the adapters. A live run and a replay differ only in the clock, the adapters and
 * what a full ingest queue does ({@link Mode}):
 *
 * <pre>
 *  transport threads ─▶ IngestQueue ─▶ [ingest] IngestStage ─▶ UnitQueue ─▶ [model] ModelWorker
 *                                                                                 │
 *  adapters (ROS 2, bag, MQTT, speaker, console, record) ◀── [outputs] OutputQueue ◀┘
 * </pre>
 */
public final class NodeAssembly implements AutoCloseable {
  /** Audio messages and frames waiting for the ingest thread, at most. */
  static final int INGEST_CAPACITY = 512;
  /** Their payload bytes, at most: about 10 full-HD raw frames. */
  static final long INGEST_BYTES = 64L << 20;
  /** Output events waiting for the outputs thread, at most (the model waits beyond). */
  static final int OUTPUT_CAPACITY = 1024;

  /** Live: input never waits (a full queue drops, counted). Replay: input waits, nothing is lost. */
  public enum Mode { LIVE, REPLAY }

  private final ConversationPipeline pipeline;
  private final IngestQueue input;
  private final OutputQueue outputs;
  private final SpeechTimings timings;

  private NodeAssembly(ConversationPipeline pipeline, IngestQueue input, OutputQueue outputs, SpeechTimings timings) {
    this.pipeline = pipeline;
    this.timings = timings;
    this.input = input;
    this.outputs = outputs;
  }

  /**
   * Starts the core on its threads. Every output event goes to each of {@code adapters} in their
   * order on the outputs thread, and to {@code record} when one is given (which also gets each
   * unit and force-listen).
   */
  public static NodeAssembly start(Mode mode, PipelineSettings settings, UnitProcessor model, NodeClock clock,
                                   List<OutputPort> adapters, RunLog record, NodeThreads threads) {
    return start(mode, settings, model, clock, adapters, record, threads, EchoPath.none());
  }

  /** As above, with the node's own speech coming back from a local speaker through {@code echo}. */
  public static NodeAssembly start(Mode mode, PipelineSettings settings, UnitProcessor model, NodeClock clock,
                                   List<OutputPort> adapters, RunLog record, NodeThreads threads, EchoPath echo) {
    SpeechTimings timings = new SpeechTimings(clock::nowNanos);
    List<OutputPort> all = new java.util.ArrayList<>(adapters);
    all.add(timings); // last: it times what every adapter has sent
    OutputQueue outputs = new OutputQueue(all, OUTPUT_CAPACITY, threads.named(NodeThreads.OUTPUTS));
    ConversationPipeline pipeline = ConversationPipeline.start(mode == Mode.REPLAY ? settings.forReplay() : settings,
        model, outputs, record, clock, threads.named(NodeThreads.MODEL), echo);
    IngestQueue input = new IngestQueue(pipeline.input(), INGEST_CAPACITY, INGEST_BYTES,
        mode == Mode.LIVE ? IngestQueue.WhenFull.DROP : IngestQueue.WhenFull.WAIT, threads.named(NodeThreads.INGEST),
        timings::interruptAsked);
    return new NodeAssembly(pipeline, input, outputs, timings);
  }

  /** Where every transport delivers its input (any thread; returns at once when live). */
  public InputPort input() {
    return input;
  }

  /** End of input: ingests what is queued, lets the model finish every unit, and publishes every output. */
  public void finishInput() throws InterruptedException {
    input.finish();
    pipeline.finishInput();
    outputs.finish();
  }

  /**
   * As {@link #finishInput()}, waiting at most {@code timeoutMs} for the model; false when it is
   * still on a unit (it is then abandoned: see {@link ConversationPipeline#finishInput(long)}).
   */
  public boolean finishInput(long timeoutMs) throws InterruptedException {
    long until = System.nanoTime() + timeoutMs * 1_000_000;
    input.finish(timeoutMs);
    boolean finished = pipeline.finishInput(Math.max(1, (until - System.nanoTime()) / 1_000_000));
    if (finished) {
      outputs.finish();
    }
    return finished;
  }

  /** Takes no more input (a stop was asked for); what is queued still runs. */
  public void stopInput() {
    input.stopTaking();
    pipeline.stopInput();
  }

  /** The core's health, with time to first speech and barge-in stop time as published. */
  public ConversationHealth health() {
    return timings.applyTo(pipeline.health());
  }

  /** Whether the node is muted and the behaviours' commands answered so far (for /diagnostics); any thread. */
  public org.duplexnode.ports.ControlHealth controlHealth() {
    return pipeline.controlHealth();
  }

  /** What ingest rejected, with what never reached it (a full queue, a failed record). */
  public IngestHealth ingestHealth() {
    return pipeline.ingestHealth().plusRejected(input.notIngested());
  }

  public Optional<String> modelFailure() {
    return pipeline.modelFailure();
  }

  /** Calls {@code action} with the reason once the model has failed for good, on the model thread. */
  public void whenModelFails(Consumer<String> action) {
    pipeline.whenModelFails(action);
  }

  public String summary() {
    long notIngested = input.notIngested().values().stream().mapToLong(Long::longValue).sum();
    return pipeline.summary() + (notIngested == 0 ? "" : "; not ingested " + input.notIngested())
        + (outputs.failedEvents() == 0 ? "" : "; outputs failed " + outputs.failedEvents());
  }

  @Override
  public void close() {
    try {
      input.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pipeline.close();
    try {
      outputs.finish();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
