package org.duplexnode.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.duplexnode.ingest.image.ImageIngest;
import org.duplexnode.ingest.image.ModelImage;
import org.duplexnode.logging.RateLimitedLog;
import org.duplexnode.outputs.OutputComposer;
import org.duplexnode.outputs.UnitOutcome;
import org.duplexnode.outputs.WatchBook;
import org.duplexnode.ports.CameraFrame;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.ConversationControl;
import org.duplexnode.ports.OutputEvent;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.RawCompressedImage;
import org.duplexnode.ports.RawImage;
import org.duplexnode.ports.RunLog;
import org.duplexnode.ports.StateUpdate;
import org.duplexnode.ports.UnitRecord;
import org.duplexnode.session.SessionUnit;
import org.duplexnode.session.Stamped;
import org.duplexnode.session.UnitQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model thread: takes units off the queue, converts the unit's frame, applies pending watch
 * requests, runs the model, and hands the outcome to the outputs stage and the sinks. A muted
 * unit ({@link MuteDesk}) still runs (its audio is silence; the model's cache goes on) but its
 * outcome is listening, with nothing said.
 *
 * <p>Failure (docs/reliability.md, "When the model dies"): a unit whose model run throws is
 * skipped, counted and logged (once per kind of exception every 10 s); the state topic shows it
 * through {@code droppedUnits}, /diagnostics turns ERROR with the reason; watches whose instruction
 * that unit was to give the model are dropped from the watch list (the model never read them);
 * the next unit runs as usual. A unit that runs past the unit time limit cannot be interrupted
 * (the model's state is mid-update), so it is reported instead: while it runs, {@link #health()}
 * says how long the model has been stuck (/diagnostics ERROR), and when it returns its output is
 * discarded (stale by then) and the unit counted as failed and timed out. Meanwhile the live
 * queue drops its oldest units, so input never piles up behind a stuck model. When
 * {@code maxFailedUnits} units fail in a row, or the model cannot start its session, or anything
 * else escapes the loop, the model has failed for good: the thread ends, the queue is closed (a
 * replay's blocked source goes on and sees it) and {@link #failure()} completes with the reason,
 * for the command to stop and exit.
 *
 * <p>Watches: requests are applied and answered as they arrive ({@link CommandDesk}); each unit
 * gives the model the watches armed for it ({@link WatchBook#armedAt}), once the model's session
 * has told the desk its watch budget ({@link UnitProcessor#textBudgetTokens()}).
 */
final class ModelWorker implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelWorker.class);
  private final RateLimitedLog unitErrors = RateLimitedLog.errors(LOG);
  private final RateLimitedLog watchWarnings = RateLimitedLog.warnings(LOG);
  private final CompletableFuture<String> failure = new CompletableFuture<>();
  private final int maxFailedUnits;
  private long failedInARow;
  private volatile String lastFailure = "";
  private volatile String modelFailure = "";
  /** Watches first armed for the current unit: it carries their instructions to the model. */
  private final List<String> undelivered = new ArrayList<>();
  private final CommandDesk desk;
  private final ContextNotes notes;
  private static final long IDLE_POLL_MS = 100;
  /** Says and resets from the ingest thread, with the input time they arrived at. */
  private final java.util.Queue<StampedControl> controls = new java.util.concurrent.ConcurrentLinkedQueue<>();
  /** Texts to say once the unit that cuts the utterance in progress has run. */
  private final List<String> sayAfterUnit = new ArrayList<>();
  private boolean forceNextUnit;
  private long lastUnitEndNs = Long.MIN_VALUE;

  private record StampedControl(ConversationControl control, long stampNs, long applyFromNs) {}

  private final UnitQueue<SessionUnit<CameraFrame>> queue;
  private final UnitProcessor model;
  private final ImageIngest images;
  private final OutputComposer composer;
  private final WatchBook watches;
  /** The watches and instructions the model was last told are armed. */
  private List<String> armedIds = List.of();
  private List<String> armedInstructions = List.of();
  private final OutputPort out;
  private final RunLog record;
  private final AtomicBoolean speaking;
  private final java.util.function.LongSupplier droppedFrames;
  private final java.util.function.LongSupplier inputErrors;
  private final long unitTimeoutNs;
  private volatile long runningSinceNs = -1;
  private long failedUnits;
  private long timedOutUnits;
  private volatile long units;
  private long overBudget;
  private double maxComputeS;
  private volatile org.duplexnode.ports.ConversationHealth health = org.duplexnode.ports.ConversationHealth.initial();

  ModelWorker(UnitQueue<SessionUnit<CameraFrame>> queue, UnitProcessor model, ImageIngest images,
              OutputComposer composer, WatchBook watches, ContextNotes notes, OutputPort out, RunLog record,
              AtomicBoolean speaking, java.util.function.LongSupplier droppedFrames,
              java.util.function.LongSupplier inputErrors,
              double unitTimeoutS, int maxFailedUnits) {
    if (maxFailedUnits < 1) {
      throw new IllegalArgumentException("maxFailedUnits must be at least 1, got " + maxFailedUnits);
    }
    this.maxFailedUnits = maxFailedUnits;
    this.unitTimeoutNs = (long) (unitTimeoutS * 1e9);
    this.queue = queue;
    this.model = model;
    this.images = images;
    this.composer = composer;
    this.watches = watches;
    this.notes = notes;
    this.desk = new CommandDesk(watches, notes, model::textTokens, model.speaksText(), this::control, out);
    this.out = out;
    this.record = record;
    this.speaking = speaking;
    this.droppedFrames = droppedFrames;
    this.inputErrors = inputErrors;
  }

  /** The desk that takes commands on the ingest thread. */
  CommandDesk desk() {
    return desk;
  }

  /**
   * A say or reset, from the ingest thread: applied before the first unit that ends at or after
   * {@code applyFromNs} (at once when that is {@link Long#MIN_VALUE}: before any input time).
   */
  private void control(ConversationControl c, long stampNs, long applyFromNs) {
    controls.add(new StampedControl(c, stampNs, applyFromNs));
  }

  long units() {
    return units;
  }

  /** The last unit's figures, marked stuck when the model has been on the current unit past the limit. */
  org.duplexnode.ports.ConversationHealth health() {
    long since = runningSinceNs;
    org.duplexnode.ports.ConversationHealth h = health;
    if (since >= 0) {
      long running = System.nanoTime() - since;
      if (running > unitTimeoutNs) {
        return h.stuckFor(running / 1e9);
      }
    }
    return h;
  }

  /** Read from the published health, so a caller that sees the count sees that unit's figures. */
  long failedUnits() {
    return health.failedUnits();
  }

  /** Completes with the reason when the model has failed for good; never completes while it runs. */
  CompletableFuture<String> failure() {
    return failure;
  }

  @Override
  public void run() {
    try {
      try {
        model.prepare();
        desk.budgetKnown(model.textBudgetTokens());
      } catch (RuntimeException | Error e) {
        fail("the model could not start its session: " + e);
        return;
      }
      while (true) {
        SessionUnit<CameraFrame> unit;
        try {
          // Not a plain take: with no unit coming (no audio yet), says and resets still apply.
          unit = queue.poll(IDLE_POLL_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (unit == null) {
          if (queue.drained()) {
            return; // queue closed and drained
          }
          applyControls(lastUnitEndNs);
          continue;
        }
        step(unit);
        if (failedInARow >= maxFailedUnits) {
          fail(failedInARow + " units in a row failed in the model (model.max_failed_units); the last: "
              + lastFailure);
          return;
        }
      }
    } catch (RuntimeException | Error e) {
      fail("the model thread failed: " + e);
    } finally {
      unitErrors.flush();
      watchWarnings.flush();
      desk.flushWarnings();
    }
  }

  /** The model has failed for good: reports it, and closes the queue so that no source waits on it. */
  private void fail(String reason) {
    LOG.error("the model failed and the conversation stops: {}", reason);
    modelFailure = reason;
    health = healthAfterFailure();
    queue.close();
    failure.complete(reason);
  }

  private void step(SessionUnit<CameraFrame> unit) {
    applyControls(unit.audio().endNanos());
    if (watches.anchor(unit.audio().endNanos()) | watches.expire(unit.audio().endNanos())) {
      watches.sendList(unit.audio().endNanos(), out);
    }
    armWatches(unit.audio().endNanos());
    Stamped<CameraFrame> picked = unit.frame();
    ModelImage frame = picked == null ? null : convert(picked.value());
    long t0 = System.nanoTime();
    UnitProcessor.Processed p;
    runningSinceNs = t0;
    try {
      boolean cut = forceNextUnit;
      forceNextUnit = false;
      p = model.process(unit.audio(), frame, unit.forceListen() || cut);
    } catch (RuntimeException e) {
      failedUnits++;
      failedInARow++;
      lastFailure = e.toString();
      unitErrors.log("unit failed: " + e.getClass().getName(), "unit " + unit.audio().index()
          + " failed in the model and is skipped: " + e);
      dropUndeliveredWatches(unit.audio().endNanos());
      health = healthAfterFailure();
      return;
    } finally {
      runningSinceNs = -1;
    }
    undelivered.clear();
    lastUnitEndNs = unit.audio().endNanos();
    sayAfterUnit.forEach(model::say); // the utterance they cut is closed now
    sayAfterUnit.clear();
    long computeNs = System.nanoTime() - t0;
    if (computeNs > unitTimeoutNs) {
      failedUnits++;
      failedInARow++;
      timedOutUnits++;
      lastFailure = String.format(java.util.Locale.ROOT, "unit %d took %.1f s in the model, over the %.1f s limit",
          unit.audio().index(), computeNs / 1e9, unitTimeoutNs / 1e9);
      unitErrors.log("unit timed out", lastFailure + "; its output is discarded");
      health = healthAfterFailure();
      return;
    }
    failedInARow = 0;
    if (unit.muted()) {
      p = muted(p);
    }
    UnitOutcome outcome = new UnitOutcome(unit.audio().index(), unit.audio().startNanos(), unit.audio().endNanos(),
        frame == null ? -1 : frame.stampNanos(), frame == null ? "" : frame.frameId(), p.listening(), p.text(),
        p.speech(), p.endOfTurn(), p.forcedListen() || unit.forceListen(), computeNs, queue.size(), p.cacheTokens());
    var watchesBefore = watches.active();
    if (model.lastUnitSaid()) {
      composer.nextUnitIsSaid();
    }
    List<OutputEvent> events = composer.compose(outcome);
    boolean watchFired = !watchesBefore.equals(watches.active());
    speaking.set(composer.speaking());
    long dropped = queue.droppedOldest() + failedUnits;
    StateUpdate state = new StateUpdate(unit.audio().endNanos(), composer.speaking(), outcome.unitIndex(),
        composer.currentUtteranceId(), computeNs / 1e9, 1.0, queue.size(), dropped, droppedFrames.getAsLong(),
        inputErrors.getAsLong(), p.cacheTokens(), unit.muted());
    double computeS = computeNs / 1e9;
    maxComputeS = Math.max(maxComputeS, computeS);
    if (computeS > 1.0) {
      overBudget++;
    }
    health = new org.duplexnode.ports.ConversationHealth(units + 1, computeS, maxComputeS, overBudget, 1.0, queue.size(),
        queue.droppedOldest(), failedUnits, p.cacheTokens(), composer.speaking(), -1, -1,
        timedOutUnits, 0, unitTimeoutNs / 1e9, 0, lastFailure, modelFailure, desk.refused());
    units++; // after health: a caller that sees the count sees this unit's figures
    for (OutputEvent e : events) {
      e.sendTo(out);
    }
    if (watchFired) {
      watches.sendList(unit.audio().endNanos(), out);
    }
    out.state(state);
    if (record != null) {
      record.unit(new UnitRecord(outcome.unitIndex(), outcome.audioStartNs(), outcome.audioEndNs(), !p.listening()
          && (!p.text().isEmpty() || p.speech().length > 0), p.text(), computeNs / 1e9, 1.0, queue.size(), dropped,
          frame != null, UnitRecord.dbfs(unit.audio().samples(), unit.audio().leadingPadSamples(),
          unit.audio().samples().length - unit.audio().trailingPadSamples())));
    }
  }

  /**
   * What a muted unit says: nothing. The model was made to listen, but whatever it made of the
   * unit is not published; marked force-listen so that an utterance in progress ends here.
   */
  private static UnitProcessor.Processed muted(UnitProcessor.Processed p) {
    return new UnitProcessor.Processed(true, true, "", new float[0], false, p.cacheTokens());
  }

  private org.duplexnode.ports.ConversationHealth healthAfterFailure() {
    var h = health;
    return new org.duplexnode.ports.ConversationHealth(units, h.lastComputeS(), h.maxComputeS(), h.overBudgetUnits(),
        h.budgetS(), queue.size(), queue.droppedOldest(), failedUnits, h.cacheTokens(), h.speaking(),
        -1, -1, timedOutUnits, 0, unitTimeoutNs / 1e9, failedInARow, lastFailure,
        modelFailure, desk.refused());
  }

  /**
   * A failed unit may have failed before the model took the armed set it was to carry: the
   * watches added for it are not armed, so the list says so (and the next unit re-arms without them).
   */
  private void dropUndeliveredWatches(long nowNs) {
    boolean changed = false;
    for (String id : undelivered) {
      if (watches.remove(id)) {
        changed = true;
        armedIds = armedIds.stream().filter(a -> !a.equals(id)).toList();
        watchWarnings.log("watch dropped", "watch '" + id + "' dropped: the unit that was to give it to the model "
            + "failed");
      }
    }
    undelivered.clear();
    if (changed) {
      watches.sendList(nowNs, out);
    }
  }

  private ModelImage convert(CameraFrame f) {
    if (f instanceof RawImage r) {
      return images.modelImage(r).orElse(null);
    }
    return images.modelImage((RawCompressedImage) f).orElse(null);
  }

  /**
   * Tells the model the set armed for the unit ending at {@code unitEndNs} when it changed since
   * the last unit (added, removed, expired, fired once, dropped with a failed unit), so that the
   * model holds exactly the armed watches; remembers which ones this unit is first to carry.
   */
  private void armWatches(long unitEndNs) {
    var armed = watches.armedAt(unitEndNs);
    List<String> ids = armed.stream().map(org.duplexnode.ports.Watch::id).toList();
    undelivered.clear();
    ids.stream().filter(id -> !armedIds.contains(id)).forEach(undelivered::add);
    armedIds = ids;
    List<String> instructions = new ArrayList<>(notes.armedAt(unitEndNs));
    armed.stream().map(w -> watches.instructionFor(w.condition())).forEach(instructions::add);
    if (!instructions.equals(armedInstructions)) {
      model.armWatches(instructions);
      armedInstructions = instructions;
    }
  }

  /**
   * Applies the says and resets that arrived by input time {@code boundaryNs} (all of them before
   * any input time), in order: at a unit boundary, or when idle with no unit coming. A say that
   * cuts the utterance in progress makes the next unit a forced listen (the utterance closes as
   * interrupted) and is queued after it; a reset starts the conversation again at once.
   */
  private void applyControls(long boundaryNs) {
    while (!controls.isEmpty()) {
      StampedControl next = controls.peek();
      if (next.applyFromNs() != Long.MIN_VALUE && next.applyFromNs() > boundaryNs) {
        return; // later input than this boundary: a later unit applies it
      }
      controls.poll();
      if (next.control() instanceof ConversationControl.Say say) {
        if (say.interrupt() && composer.speaking()) {
          forceNextUnit = true;
          sayAfterUnit.add(say.text());
        } else {
          model.say(say.text());
        }
      } else if (next.control() instanceof ConversationControl.Reset reset) {
        reset(reset, next.stampNs());
      }
    }
  }

  private void reset(ConversationControl.Reset r, long stampNs) {
    model.reset();
    sayAfterUnit.clear();
    forceNextUnit = composer.speaking(); // the next unit closes the utterance the reset cut
    String kept = "";
    if (!r.keepWatches()) {
      if (watches.clear()) {
        watches.sendList(stampNs, out);
      }
      kept += "watches cleared";
    } else {
      kept += "watches kept";
    }
    if (!r.keepContext()) {
      notes.clear(Long.MIN_VALUE);
      kept += ", context cleared";
    } else {
      kept += ", context kept";
    }
    out.reply(CommandReply.accepted(stampNs, r.requestId(), r.command(), "new conversation: " + kept));
  }
}
