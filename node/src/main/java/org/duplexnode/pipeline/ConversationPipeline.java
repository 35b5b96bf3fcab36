package org.duplexnode.pipeline;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.ingest.AudioTee;
import org.duplexnode.ingest.MicrophoneMute;
import org.duplexnode.ingest.SelfVoiceGate;
import org.duplexnode.ingest.audio.AudioIngest;
import org.duplexnode.ingest.audio.AudioIngestConfig;
import org.duplexnode.ingest.echo.EchoPath;
import org.duplexnode.ingest.image.ImageIngest;
import org.duplexnode.ingest.vad.SileroVad;
import org.duplexnode.ingest.vad.SpeechTimeline;
import org.duplexnode.ingest.vad.VoiceActivity;
import org.duplexnode.outputs.OutputComposer;
import org.duplexnode.outputs.WatchBook;
import org.duplexnode.ports.CameraFrame;
import org.duplexnode.ports.InputPort;
import org.duplexnode.ports.NodeClock;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.RunLog;
import org.duplexnode.session.FrameSlot;
import org.duplexnode.session.SessionUnit;
import org.duplexnode.session.UnitAssembler;
import org.duplexnode.session.UnitDispatcher;
import org.duplexnode.session.UnitQueue;
import org.duplexnode.session.UnitSchedule;

/**
 * The core's stages wired once, shared by the live node, the replay and the demo:
 *
 * <pre>
 *  input port ─▶ IngestStage ─▶ AudioIngest ─▶ EchoCancelStage ─▶ MicrophoneMute ─▶ SelfVoiceGate ─▶ AudioTee ─┬▶ UnitAssembler ─▶ UnitDispatcher ─▶ UnitQueue
 *               │                    (local speaker: FarEndReference ─┘ and ─▶ SelfVoiceGate)               └▶ VoiceActivity (Silero) ─▶ SpeechTimeline, ~/user_speech
 *               ├─ mute ─▶ MuteDesk (MicrophoneMute, UnitDispatcher; answered at once)
 *               └─ frames ─▶ FrameSlot (raw; the picked one is converted on the model thread)
 *
 *  model thread: UnitQueue ─▶ ModelWorker ─▶ UnitProcessor (MiniCPM-o) ─▶ OutputComposer ─▶ output port
 * </pre>
 *
 * The caller's thread ingests (the assembly's ingest thread); the model runs on its own thread.
 * The unit queue drops the oldest unit when live and blocks ingest when replaying.
 */
public final class ConversationPipeline implements AutoCloseable {
  private final IngestStage ingest;
  private final UnitQueue<SessionUnit<CameraFrame>> queue;
  private final ModelWorker worker;
  private final Thread modelThread;
  private final UnitProcessor model;
  private final SileroVad vad;
  private final AudioIngest audio;
  private final ImageIngest images;
  private final MuteDesk mute;
  private final CommandTally commands;
  private volatile boolean abandoned;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConversationPipeline.class);

  private ConversationPipeline(IngestStage ingest, UnitQueue<SessionUnit<CameraFrame>> queue, ModelWorker worker,
                               Thread modelThread, UnitProcessor model, SileroVad vad, AudioIngest audio,
                               ImageIngest images, MuteDesk mute, CommandTally commands) {
    this.ingest = ingest;
    this.queue = queue;
    this.worker = worker;
    this.model = model;
    this.vad = vad;
    this.audio = audio;
    this.images = images;
    this.modelThread = modelThread;
    this.mute = mute;
    this.commands = commands;
  }

  /** Assembles the stages and starts the model on a thread of its own named "model". */
  public static ConversationPipeline start(PipelineSettings s, UnitProcessor model, OutputPort out,
                                           RunLog record, NodeClock clock) {
    return start(s, model, out, record, clock, r -> new Thread(r, "model"));
  }

  /**
   * Assembles the stages and starts the model on a thread from {@code modelThread}. Every output
   * goes to {@code out}, and to {@code record} when one is given, which also gets each processed
   * unit and force-listen.
   */
  public static ConversationPipeline start(PipelineSettings s, UnitProcessor model, OutputPort out,
                                           RunLog record, NodeClock clock, ThreadFactory modelThread) {
    return start(s, model, out, record, clock, modelThread, EchoPath.none());
  }

  /**
   * As above, with the node's own speech coming back through {@code echo}: its canceller (if any)
   * first on the microphone, and the self-voice gate following what the local speaker played.
   */
  public static ConversationPipeline start(PipelineSettings s, UnitProcessor model, OutputPort out,
                                           RunLog record, NodeClock clock, ThreadFactory modelThread,
                                           EchoPath echo) {
    UnitQueue<SessionUnit<CameraFrame>> queue = new UnitQueue<>(s.queueCapacity(), s.queuePolicy());
    FrameSlot<CameraFrame> frames = FrameSlot.withDefaults();
    UnitDispatcher<CameraFrame> dispatcher = new UnitDispatcher<>(frames, (long) (s.maxFrameAgeS() * 1e9), queue);
    SileroVad vad = SileroVad.bundled(new OnnxRuntimeEngine(OnnxRuntimeEngine.Provider.CPU, 1));
    SpeechTimeline userSpeech = SpeechTimeline.standard();
    AtomicBoolean speaking = new AtomicBoolean();
    CommandTally commands = new CommandTally();
    // Counted before it is published: whoever has a reply finds it counted.
    BargeInNotice bargeIn = new BargeInNotice(echo::heardUntilNanos, echo::farEndHeardUntilNanos);
    OutputPort outputs = OutputPort.fanOut(OutputPort.ofEach(commands), OutputPort.ofEach(bargeIn::seen),
        record == null ? out : OutputPort.fanOut(out, record));
    bargeIn.sendTo(outputs);
    // The model hears the residual echo suppressed; the voice detector, the canceller's output.
    AudioTee tee = new AudioTee(echo.forModel(new UnitAssembler(UnitSchedule.MINICPM_O_45, dispatcher)),
        new VoiceActivity(vad, userSpeech, outputs::userSpeech, echo.voiceOnsets(bargeIn)));
    MicrophoneMute microphone = new MicrophoneMute(
        new SelfVoiceGate(tee, s.selfVoice(), s.selfVoiceAttenuationDb(), speaking, echo::heardUntilNanos));
    AudioIngest audio = new AudioIngest(AudioIngestConfig.defaults(), echo.wrap(microphone));
    ImageIngest images = new ImageIngest();
    WatchBook watches = new WatchBook(s.watchLanguage());
    OutputComposer composer = new OutputComposer(userSpeech, watches, s.kinds(), s.proactiveWindowS(), clock::nowNanos);
    MuteDesk mute = new MuteDesk(microphone, dispatcher, outputs);
    ModelWorker worker = new ModelWorker(queue, model, images, composer, watches, new ContextNotes(), outputs, record,
        speaking,
        frames::outOfOrderFrames, () -> audio.counters().rejectedTotal() + images.rejectionCounts().values().stream()
            .mapToLong(Long::longValue).sum(), s.unitTimeoutS(), s.maxFailedUnits());
    IngestStage ingest = new IngestStage(audio, frames, dispatcher, worker.desk(), outputs, clock::nowNanos,
        t -> { if (record != null) { record.forceListen(t); } }, mute, echo::farEnd);
    ConversationPipeline p = new ConversationPipeline(ingest, queue, worker, modelThread.newThread(worker), model, vad,
        audio, images, mute, commands);
    p.modelThread.start();
    return p;
  }

  /** Where a source delivers its input. */
  public InputPort input() {
    return ingest;
  }

  /** End of input: completes the last unit, lets the model finish every queued unit, and waits for it. */
  public void finishInput() throws InterruptedException {
    ingest.finish();
    queue.close();
    modelThread.join();
  }

  /**
   * What the ingest rejected, by input ("audio" or "image") and reason, and the gaps in the audio
   * stream (for /diagnostics); any thread.
   */
  public org.duplexnode.ports.IngestHealth ingestHealth() {
    return org.duplexnode.ingest.IngestHealthCount.of(audio.counters(), images.rejectionCounts());
  }

  /**
   * As {@link #finishInput()}, waiting at most {@code timeoutMs} for the model (a stop must not
   * wait on a model stuck in a unit). Returns false when the model is still on a unit: it is then
   * abandoned, and {@link #close()} neither waits for it nor closes the model under it.
   */
  public boolean finishInput(long timeoutMs) throws InterruptedException {
    ingest.finish();
    queue.close();
    modelThread.join(Math.max(1, timeoutMs));
    abandoned = modelThread.isAlive();
    return !abandoned;
  }

  /** Whether the node is muted and the commands answered, by command (for /diagnostics); any thread. */
  public org.duplexnode.ports.ControlHealth controlHealth() {
    return new org.duplexnode.ports.ControlHealth(mute.muted(), commands.accepted(), commands.refused());
  }

  /** How the conversation is keeping up (for /diagnostics); any thread. */
  public org.duplexnode.ports.ConversationHealth health() {
    return worker.health();
  }

  /** Why the model has failed for good (its thread has ended; see {@link ModelWorker}); empty while it runs. */
  public java.util.Optional<String> modelFailure() {
    return java.util.Optional.ofNullable(worker.failure().getNow(null));
  }

  /** Calls {@code action} with the reason once the model has failed for good (at once if it has), on the model thread. */
  public void whenModelFails(java.util.function.Consumer<String> action) {
    worker.failure().thenAccept(action);
  }

  /**
   * Takes no more units (a stop was asked for): a source blocked on a full queue goes on, and the
   * model finishes the units already queued.
   */
  public void stopInput() {
    queue.close();
  }

  public long unitsProcessed() {
    return worker.units();
  }

  public long unitsFailed() {
    return worker.failedUnits();
  }

  public long unitsDropped() {
    return queue.droppedOldest();
  }

  public String summary() {
    return worker.units() + " units processed, " + queue.droppedOldest() + " dropped, " + worker.failedUnits()
        + " failed; audio messages " + audio.counters().acceptedMessages() + " accepted, "
        + audio.counters().rejectedTotal() + " rejected; frames " + images.acceptedCount() + " converted, "
        + ReasonCounts.format(images.rejectionCounts(), "rejected");
  }

  @Override
  public void close() {
    queue.close();
    if (!abandoned) {
      modelThread.interrupt();
      try {
        modelThread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (modelThread.isAlive()) {
      // Closing the model's graphs under a running unit can crash in native code; the process is ending.
      LOG.error("the model thread is still on a unit; the model is left open");
    } else {
      model.close();
    }
    vad.close();
  }
}
