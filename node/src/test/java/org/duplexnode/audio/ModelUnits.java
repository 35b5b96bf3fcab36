package org.duplexnode.audio;

import java.util.function.ObjLongConsumer;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.StateUpdate;

/**
 * The model's units as a live node reports them to its local speaker, for a {@link BargeInRun}
 * whose robot says one utterance (id 1): a unit's audio ends every second from
 * {@code firstUnitEndNs}, and its state reaches the speaker {@code computeNs} later. The model here
 * is an oracle, not a model: it goes on speaking until a unit has heard
 * {@value SpeakerBargeIn#MODEL_HEARS_MS} ms of the user's voice (from {@code userOnsetNs}; none
 * with {@link Long#MAX_VALUE}), then ends the utterance and listens. What a bench measures with it
 * is what the speaker does with the model's word and when, not what a real model would decide.
 * It also counts how long the speaker held a stopped utterance silent.
 */
public final class ModelUnits implements ObjLongConsumer<LocalSpeaker> {
  private static final long UNIT_NS = 1_000_000_000L;
  private final long computeNs;
  private final long userOnsetNs;
  private final ObjLongConsumer<LocalSpeaker> then;
  private long nextEndNs;
  private long unitIndex;
  private boolean ended;
  private long lastBlockNs = -1;
  private long silencedNs;
  private LocalSpeaker speaker;

  /** A bench's {@code model=COMPUTE_MS} argument: the model's compute per unit (ms), -1 without one (no model). */
  public static long computeMs(String[] args) {
    return java.util.Arrays.stream(args).filter(a -> a.startsWith("model=")).findFirst()
        .map(a -> Long.parseLong(a.substring("model=".length()))).orElse(-1L);
  }

  /** Then hands each block's time on to {@code then} (a bench's clock for the robot's motion). */
  public ModelUnits(long firstUnitEndNs, long computeNs, long userOnsetNs, ObjLongConsumer<LocalSpeaker> then) {
    this.nextEndNs = firstUnitEndNs;
    this.computeNs = computeNs;
    this.userOnsetNs = userOnsetNs;
    this.then = then;
  }

  @Override
  public void accept(LocalSpeaker speaker, long nowNs) {
    if (lastBlockNs >= 0 && speaker.listening()) {
      silencedNs += nowNs - lastBlockNs;
    }
    lastBlockNs = nowNs;
    while (nextEndNs + computeNs <= nowNs) {
      report(speaker, nextEndNs);
      nextEndNs += UNIT_NS;
      unitIndex++;
    }
    this.speaker = speaker;
    then.accept(speaker, nowNs);
  }

  private void report(LocalSpeaker speaker, long endNs) {
    boolean heardTheUser = endNs - userOnsetNs >= SpeakerBargeIn.MODEL_HEARS_MS * 1_000_000L;
    if (heardTheUser && !ended) {
      ended = true;
      speaker.speech(new SpeechChunk(1, unitIndex, endNs, new short[0], false, true, false));
    }
    speaker.state(new StateUpdate(endNs, !ended, unitIndex, ended ? 0 : 1, computeNs / 1e9, 1.0, 0, 0, 0, 0, 0));
  }

  /** Stops the model's word held, over the run. */
  public long heldByModel() {
    return speaker == null ? 0 : speaker.heldByModel();
  }

  /** Listening stops held by the voice's pitch, over the run. */
  public long heldByPitch() {
    return speaker == null ? 0 : speaker.heldByPitch();
  }

  /** How long (simulated) the speaker held a stopped utterance silent while it listened, over the run. */
  public long silencedNs() {
    return silencedNs;
  }
}
